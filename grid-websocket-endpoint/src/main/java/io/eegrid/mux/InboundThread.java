package io.eegrid.mux;

/**
 * Marks the threads that are inside a link's inbound path ({@link Session#onFrame}), on any link.
 * Code that may run there (non-blocking handlers, direct completions and the calls they start) asks
 * {@link #isCurrent()} so that it never waits (threading rule 1): a full output queue is refused
 * instead of waited for.
 *
 * <p>Thread rules: each thread sees only its own depth (a thread-local counter; frames may nest
 * when a transport delivers inline).
 */
final class InboundThread {
  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  private InboundThread() {}

  /** Enters the inbound path; returns the counter to pass to {@link #exit}. */
  static int[] enter() {
    int[] depth = DEPTH.get();
    depth[0]++;
    return depth;
  }

  static void exit(int[] depth) {
    depth[0]--;
  }

  /** Whether the current thread is inside a link's inbound path. */
  static boolean isCurrent() {
    return DEPTH.get()[0] > 0;
  }
}
