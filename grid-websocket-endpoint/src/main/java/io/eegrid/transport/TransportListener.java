package io.eegrid.transport;

import java.nio.ByteBuffer;

/**
 * Receives what arrives on a {@link Transport}. Implemented by the grid.
 *
 * <p>Thread-safety: the transport calls these from its I/O thread, one call at a time, in order.
 * The grid's implementations never block: they decode, update state and hand work to executors.
 */
public interface TransportListener {
  /** One complete binary frame. The buffer may be reused by the transport after this returns. */
  void onFrame(ByteBuffer frame);

  /** The link is closed (by either side, or failed); no frame follows. Called at most once. */
  void onClosed(String reason);
}
