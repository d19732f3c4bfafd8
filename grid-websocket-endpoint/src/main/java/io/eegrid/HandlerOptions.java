package io.eegrid;

/**
 * Registration options of a handler; immutable.
 *
 * @param subroute the subroute the handler serves, or null for the plain name
 * @param requestWindow stream requests the handler side buffers (the caller's send credits); 0
 *     means the handler takes no requests
 * @param responseWindow stream responses in flight before the handler waits for the caller to read
 * @param nonBlocking for single handlers only: the handler never blocks and returns quickly, so it
 *     runs on the thread that read its request (the WebSocket I/O thread) instead of being handed
 *     to the executor. That saves a thread wake-up per call (most of a round trip at low
 *     concurrency), but while it runs nothing else is read on its connection. Like gRPC's {@code
 *     directExecutor}: for lookups in memory, not for I/O, locks or calls to other nodes (a call it
 *     starts fails at once when the output queue is full instead of waiting for room).
 */
public record HandlerOptions(
    String subroute, int requestWindow, int responseWindow, boolean nonBlocking) {
  /** Default window for both directions. */
  public static final int DEFAULT_WINDOW = 256;

  public HandlerOptions {
    if (requestWindow < 0) {
      throw new IllegalArgumentException("requestWindow must be >= 0, was " + requestWindow);
    }
    if (responseWindow < 1) {
      throw new IllegalArgumentException("responseWindow must be >= 1, was " + responseWindow);
    }
    if (subroute != null && subroute.isEmpty()) {
      throw new IllegalArgumentException("subroute must be null or non-empty");
    }
  }

  /** Options of a handler that may block (the default). */
  public HandlerOptions(String subroute, int requestWindow, int responseWindow) {
    this(subroute, requestWindow, responseWindow, false);
  }

  /** No subroute, both windows {@value #DEFAULT_WINDOW}. */
  public static HandlerOptions defaults() {
    return new HandlerOptions(null, DEFAULT_WINDOW, DEFAULT_WINDOW);
  }

  public HandlerOptions withSubroute(String subroute) {
    return new HandlerOptions(subroute, requestWindow, responseWindow, nonBlocking);
  }

  public HandlerOptions withRequestWindow(int window) {
    return new HandlerOptions(subroute, window, responseWindow, nonBlocking);
  }

  public HandlerOptions withResponseWindow(int window) {
    return new HandlerOptions(subroute, requestWindow, window, nonBlocking);
  }

  /** See {@link #nonBlocking()}; refused for stream handlers, which block in their sends. */
  public HandlerOptions withNonBlocking(boolean nonBlocking) {
    return new HandlerOptions(subroute, requestWindow, responseWindow, nonBlocking);
  }
}
