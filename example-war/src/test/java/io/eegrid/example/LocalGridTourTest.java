package io.eegrid.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.eegrid.embedded.LocalGrid;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's run command, as a test: three node processes on the embedded default run this
 * application (found by CDI discovery in target/classes), the launcher's tour over HTTP goes as
 * expected (including the 503 for a stopped owner), and every node exits with status 0.
 */
class LocalGridTourTest {
  @Test
  @Timeout(180)
  void exampleRunsOnALocalGridOfProcesses() throws Exception {
    assertThat(LocalGrid.run(3, 0, false, Path.of("target/classes"))).isTrue();
  }
}
