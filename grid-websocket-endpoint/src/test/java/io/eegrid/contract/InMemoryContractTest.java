package io.eegrid.contract;

import io.eegrid.testing.GridSpec;
import io.eegrid.testing.InMemoryTestGrid;
import io.eegrid.testing.TestGrid;

/** The contract suite over the in-memory transport (every fault can be injected). */
class InMemoryContractTest extends GridContractTest {
  @Override
  protected TestGrid newGrid(GridSpec spec) {
    return new InMemoryTestGrid(spec);
  }
}
