package io.eegrid.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eegrid.DeadlineExceededException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The link's one deadline timer ({@link DeadlineSweep}) against the calls it scans, on an unbound
 * session of a grid that is built but never started (as in {@link ModelHarness}, but its own: the
 * sweep starts the grid's timer thread, which closing the grid ends).
 */
@Timeout(30)
class DeadlineSweepTest {
  /**
   * A call is in the session's table a moment before it asks the sweep to watch its deadline
   * (register, then watchDeadline). A sweep fired by another call in that moment ends only the
   * calls whose deadline has passed. (The deadline used to be set after registering, and such a
   * sweep took the unset 0 for a deadline long past; it is set in the constructor now.)
   */
  @Test
  void aSweepLeavesACallWhoseDeadlineIsNotDue() {
    Grid grid =
        (Grid)
            io.eegrid.GridManager.builder()
                .localHost(ModelHarness.LOCAL)
                .hosts(java.util.List.of(ModelHarness.LOCAL, ModelHarness.REMOTE))
                .secret("deadline-sweep-secret")
                .dialer(
                    (remote, headers, listener, timeout, max) -> {
                      throw new java.io.IOException("never dials");
                    })
                .build();
    try {
      check(new Session(grid, grid.connectionFor(ModelHarness.REMOTE), true));
    } finally {
      grid.close();
    }
  }

  private static void check(Session s) {
    UnaryCall registeredOnly =
        s.register(new UnaryCall(s, 1, Runnable::run, false, "echo", TimeUnit.HOURS.toNanos(1)));
    UnaryCall timed =
        s.register(
            new UnaryCall(s, 2, Runnable::run, false, "echo", TimeUnit.MILLISECONDS.toNanos(1)));
    assertThat(timed.watchDeadline()).isTrue();

    await().atMost(Duration.ofSeconds(10)).until(timed.future::isDone);
    assertThat(timed.future)
        .failsWithin(Duration.ZERO)
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(DeadlineExceededException.class);
    assertThat(registeredOnly.future).isNotDone();
    assertThat(s.clients).containsKey(1L).doesNotContainKey(2L);

    registeredOnly.fail(new io.eegrid.CancelledException("test over"), false);
    assertThat(registeredOnly.future.handle((v, e) -> e))
        .succeedsWithin(Duration.ofSeconds(1))
        .isInstanceOfAny(io.eegrid.CancelledException.class, CompletionException.class);
  }
}
