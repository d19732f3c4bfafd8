package io.eegrid.mux;

import static org.assertj.core.api.Assertions.assertThat;

import io.eegrid.GridManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A built grid keeps the handlers it was built with, whatever happens to its builder later. */
@Timeout(10)
class BuilderIsolationTest {
  @Test
  void handlersAddedToTheBuilderAfterBuildDoNotReachTheBuiltGrid() {
    GridManager.Builder b =
        GridManager.builder()
            .localHost("a:1")
            .hosts(List.of("a:1", "b:1"))
            .secret("a long enough secret")
            .dialer((remote, headers, listener, timeout, max) -> null)
            .handler("early", (c, p) -> p);
    try (Grid grid = (Grid) b.build()) {
      // Without the copy at build, this registration went into the live grid unchecked.
      b.handler("late", (c, p) -> p);
      assertThat(grid.handlers.lookup("early", null)).isNotNull();
      assertThat(grid.handlers.lookup("late", null)).isNull();
      assertThat(grid.handlers.size()).isEqualTo(1);
    }
  }
}
