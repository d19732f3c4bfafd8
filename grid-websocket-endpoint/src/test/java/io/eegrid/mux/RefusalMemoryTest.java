package io.eegrid.mux;

import static org.assertj.core.api.Assertions.assertThat;

import io.eegrid.GridConfig;
import io.eegrid.GridManager;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The node remembers the last refusal reason per peer (to log repeats at FINE), but a refused
 * upgrade names its host in an unauthenticated header: names outside the host list must not each
 * take an entry, or anyone could grow the node's memory with upgrade requests.
 */
@Timeout(30)
class RefusalMemoryTest {

  /** Found while reviewing the handshake decoders for the fuzz tests (issue 7). */
  @Test
  void refusalsOfHostsNotInTheListShareOneEntry() {
    try (GridManager manager =
        GridManager.builder()
            .localHost("a:1")
            .hosts(List.of("a:1", "b:1"))
            .secret("refusal-memory-secret")
            .config(GridConfig.builder().shutdownGracePeriod(Duration.ZERO).build())
            .dialer(
                (remote, headers, listener, timeout, max) -> {
                  throw new IOException("no network in this test");
                })
            .build()) {
      Grid grid = (Grid) manager;
      for (int i = 0; i < 1000; i++) {
        String host = "stranger-" + i + ":1";
        String reason =
            grid.checkUpgrade(
                Map.of(
                    Grid.HOST_HEADER, List.of(host), Grid.TOKEN_HEADER, List.of("v1.1.AAAA.AAAA")));
        assertThat(reason).startsWith("unknown host " + host);
      }
      assertThat(grid.rememberedRefusals()).isEqualTo(1);
      grid.checkUpgrade(Map.of(Grid.HOST_HEADER, List.of("b:1"), Grid.TOKEN_HEADER, List.of("x")));
      assertThat(grid.rememberedRefusals()).isEqualTo(2);
    }
  }
}
