package io.eegrid.websocket;

import io.eegrid.transport.Dialer;
import io.eegrid.transport.Transport;
import io.eegrid.transport.TransportListener;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Dials peers with a jakarta.websocket client container: inside an application server, the server's
 * own ({@code ContainerProvider.getWebSocketContainer()}); never a bundled one. The URI is {@code
 * ws://<host><path>} ({@code wss://} with TLS). Thread-safe.
 */
public final class WebSocketDialer implements Dialer {
  private static final String TYRUS_HANDSHAKE_TIMEOUT =
      "org.glassfish.tyrus.client.ClientManager.ContainerTimeout";

  private final WebSocketContainer container;
  private final String path;
  private final boolean tls;

  /**
   * @param path the grid's path on every node, for example {@code /grid/v1} (with the context root
   *     in front when it runs in a WAR)
   */
  public WebSocketDialer(WebSocketContainer container, String path, boolean tls) {
    this.container = Objects.requireNonNull(container, "container");
    this.path = Objects.requireNonNull(path, "path");
    this.tls = tls;
  }

  /**
   * Tyrus takes its connect-and-handshake timeout only from its client container's own properties,
   * as an Integer of milliseconds (30 s unless set); other containers have no such map, and this
   * does nothing for them (their own timeouts apply, see docs/CONFIGURATION.md section 5).
   */
  @SuppressWarnings("unchecked")
  private void applyTyrusTimeout(Duration timeout) {
    try {
      java.lang.reflect.Method properties = container.getClass().getMethod("getProperties");
      Object map = properties.invoke(container);
      if (map instanceof Map<?, ?> m) {
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        ((Map<String, Object>) m).put(TYRUS_HANDSHAKE_TIMEOUT, millis);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // not Tyrus, or a container that does not let us: its own timeouts apply
    }
  }

  @Override
  public Transport dial(
      String remoteHost,
      Map<String, String> headers,
      TransportListener listener,
      Duration timeout,
      int maxFrameBytes)
      throws IOException {
    URI uri = URI.create((tls ? "wss://" : "ws://") + remoteHost + path);
    ClientEndpointConfig config =
        ClientEndpointConfig.Builder.create()
            .configurator(
                new ClientEndpointConfig.Configurator() {
                  @Override
                  public void beforeRequest(Map<String, List<String>> requestHeaders) {
                    headers.forEach((k, v) -> requestHeaders.put(k, List.of(v)));
                  }
                })
            .build();
    applyTyrusTimeout(timeout);
    ClientEndpoint endpoint = new ClientEndpoint(remoteHost, listener, maxFrameBytes);
    try {
      container.connectToServer(endpoint, config, uri);
    } catch (DeploymentException e) {
      throw new IOException("upgrade to " + uri + " failed: " + withCause(e), e);
    }
    WebSocketTransport t = endpoint.transport;
    if (t == null) {
      throw new IOException("upgrade to " + uri + " returned no open session");
    }
    return t;
  }

  /**
   * The message of {@code e} followed by that of its deepest cause: containers wrap the reason that
   * matters (an untrusted certificate, a host name the certificate does not name) in generic
   * exceptions such as "SSL handshake has failed".
   */
  static String withCause(Throwable e) {
    Throwable root = e;
    for (int i = 0; i < 16 && root.getCause() != null && root.getCause() != root; i++) {
      root = root.getCause();
    }
    if (root == e) {
      return String.valueOf(e.getMessage());
    }
    return e.getMessage() + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
  }

  /** The client side of one link; frames go to the grid's listener from the start. */
  private static final class ClientEndpoint extends Endpoint {
    private final String remoteHost;
    private final TransportListener listener;
    private final int maxFrameBytes;
    private volatile WebSocketTransport transport;

    ClientEndpoint(String remoteHost, TransportListener listener, int maxFrameBytes) {
      this.remoteHost = remoteHost;
      this.listener = listener;
      this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
      session.setMaxBinaryMessageBufferSize(maxFrameBytes);
      WebSocketTransport.disableIdleTimeout(session);
      WebSocketTransport t = new WebSocketTransport(session, remoteHost);
      transport = t;
      t.listen(listener);
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
      WebSocketTransport t = transport;
      if (t != null) {
        t.notifyClosed(GridEndpoint.describe(reason));
      }
    }

    @Override
    public void onError(Session session, Throwable error) {
      WebSocketTransport t = transport;
      if (t != null) {
        t.close("WebSocket error: " + error);
      }
    }
  }
}
