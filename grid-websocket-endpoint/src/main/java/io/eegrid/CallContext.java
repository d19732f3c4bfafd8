package io.eegrid;

import java.time.Duration;

/**
 * What a handler knows about the call it serves: who called, the deadline, the subroute, and
 * whether the call is cancelled (by the caller, its deadline, a disconnect or the grid closing).
 *
 * <p>Thread-safe. Long-running handlers should check {@link #isCancelled()} or register {@link
 * #onCancel}; a result produced after cancellation is dropped.
 */
public interface CallContext {
  /** The host name of the calling node, as in the grid's host list. */
  String callerHost();

  /** The handler name the caller asked for. */
  String handler();

  /** The subroute the call addressed, or null. */
  String subroute();

  /** Time left until the deadline, or null when the call has none. Negative once it passed. */
  Duration remaining();

  /** True once the call is cancelled or its deadline has passed. */
  boolean isCancelled();

  /**
   * Runs {@code action} once when the call is cancelled, on a grid thread; at once, on the calling
   * thread, if it already is. The action must not block.
   */
  void onCancel(Runnable action);

  /**
   * Throws {@link DeadlineExceededException} or {@link CancelledException} if the call is over;
   * returns otherwise.
   */
  void checkCancelled();
}
