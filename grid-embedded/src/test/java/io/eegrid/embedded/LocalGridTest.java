package io.eegrid.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's run command, as a test: node processes on the embedded default run the demo
 * application against each other and exit with status 0 after a graceful stop.
 */
class LocalGridTest {
  @Test
  @Timeout(180)
  void nodeProcessesRunTheDemoAndStopCleanly() throws Exception {
    assertThat(LocalGrid.run(3, 2_000, false)).isTrue();
  }
}
