package io.eegrid.mux;

import io.eegrid.GridConfig;
import io.eegrid.GridManager;
import io.eegrid.protocol.Message;
import io.eegrid.protocol.Op;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The smallest real surroundings for model-checking one call: a grid that is built but never
 * started (nothing dials, no thread runs) and a fresh, unbound {@link Session} per check, whose
 * output queue collects what the call sends. No writer drains it, so a check can read the queue
 * afterwards; its limits are large enough that no check waits for room.
 *
 * <p>Thread rules: the grid is shared and immutable once built; each session belongs to one model
 * check invocation.
 */
final class ModelHarness {
  static final String LOCAL = "model-a:1";
  static final String REMOTE = "model-b:1";

  private static final Grid GRID =
      (Grid)
          GridManager.builder()
              .localHost(LOCAL)
              .hosts(List.of(LOCAL, REMOTE))
              .secret("model-check-secret")
              .config(GridConfig.builder().shutdownGracePeriod(Duration.ZERO).build())
              .dialer(
                  (remote, headers, listener, timeout, max) -> {
                    throw new IOException("model checks never dial");
                  })
              .build();

  private ModelHarness() {}

  /** A new session of the connection to {@link #REMOTE}, in its handshake phase, never bound. */
  static Session session() {
    return new Session(GRID, GRID.connectionFor(REMOTE), true);
  }

  /**
   * Takes everything queued on {@code s} without waiting, as the writer would (the session is never
   * bound, so nobody else writes); returns the messages in queue order.
   */
  static List<Message> drain(Session s) {
    List<Message> out = new ArrayList<>();
    if (s.queue.claimWriter()) {
      while (s.queue.takeOwned(out, Integer.MAX_VALUE, Integer.MAX_VALUE)) {
        // takes batches until the queue is empty and the role is free again
      }
    }
    return out;
  }

  static long count(List<Message> messages, Op op) {
    return count(messages, m -> m.op == op);
  }

  static long count(List<Message> messages, Predicate<Message> p) {
    return messages.stream().filter(p).count();
  }
}
