package io.eegrid.embedded;

import io.eegrid.GridConfig;
import io.eegrid.GridManager;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.websocket.WebSocketContainer;
import jakarta.websocket.server.ServerContainer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * One grid node on the embedded default: a Tyrus server bound to {@code grid.embedded.bind}
 * (127.0.0.1 unless set) on the port of {@code grid.local}, SmallRye Config, and a Weld SE
 * container running the EE Grid CDI extension around the application's beans, exactly as an
 * application server would.
 *
 * <pre>{@code
 * try (EmbeddedNode node = EmbeddedNode.start(Map.of(
 *     "grid.local", "127.0.0.1:7001",
 *     "grid.peers", "127.0.0.1:7001,127.0.0.1:7002",
 *     "grid.auth.secret", secret))) {
 *   GridManager grid = node.grid();
 * }
 * }</pre>
 *
 * <p>Configuration is MicroProfile Config: the given properties (ordinal 500), then system
 * properties, environment variables and {@code META-INF/microprofile-config.properties}. Each node
 * gets its own configuration even when several run in one JVM (tests): the node's container runs
 * with a context class loader of its own, to which the configuration is registered.
 *
 * <p>Thread-safe: {@link #close()} may be called from any thread, once or more; it shuts the
 * container down (the grid drains and closes), then stops the server and releases the port.
 */
public final class EmbeddedNode implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(EmbeddedNode.class.getName());

  /** The interface the server binds; loopback unless set. */
  public static final String BIND = "grid.embedded.bind";

  /** Where the application's Jakarta REST resources are served; "/api" unless set. */
  public static final String REST_PATH = "grid.embedded.rest-path";

  private static final Pattern HOST_PORT =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+):([0-9]{1,5})");

  private final String localHost;
  private final TyrusGridServer server;
  private final ClientManager client;
  private final WeldContainer container;
  private final ClassLoader loader;
  private final SmallRyeConfig config;
  private final Object closeLock = new Object();
  private boolean closed; // guarded by closeLock

  private EmbeddedNode(
      String localHost,
      TyrusGridServer server,
      ClientManager client,
      WeldContainer container,
      ClassLoader loader,
      SmallRyeConfig config) {
    this.localHost = localHost;
    this.server = server;
    this.client = client;
    this.container = container;
    this.loader = loader;
    this.config = config;
  }

  /**
   * Starts a node whose beans are found by Weld's discovery (bean archives on the class path).
   *
   * @throws IllegalArgumentException if {@code grid.local} is missing or not host:port
   * @throws IOException if the port cannot be bound
   * @throws jakarta.enterprise.inject.spi.DeploymentException (from Weld) naming every deployment
   *     problem
   */
  public static EmbeddedNode start(Map<String, String> properties) throws IOException {
    return start(properties, List.of());
  }

  /**
   * Starts a node with exactly {@code beanClasses} as the application (no discovery); for tests and
   * demos.
   */
  public static EmbeddedNode start(Map<String, String> properties, List<Class<?>> beanClasses)
      throws IOException {
    Objects.requireNonNull(properties, "properties");
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .addDefaultSources()
            .withSources(new PropertiesConfigSource(properties, "eegrid-embedded", 500))
            .build();
    String local =
        config
            .getOptionalValue("grid.local", String.class)
            .map(String::trim)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "grid.local is not set: it names this node as host:port, and the"
                            + " embedded server listens on its port"));
    Matcher m = HOST_PORT.matcher(local);
    if (!m.matches()) {
      throw new IllegalArgumentException("grid.local: \"" + local + "\" is not a host:port");
    }
    int port = Integer.parseInt(m.group(2));
    String bind = config.getOptionalValue(BIND, String.class).orElse("127.0.0.1");
    int maxFrameBytes = frameLimit(config);
    EmbeddedTls tls = EmbeddedTls.read(config);

    ClassLoader parent = EmbeddedNode.class.getClassLoader();
    ClassLoader loader = new URLClassLoader("eegrid-node-" + local, new URL[0], parent);
    ConfigProviderResolver resolver = ConfigProviderResolver.instance();
    resolver.registerConfig(config, loader);
    TyrusGridServer server = null;
    ClientManager client = ClientManager.createClient();
    if (tls != null) {
      client
          .getProperties()
          .put(ClientProperties.SSL_ENGINE_CONFIGURATOR, tls.clientConfigurator());
    }
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      server = TyrusGridServer.start(bind, port, maxFrameBytes, tls == null ? null : tls.server);
      Weld weld =
          new Weld("eegrid-" + local)
              .skipShutdownHook()
              .addExtension(new HostBeans(server.serverContainer(), client));
      if (!beanClasses.isEmpty()) {
        // Without discovery Weld loads no extension from META-INF/services; add them here.
        weld.disableDiscovery().addBeanClasses(beanClasses.toArray(Class<?>[]::new));
        ServiceLoader.load(Extension.class, loader).forEach(weld::addExtension);
      }
      WeldContainer container = weld.initialize();
      try {
        RestHost.mount(
            container.getBeanManager(),
            server,
            config.getOptionalValue(REST_PATH, String.class).orElse("/api"));
      } catch (RuntimeException | LinkageError e) {
        container.shutdown();
        throw e;
      }
      LOG.info(
          () ->
              "node "
                  + local
                  + " started, listening on "
                  + bind
                  + ":"
                  + port
                  + (tls == null ? " (plain HTTP and ws)" : " (TLS only: https and wss)"));
      return new EmbeddedNode(local, server, client, container, loader, config);
    } catch (IOException | RuntimeException | Error e) {
      if (server != null) {
        server.close();
      }
      client.shutdown();
      resolver.releaseConfig(config);
      throw e;
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static int frameLimit(SmallRyeConfig config) {
    GridConfig.Builder b = GridConfig.builder();
    config
        .getOptionalValue("grid.max-message-bytes", String.class)
        .ifPresent(
            v -> {
              try {
                b.maxMessageBytes(Integer.parseInt(v.trim()));
              } catch (NumberFormatException e) {
                // reported with its key by the extension's validation
              }
            });
    try {
      return b.build().maxFrameBytes();
    } catch (IllegalArgumentException e) {
      return GridConfig.defaults().maxFrameBytes(); // idem
    }
  }

  /** This node's host name, as in {@code grid.local}. */
  public String localHost() {
    return localHost;
  }

  /** The port the server listens on. */
  public int port() {
    return server.port();
  }

  /** The node's grid. */
  public GridManager grid() {
    return bean(GridManager.class);
  }

  /** The node's CDI container, for looking up the application's beans. */
  public WeldContainer container() {
    return container;
  }

  /** A bean of the application. */
  public <T> T bean(Class<T> type, java.lang.annotation.Annotation... qualifiers) {
    return container.select(type, qualifiers).get();
  }

  @Override
  public void close() {
    synchronized (closeLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      container.shutdown();
    } finally {
      server.close();
      client.shutdown();
      ConfigProviderResolver.instance().releaseConfig(config);
      thread.setContextClassLoader(previous);
      LOG.info(() -> "node " + localHost + " stopped");
    }
  }

  /**
   * Runs one node until the process is stopped (SIGTERM or Ctrl-C), or, with {@code --stop-on-eof},
   * until standard input ends.
   *
   * <pre>
   * java -cp grid-embedded.jar:app.jar io.eegrid.embedded.EmbeddedNode \
   *     --local 127.0.0.1:7001 --peers 127.0.0.1:7001,127.0.0.1:7002 --secret-file secret.txt \
   *     [--set grid.ping-interval=5s ...] [--stop-on-eof]
   * </pre>
   *
   * Any {@code grid.*} key may also come from system properties, the environment ({@code
   * GRID_LOCAL}) or {@code META-INF/microprofile-config.properties}.
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> props = new LinkedHashMap<>();
    boolean stopOnEof = false;
    List<Class<?>> beans = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--local" -> props.put("grid.local", value(args, ++i, a));
        case "--peers" -> props.put("grid.peers", value(args, ++i, a));
        case "--secret-file" ->
            props.put(
                "grid.auth.secret",
                java.nio.file.Files.readString(java.nio.file.Path.of(value(args, ++i, a))).trim());
        case "--set" -> {
          String kv = value(args, ++i, a);
          int eq = kv.indexOf('=');
          if (eq < 1) {
            usage("--set takes key=value, got " + kv);
          }
          props.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        case "--bean" -> beans.add(Class.forName(value(args, ++i, a)));
        case "--stop-on-eof" -> stopOnEof = true;
        default -> usage("unknown argument " + a);
      }
    }
    EmbeddedNode node;
    try {
      node = start(props, beans);
    } catch (RuntimeException e) {
      System.err.println("node did not start: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  node.close();
                  stopped.countDown();
                },
                "eegrid-shutdown"));
    System.out.println("READY " + node.localHost());
    System.out.flush();
    if (stopOnEof) {
      InputStream in = System.in;
      while (in.read() >= 0) {
        // wait for end of input
      }
      node.close();
      System.exit(0);
    }
    stopped.await();
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      usage(option + " needs a value");
    }
    return args[i];
  }

  private static void usage(String problem) {
    System.err.println(
        problem
            + "\nusage: EmbeddedNode --local host:port --peers h1:p1,h2:p2,... --secret-file F"
            + " [--set key=value]... [--bean class]... [--stop-on-eof]");
    System.exit(2);
  }

  /**
   * Makes the node's server container and its WebSocket client beans: the extension registers the
   * endpoint on the one and dials with the other. The node owns both and closes them.
   */
  static final class HostBeans implements Extension {
    private final ServerContainer serverContainer;
    private final WebSocketContainer client;

    HostBeans(ServerContainer serverContainer, WebSocketContainer client) {
      this.serverContainer = serverContainer;
      this.client = client;
    }

    void addBeans(@Observes AfterBeanDiscovery event) {
      event
          .addBean()
          .id(EmbeddedNode.class.getName() + ".serverContainer")
          .beanClass(EmbeddedNode.class)
          .types(ServerContainer.class, Object.class)
          .qualifiers(Default.Literal.INSTANCE, Any.Literal.INSTANCE)
          .scope(Dependent.class)
          .createWith(c -> serverContainer);
      event
          .addBean()
          .id(EmbeddedNode.class.getName() + ".client")
          .beanClass(EmbeddedNode.class)
          .types(WebSocketContainer.class, Object.class)
          .qualifiers(Default.Literal.INSTANCE, Any.Literal.INSTANCE)
          .scope(Dependent.class)
          .createWith(c -> client);
    }
  }
}
