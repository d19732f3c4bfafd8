package io.eegrid.bench;

import io.eegrid.embedded.TyrusGridServer;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The raw Tyrus peer's server: plain WebSocket endpoints, one frame per message, on the same
 * loopback-bound Tyrus/Grizzly container the grid uses. {@code /echo} sends every binary message
 * back from its handler; {@code /sink} counts what arrives; {@code /source?bytes=N} sends N-byte
 * messages as fast as blocking sends go until the session closes.
 *
 * <p>The class and its endpoints are public only because Tyrus reflects on endpoint classes and
 * silently never opens a session of an inaccessible one.
 *
 * <p>Thread rules: Tyrus delivers one session's messages one at a time, so each endpoint's handler
 * is the only sender on its session; {@link #meter} is volatile and set before a flow opens.
 */
public final class TyrusEchoServer implements AutoCloseable {
  private static final String WORKER = "bench.worker";

  private final TyrusGridServer server;
  private volatile Meter meter;

  TyrusEchoServer() throws IOException {
    server =
        TyrusGridServer.start(
            "127.0.0.1",
            0,
            Shapes.MAX_FRAME_BYTES,
            config("/echo", new Echo()),
            config("/sink", new Sink()),
            config("/source", new Source()));
  }

  int port() {
    return server.port();
  }

  /** Where {@code /sink} counts and where server-side send failures are recorded. */
  void meter(Meter meter) {
    this.meter = meter;
  }

  @Override
  public void close() {
    server.close();
  }

  /**
   * One endpoint instance serves every session of its path (per-session state lives in the
   * session).
   */
  private static ServerEndpointConfig config(String path, Endpoint endpoint) {
    return ServerEndpointConfig.Builder.create(endpoint.getClass(), path)
        .configurator(
            new ServerEndpointConfig.Configurator() {
              @Override
              public <T> T getEndpointInstance(Class<T> endpointClass) {
                return endpointClass.cast(endpoint);
              }
            })
        .build();
  }

  /**
   * The same container setting as the grid's sessions: no idle timeout, given as -1 (Tyrus 2.2
   * schedules an idle task on every message for 0, its default). The floor should not carry a cost
   * that EE Grid does not.
   */
  static void noIdleTimeout(Session session) {
    session.setMaxIdleTimeout(-1);
  }

  public static final class Echo extends Endpoint {
    @Override
    public void onOpen(Session session, EndpointConfig config) {
      noIdleTimeout(session);
      RemoteEndpoint.Basic remote = session.getBasicRemote();
      session.addMessageHandler(
          ByteBuffer.class,
          (MessageHandler.Whole<ByteBuffer>)
              message -> {
                try {
                  remote.sendBinary(message);
                } catch (IOException e) {
                  closeQuietly(session);
                }
              });
    }
  }

  /** Counts what arrives. */
  public final class Sink extends Endpoint {
    @Override
    public void onOpen(Session session, EndpointConfig config) {
      noIdleTimeout(session);
      Meter m = meter;
      session.addMessageHandler(
          ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) message -> m.completed(1));
    }
  }

  /** Sends messages of the requested size until the session closes. */
  public final class Source extends Endpoint {
    @Override
    public void onOpen(Session session, EndpointConfig config) {
      noIdleTimeout(session);
      List<String> bytes = session.getRequestParameterMap().get("bytes");
      byte[] message = new byte[Integer.parseInt(bytes.get(0))];
      RemoteEndpoint.Basic remote = session.getBasicRemote();
      Worker worker =
          Worker.start(
              "bench-tyrus-source",
              meter,
              () -> {
                if (!session.isOpen()) {
                  return false;
                }
                remote.sendBinary(ByteBuffer.wrap(message));
                return true;
              });
      session.getUserProperties().put(WORKER, worker);
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
      ((Worker) session.getUserProperties().get(WORKER)).stop();
    }
  }

  static void closeQuietly(Session session) {
    try {
      session.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
