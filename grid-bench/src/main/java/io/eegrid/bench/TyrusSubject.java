package io.eegrid.bench;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import org.glassfish.tyrus.client.ClientManager;

/**
 * Raw WebSocket echo on Tyrus, the floor under EE Grid: one frame per message, no envelope, no
 * merging, sent with a {@code synchronized} blocking remote (Tyrus's basic remote allows one sender
 * at a time). Single requests carry their loop's slot in the first 4 bytes so the echo finds its
 * loop. Client: the Tyrus Grizzly client, as the grid uses; server: {@link TyrusEchoServer}.
 */
final class TyrusSubject implements Subject {
  private final ClientManager client = ClientManager.createClient();
  private final TyrusEchoServer server;
  private final AtomicReferenceArray<Loop> loops = new AtomicReferenceArray<>(1024);
  private final Session echo;
  private final RemoteEndpoint.Basic echoRemote;

  TyrusSubject() throws IOException {
    server = new TyrusEchoServer();
    try {
      echo =
          connect(
              "/echo",
              message -> {
                Loop loop = loops.get(message.getInt(0));
                loop.replied();
              });
      echoRemote = echo.getBasicRemote();
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private Session connect(String path, Consumer<ByteBuffer> onMessage) throws IOException {
    Endpoint endpoint =
        new Endpoint() {
          @Override
          public void onOpen(Session session, EndpointConfig config) {
            TyrusEchoServer.noIdleTimeout(session);
            session.addMessageHandler(
                ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) onMessage::accept);
          }
        };
    try {
      return client.connectToServer(
          endpoint,
          ClientEndpointConfig.Builder.create().build(),
          URI.create("ws://127.0.0.1:" + server.port() + path));
    } catch (DeploymentException e) {
      throw new IOException("cannot connect to " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void call(Loop loop) {
    loops.set(loop.slot, loop);
    try {
      synchronized (echoRemote) {
        echoRemote.sendBinary(ByteBuffer.wrap(loop.payload));
      }
    } catch (IOException e) {
      loop.failed(e);
    }
  }

  @Override
  public Flow openFlow(Direction direction, int messageBytes, Meter meter) throws IOException {
    server.meter(meter);
    byte[] message = new byte[messageBytes];
    switch (direction) {
      case TO_CALLER:
        {
          Session s = connect("/source?bytes=" + messageBytes, m -> meter.completed(1));
          return () -> TyrusEchoServer.closeQuietly(s);
        }
      case TO_HANDLER:
        return sending(connect("/sink", m -> {}), message, meter);
      case ECHO:
        return sending(connect("/echo", m -> meter.completed(2)), message, meter);
      default:
        throw new IllegalArgumentException("direction " + direction);
    }
  }

  private static Flow sending(Session s, byte[] message, Meter meter) {
    RemoteEndpoint.Basic remote = s.getBasicRemote();
    Worker writer =
        Worker.start(
            "bench-tyrus-writer",
            meter,
            () -> {
              remote.sendBinary(ByteBuffer.wrap(message));
              return true;
            });
    return () -> {
      writer.stop();
      writer.join(5_000);
      TyrusEchoServer.closeQuietly(s);
    };
  }

  @Override
  public void close() {
    if (echo != null) {
      TyrusEchoServer.closeQuietly(echo);
    }
    server.close();
    client.shutdown();
  }
}
