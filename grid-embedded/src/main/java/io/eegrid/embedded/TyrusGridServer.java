package io.eegrid.embedded;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.Objects;
import java.util.Set;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/**
 * A Tyrus WebSocket server bound to one interface. Tyrus's own {@code Server} always binds 0.0.0.0;
 * this one binds what it is given (127.0.0.1 by default in the embedded default), on the given port
 * or an ephemeral one (port 0).
 *
 * <pre>{@code
 * try (TyrusGridServer server = TyrusGridServer.start("127.0.0.1", 0, maxFrameBytes,
 *     GridEndpoint.config(grid, "/grid/v1"))) {
 *   int port = server.port();
 * }
 * }</pre>
 *
 * <p>Thread-safe; {@link #close()} stops the listener and releases the port.
 */
public final class TyrusGridServer implements AutoCloseable {
  private final Container container;

  private TyrusGridServer(Container container) {
    this.container = container;
  }

  /**
   * Starts serving {@code endpoints} on {@code bindHost:port}.
   *
   * @param maxFrameBytes largest incoming WebSocket message accepted
   * @throws IOException if the port cannot be bound
   */
  public static TyrusGridServer start(
      String bindHost, int port, int maxFrameBytes, ServerEndpointConfig... endpoints)
      throws IOException {
    return start(bindHost, port, maxFrameBytes, null, endpoints);
  }

  /**
   * Starts serving {@code endpoints} on {@code bindHost:port}, over TLS only when {@code tls} is
   * not null (the listener then speaks nothing but TLS, with that context's key; no client
   * certificate is asked for).
   *
   * @param tls the server's TLS context, or null for plain HTTP and ws
   * @throws IOException if the port cannot be bound
   */
  public static TyrusGridServer start(
      String bindHost,
      int port,
      int maxFrameBytes,
      javax.net.ssl.SSLContext tls,
      ServerEndpointConfig... endpoints)
      throws IOException {
    Objects.requireNonNull(bindHost, "bindHost");
    Container c = new Container(bindHost, maxFrameBytes, tls);
    try {
      for (ServerEndpointConfig e : endpoints) {
        c.addEndpoint(e);
      }
      c.start("/", port);
    } catch (DeploymentException e) {
      c.stop();
      throw new IOException("cannot deploy the grid endpoint: " + e.getMessage(), e);
    }
    return new TyrusGridServer(c);
  }

  /**
   * The container's {@link ServerContainer}: endpoints added to it, before or after start, are
   * served at once.
   */
  public ServerContainer serverContainer() {
    return container;
  }

  /**
   * Serves plain HTTP requests under {@code contextPath} (for example "/api") with {@code handler},
   * on the same listener as the WebSocket endpoints.
   */
  public void addHttpHandler(
      org.glassfish.grizzly.http.server.HttpHandler handler, String contextPath) {
    container
        .server
        .getServerConfiguration()
        .addHttpHandler(
            handler,
            org.glassfish.grizzly.http.server.HttpHandlerRegistration.builder()
                .contextPath(contextPath)
                .urlPattern("/*")
                .build());
  }

  /** The bound port (the chosen one when started with port 0). */
  public int port() {
    return container.listener.getPort();
  }

  @Override
  public void close() {
    container.stop();
  }

  /** Tyrus's server container on a Grizzly listener bound to one host (java-stack.md 2.3). */
  private static final class Container extends TyrusServerContainer {
    private final String bindHost;
    private final javax.net.ssl.SSLContext tls;
    private final TyrusWebSocketEngine engine;
    private HttpServer server;
    private NetworkListener listener;
    private volatile boolean started;

    Container(String bindHost, int maxFrameBytes, javax.net.ssl.SSLContext tls) {
      super((Set<Class<?>>) null);
      this.bindHost = bindHost;
      this.tls = tls;
      this.engine = TyrusWebSocketEngine.builder(this).incomingBufferSize(maxFrameBytes).build();
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
      engine.register(endpointClass, "/");
    }

    @Override
    public void register(ServerEndpointConfig config) throws DeploymentException {
      engine.register(config, "/");
    }

    /** Tyrus only collects endpoints added after start; serve them at once instead. */
    @Override
    public void addEndpoint(ServerEndpointConfig config) throws DeploymentException {
      if (started) {
        register(config);
      } else {
        super.addEndpoint(config);
      }
    }

    @Override
    public java.util.Map<String, Object> getProperties() {
      return java.util.Map.of();
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
      return engine;
    }

    @Override
    public void start(String rootPath, int port) throws IOException, DeploymentException {
      server = new HttpServer();
      listener = new NetworkListener("eegrid", bindHost, port);
      listener.getTransport().setIOStrategy(WorkerThreadIOStrategy.getInstance());
      listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
      if (tls != null) {
        listener.setSecure(true);
        listener.setSSLEngineConfig(
            new org.glassfish.grizzly.ssl.SSLEngineConfigurator(tls, false, false, false));
      }
      listener.registerAddOn(new WebSocketAddOn(this, "/"));
      server.addListener(listener);
      server.start();
      super.start(rootPath, listener.getPort());
      started = true;
    }

    @Override
    public void stop() {
      super.stop();
      if (server != null) {
        server.shutdownNow();
      }
    }
  }
}
