package io.eegrid.embedded;

import io.eegrid.contract.GridContractTest;
import io.eegrid.testing.GridSpec;
import io.eegrid.testing.TestGrid;

/**
 * The contract suite over real WebSockets: Tyrus server and client on 127.0.0.1. Tests that need to
 * pause or stall a link are skipped (the fault-injecting proxy is a later issue).
 */
class TyrusContractTest extends GridContractTest {
  @Override
  protected TestGrid newGrid(GridSpec spec) {
    return new TyrusTestGrid(spec);
  }
}
