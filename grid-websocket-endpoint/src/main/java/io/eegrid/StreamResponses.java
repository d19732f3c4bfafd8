package io.eegrid;

/**
 * Where a stream handler writes its responses. Send from one thread at a time. Returning from the
 * handler ends the stream; throwing ends it with an error.
 */
public interface StreamResponses {
  /**
   * Sends one response, waiting while the caller has not room for it (flow control). The array is
   * owned by the grid afterwards.
   *
   * @throws CancelledException or {@link DeadlineExceededException} when the call is over
   * @throws DisconnectedException when the connection went down
   */
  void send(byte[] response);
}
