package io.eegrid;

/**
 * Registration options of a handler; immutable.
 *
 * @param subroute the subroute the handler serves, or null for the plain name
 * @param requestWindow stream requests the handler side buffers (the caller's send credits); 0
 *     means the handler takes no requests
 * @param responseWindow stream responses in flight before the handler waits for the caller to read
 */
public record HandlerOptions(String subroute, int requestWindow, int responseWindow) {
  /** Default window for both directions. */
  public static final int DEFAULT_WINDOW = 128;

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

  /** No subroute, both windows {@value #DEFAULT_WINDOW}. */
  public static HandlerOptions defaults() {
    return new HandlerOptions(null, DEFAULT_WINDOW, DEFAULT_WINDOW);
  }

  public HandlerOptions withSubroute(String subroute) {
    return new HandlerOptions(subroute, requestWindow, responseWindow);
  }

  public HandlerOptions withRequestWindow(int window) {
    return new HandlerOptions(subroute, window, responseWindow);
  }

  public HandlerOptions withResponseWindow(int window) {
    return new HandlerOptions(subroute, requestWindow, window);
  }
}
