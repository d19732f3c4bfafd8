package io.eegrid.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eegrid.Connection;
import io.eegrid.ConnectionStats;
import io.eegrid.GridManager;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/** Waits and leak checks shared by the grid tests. Every wait is bounded. */
public final class Fixtures {
  private Fixtures() {}

  public static void awaitAllConnected(GridManager[] nodes, Duration timeout) {
    for (GridManager g : nodes) {
      for (Connection c : g.connections()) {
        assertThat(c.awaitConnected(timeout))
            .as("%s connected to %s within %s", g.localHost(), c.remoteHost(), timeout)
            .isTrue();
      }
    }
  }

  /** No call left open on any connection of any node (mux tables empty), within 5 s. */
  public static void assertNoActiveMuxes(TestGrid grid, int nodes) {
    for (int i = 0; i < nodes; i++) {
      GridManager g = grid.node(i);
      for (Connection c : g.connections()) {
        await("no open calls on " + c)
            .atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(10))
            .untilAsserted(
                () -> {
                  ConnectionStats s = c.stats();
                  assertThat(s.outgoingCalls()).as("outgoing calls on %s", c).isZero();
                  assertThat(s.incomingCalls()).as("incoming calls on %s", c).isZero();
                });
      }
    }
  }

  /** Names of live threads that belong to the grid or the in-memory transport. */
  public static Set<String> gridThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("eegrid-") || n.startsWith("inmem-io-"))
        .collect(Collectors.toSet());
  }

  /** Waits until no grid thread is left (after every grid was closed). */
  public static void assertNoGridThreads() {
    await("grid threads to end")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertThat(gridThreads()).isEmpty());
  }
}
