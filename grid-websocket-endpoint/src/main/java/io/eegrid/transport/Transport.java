package io.eegrid.transport;

import java.nio.ByteBuffer;

/**
 * One open, message-oriented, ordered link to a peer (one WebSocket session). The grid sends one
 * binary frame at a time and waits for its callback before it sends the next.
 *
 * <p>Thread-safety: {@link #send} is called by one writer thread at a time, never concurrently;
 * {@link #close} may be called from any thread, any number of times.
 */
public interface Transport {
  /** Called once per {@link #send} when the frame is written or has failed. */
  @FunctionalInterface
  interface SendCallback {
    /** {@code failure} is null when the frame was written. */
    void onSent(Throwable failure);
  }

  /**
   * Starts writing one binary frame and returns without waiting. The grid does not touch {@code
   * frame} until {@code callback} runs; the callback runs exactly once, on any thread.
   */
  void send(ByteBuffer frame, SendCallback callback);

  /** Closes the link; the listener's {@code onClosed} follows. Idempotent. */
  void close(String reason);

  /** True when the link is encrypted (TLS), so the grid can leave out its own checksums. */
  boolean isSecure();

  /** The peer's address, for logs. */
  String remoteAddress();
}
