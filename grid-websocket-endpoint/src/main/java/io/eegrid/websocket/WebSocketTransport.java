package io.eegrid.websocket;

import io.eegrid.transport.Transport;
import io.eegrid.transport.TransportListener;
import jakarta.websocket.CloseReason;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link Transport} over one jakarta.websocket {@link Session}: binary frames only, sent with the
 * async remote (one at a time, as the grid's writer guarantees). Text frames are a protocol
 * violation and close the session.
 *
 * <p>Thread rules: {@code listener} is set once before frames can arrive; {@code closed} makes
 * {@link #notifyClosed} fire once whatever path (close frame, error, our own close) gets there
 * first.
 */
final class WebSocketTransport implements Transport {
  private static final Logger LOG = Logger.getLogger(WebSocketTransport.class.getName());

  private final Session session;
  private final String remote;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile TransportListener listener;

  WebSocketTransport(Session session, String remote) {
    this.session = session;
    this.remote = remote;
  }

  /** Starts delivering inbound frames to {@code l}. */
  void listen(TransportListener l) {
    this.listener = l;
    session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) l::onFrame);
    session.addMessageHandler(
        String.class,
        (MessageHandler.Whole<String>)
            text -> close("text frame received; the grid protocol uses binary frames only"));
  }

  @Override
  public void send(ByteBuffer frame, SendCallback callback) {
    try {
      session
          .getAsyncRemote()
          .sendBinary(
              frame, result -> callback.onSent(result.isOK() ? null : result.getException()));
    } catch (RuntimeException e) {
      callback.onSent(e);
    }
  }

  @Override
  public void close(String reason) {
    if (!session.isOpen()) {
      notifyClosed(reason);
      return;
    }
    try {
      session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, truncate(reason)));
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "grid: closing the WebSocket to " + remote + " failed", e);
    }
    notifyClosed(reason);
  }

  /** The session ended (close frame, error, or our own close): tell the grid once. */
  void notifyClosed(String reason) {
    TransportListener l = listener;
    if (l != null && closed.compareAndSet(false, true)) {
      l.onClosed(reason);
    }
  }

  @Override
  public boolean isSecure() {
    return session.isSecure();
  }

  @Override
  public String remoteAddress() {
    return remote;
  }

  /** A close reason phrase is at most 123 UTF-8 bytes. */
  /**
   * Turns the container's idle timeout off on a grid session: the grid's keepalive finds dead
   * links, and a container timeout would only cut quiet ones. Jakarta WebSocket says zero or
   * negative means none; -1 is the one that costs nothing on Tyrus 2.2, which for 0 still schedules
   * a (no-op) idle task on every message sent and received, waking its timer thread each time. A
   * container that refuses a negative value gets 0.
   */
  static void disableIdleTimeout(Session session) {
    try {
      session.setMaxIdleTimeout(-1);
    } catch (IllegalArgumentException refused) {
      session.setMaxIdleTimeout(0);
    }
  }

  static String truncate(String reason) {
    if (reason == null) {
      return "";
    }
    byte[] b = reason.getBytes(StandardCharsets.UTF_8);
    if (b.length <= 123) {
      return reason;
    }
    String s = reason;
    while (s.getBytes(StandardCharsets.UTF_8).length > 120) {
      s = s.substring(0, s.length() - 1);
    }
    return s + "...";
  }
}
