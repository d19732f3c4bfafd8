package io.eegrid.bench;

/**
 * A system under test: a caller and a handler side connected over 127.0.0.1 in this JVM, serving
 * the same echo-shaped calls. Every implementation echoes single-request payloads, and offers the
 * three stream shapes of {@link Direction}.
 */
interface Subject extends AutoCloseable {
  /**
   * Sends {@code loop.payload} as one single request, without blocking for the reply; calls {@link
   * Loop#replied} or {@link Loop#failed} once the echo arrived or the call failed.
   */
  void call(Loop loop);

  /**
   * Starts a stream of {@code messageBytes} messages flowing in {@code direction} as fast as the
   * system's flow control allows; every message that arrives is counted into {@code meter} (two per
   * echo). Closing the flow stops it.
   */
  Flow openFlow(Direction direction, int messageBytes, Meter meter) throws Exception;

  /** Stops both sides and releases their threads and ports. */
  @Override
  void close();

  /** A running stream; {@link #close} stops it and waits (bounded) for its threads. */
  interface Flow extends AutoCloseable {
    @Override
    void close();
  }
}
