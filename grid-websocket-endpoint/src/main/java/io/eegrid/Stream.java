package io.eegrid;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The caller's side of a stream: send requests, read responses. Every response must be read, or the
 * stream cancelled: an unread stream stalls itself (its handler waits for window), never other
 * calls.
 *
 * <pre>{@code
 * try (Stream s = connection.newStream("scan", prefix, CallOptions.defaults())) {
 *   s.closeRequests();
 *   for (Response r : s) {
 *     use(r.payload()); // throws the stream's error, if it ended with one
 *   }
 * }
 * }</pre>
 *
 * <p>Thread-safety: one thread may send while another reads; {@link #cancel} and {@link #close} may
 * be called from any thread and wake both.
 */
public interface Stream extends Iterable<Response>, AutoCloseable {
  /**
   * Sends one request, waiting while the handler has no room (flow control). The array is owned by
   * the grid afterwards.
   *
   * @throws CancelledException if the stream is cancelled or already ended
   * @throws DeadlineExceededException if its deadline passed
   * @throws DisconnectedException if the connection went down
   * @throws IllegalStateException if requests were closed, or the handler takes none
   */
  void send(byte[] request);

  /** Tells the handler no more requests follow. Idempotent. */
  void closeRequests();

  /**
   * Waits for the next response and returns it; returns null after the end of the stream. An error
   * ends the stream: it is returned once as an error response, then null follows.
   */
  Response next();

  /** Cancels the stream here and at the handler. Idempotent; a no-op once the stream ended. */
  void cancel();

  /** True once the stream ended (all responses read, or failed, or cancelled). */
  boolean isDone();

  /** Cancels the stream unless it already ended. */
  @Override
  void close();

  /** Iterates over the remaining responses until the end of the stream. */
  @Override
  default Iterator<Response> iterator() {
    return new Iterator<>() {
      private Response next;

      @Override
      public boolean hasNext() {
        if (next == null) {
          next = Stream.this.next();
        }
        return next != null;
      }

      @Override
      public Response next() {
        if (!hasNext()) {
          throw new NoSuchElementException("end of stream");
        }
        Response r = next;
        next = null;
        return r;
      }
    };
  }
}
