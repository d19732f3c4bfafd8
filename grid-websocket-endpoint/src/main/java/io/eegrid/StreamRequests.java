package io.eegrid;

/**
 * The requests a caller sends on a stream, as its handler reads them. Read from one thread at a
 * time.
 */
public interface StreamRequests {
  /**
   * Waits for the next request and returns it; returns null once the caller has closed its requests
   * (or when the handler takes no requests).
   *
   * @throws CancelledException or {@link DeadlineExceededException} when the call is over
   */
  byte[] next();
}
