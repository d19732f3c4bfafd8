package io.eegrid.embedded;

import io.eegrid.contract.GridContractTest;
import io.eegrid.testing.GridSpec;
import io.eegrid.testing.TestGrid;

/**
 * The contract suite over real WebSockets: Tyrus server and client on 127.0.0.1. Links are paused
 * and stalled at the transport boundary ({@link FaultyLinks}); faults in the TCP byte stream (cuts,
 * resets, black holes, truncated frames, delay, throttling) are injected by {@link ChaosProxy} in
 * {@link ChaosRunTest}.
 */
class TyrusContractTest extends GridContractTest {
  @Override
  protected TestGrid newGrid(GridSpec spec) {
    return new TyrusTestGrid(spec);
  }
}
