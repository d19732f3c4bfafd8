package io.eegrid.cdi.internal;

import io.eegrid.GridListener;
import io.eegrid.GridManager;
import io.eegrid.SingleHandler;
import io.eegrid.StreamHandler;
import io.eegrid.TypedSingle;
import io.eegrid.TypedStream;
import io.eegrid.cdi.GridExecutors;
import io.eegrid.cdi.PeerConnected;
import io.eegrid.cdi.PeerDisconnected;
import io.eegrid.cdi.PeerRejected;
import io.eegrid.transport.Dialer;
import io.eegrid.websocket.GridEndpoint;
import io.eegrid.websocket.WebSocketDialer;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.WebSocketContainer;
import jakarta.websocket.server.ServerContainer;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The grid of one deployment: builds the {@link GridManager} from the validated settings and
 * handler beans, registers the endpoint with the container's {@code ServerContainer}, starts it
 * when the application starts and closes it (gracefully) when the application stops.
 *
 * <p>Threads and locks: {@link #manager()}, {@link #start} and the state change of {@link #stop}
 * synchronize on this object (stop closes the manager after releasing it); they run on deployment
 * threads (or, for {@code manager()}, on whatever thread first injects a grid bean). {@code
 * running} is volatile: the endpoint reads it on WebSocket threads to refuse links before start and
 * after stop. {@code dialer} is volatile: set once in {@code start} before the manager dials, read
 * on the grid's dial threads. Nothing here blocks except {@link #stop}, which waits for the
 * manager's bounded grace period.
 */
final class GridRuntime {
  private static final Logger LOG = Logger.getLogger(GridRuntime.class.getName());
  private static final String SERVLET_CONTEXT = "jakarta.servlet.ServletContext";
  private static final String SERVER_CONTAINER_ATTRIBUTE =
      "jakarta.websocket.server.ServerContainer";

  private final GridSettings settings;
  private final List<HandlerBean> handlers;
  private final BeanManager beans;

  // Guarded by this.
  private GridManager manager;
  private final List<CreationalContext<?>> created = new ArrayList<>();
  private boolean started;
  private boolean stopped;

  private volatile GridManager running;
  private volatile Dialer dialer;

  /** A handler bean and how it was classified. */
  record HandlerBean(Bean<?> bean, HandlerBinding binding) {}

  GridRuntime(GridSettings settings, List<HandlerBean> handlers, BeanManager beans) {
    this.settings = settings;
    this.handlers = List.copyOf(handlers);
    this.beans = beans;
  }

  /** The manager, built on first use (it dials nothing before {@link #start}). */
  synchronized GridManager manager() {
    if (stopped) {
      throw new IllegalStateException("the grid of this application has been closed");
    }
    if (manager == null) {
      manager = build();
    }
    return manager;
  }

  private GridManager build() {
    GridManager.Builder b =
        GridManager.builder()
            .localHost(settings.local)
            .hosts(settings.hosts)
            .secret(settings.secret)
            .previousSecret(settings.previousSecret)
            .config(settings.config)
            .dialer(this::dial)
            .listener(new CdiEvents(beans));
    useExecutors(b);
    for (HandlerBean h : handlers) {
      register(b, h);
    }
    GridManager built = b.build();
    LOG.info(
        () ->
            "grid "
                + settings.local
                + ": "
                + handlers.size()
                + " handler(s), peers "
                + built.remoteHosts());
    return built;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void register(GridManager.Builder b, HandlerBean h) {
    HandlerBinding binding = h.binding();
    CreationalContext<?> cc = beans.createCreationalContext(h.bean());
    created.add(cc);
    Object instance = beans.getReference(h.bean(), binding.handlerType, cc);
    switch (binding.kind) {
      case SINGLE -> b.handler(binding.name, (SingleHandler) instance, binding.options);
      case STREAM -> b.streamHandler(binding.name, (StreamHandler) instance, binding.options);
      case TYPED_SINGLE ->
          b.handler(
              binding.name,
              ((TypedSingle) binding.descriptor).adapt((TypedSingle.Handler) instance),
              binding.options);
      case TYPED_STREAM ->
          b.streamHandler(
              binding.name,
              ((TypedStream) binding.descriptor).adapt((TypedStream.Handler) instance),
              binding.options);
    }
  }

  /**
   * A {@link GridExecutors} bean if there is one, else pools made by the managed thread factory.
   */
  private void useExecutors(GridManager.Builder b) {
    Bean<?> bean = beans.resolve(beans.getBeans(GridExecutors.class));
    if (bean != null) {
      GridExecutors ex =
          (GridExecutors)
              beans.getReference(bean, GridExecutors.class, beans.createCreationalContext(bean));
      b.executor(ex.executor()).scheduler(ex.scheduler());
      LOG.fine("grid threads: from the GridExecutors bean " + bean.getBeanClass().getName());
      return;
    }
    if (settings.executor != null) {
      b.executor(lookup(GridSettings.EXECUTOR, settings.executor, ExecutorService.class));
    }
    if (settings.scheduler != null) {
      b.scheduler(
          lookup(GridSettings.SCHEDULER, settings.scheduler, ScheduledExecutorService.class));
    }
    if (settings.executor == null || settings.scheduler == null) {
      ThreadFactory factory = lookupThreadFactory();
      if (factory != null) {
        b.threadFactory(factory);
      }
    }
  }

  /** Whether the Servlet API is visible: a hint that this runs in an application server. */
  private static boolean servletApiVisible() {
    try {
      Class.forName(SERVLET_CONTEXT, false, Thread.currentThread().getContextClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
      return false;
    }
  }

  private static <T> T lookup(String key, String name, Class<T> type) {
    Object found;
    try {
      found = InitialContext.doLookup(name);
    } catch (NamingException e) {
      throw new IllegalStateException(key + ": nothing bound at JNDI name " + name + ": " + e, e);
    }
    if (!type.isInstance(found)) {
      throw new IllegalStateException(
          key
              + ": JNDI name "
              + name
              + " holds a "
              + (found == null ? "null" : found.getClass().getName())
              + ", not a "
              + type.getName());
    }
    LOG.fine(() -> "grid threads: " + key + " from " + name);
    return type.cast(found);
  }

  /**
   * The thread factory at {@code grid.thread-factory}, or null when the default name is not bound
   * (no Jakarta EE server, or one without JNDI): the grid then makes its own threads, and says why.
   */
  private ThreadFactory lookupThreadFactory() {
    String name = settings.threadFactory;
    try {
      return lookup(GridSettings.THREAD_FACTORY, name, ThreadFactory.class);
    } catch (IllegalStateException e) {
      if (settings.threadFactoryConfigured || !(e.getCause() instanceof NamingException)) {
        throw e;
      }
      boolean inServer = servletApiVisible();
      LOG.log(
          inServer ? Level.WARNING : Level.INFO,
          "grid threads: no managed thread factory at "
              + name
              + " ("
              + e.getCause()
              + "); the grid uses its own daemon threads."
              + (inServer
                  ? " In a Jakarta EE server, make the default ManagedThreadFactory available to"
                      + " JNDI lookups (Open Liberty: features concurrent-3.0 and jndi-1.0), or"
                      + " name one with "
                      + GridSettings.THREAD_FACTORY
                  : ""));
      return null;
    }
  }

  private io.eegrid.transport.Transport dial(
      String host,
      Map<String, String> headers,
      io.eegrid.transport.TransportListener listener,
      java.time.Duration timeout,
      int maxFrameBytes)
      throws IOException {
    Dialer d = dialer;
    if (d == null) {
      throw new IOException("the grid has not started");
    }
    return d.dial(host, headers, listener, timeout, maxFrameBytes);
  }

  /**
   * Registers the endpoint and starts dialing. {@code payload} is the application-start event's
   * payload: the {@code ServletContext} in a web module; elsewhere a {@code ServerContainer} bean
   * must exist (the embedded default provides one). An event that is neither (a non-web module's
   * start) is ignored. Called by the CDI start event and by {@link GridServletInitializer}'s
   * listener, whichever reaches this first; idempotent.
   */
  synchronized void start(Object payload) {
    if (started || stopped) {
      return;
    }
    Host host = findHost(payload);
    if (host == null) {
      // Some servers (Payara) first fire the application-start event for a bean deployment module
      // that is not the web module, with another payload: wait for the web module's start.
      LOG.fine(
          () ->
              "grid "
                  + settings.local
                  + ": application-start event with payload "
                  + (payload == null ? "null" : payload.getClass().getName())
                  + " is not a web module's; waiting for the web module's");
      return;
    }
    started = true;
    String dialPath =
        settings.dialPath != null ? settings.dialPath : host.contextPath + settings.path;
    dialer = new WebSocketDialer(clientContainer(), dialPath, settings.tls);
    GridManager m = manager();
    try {
      host.container.addEndpoint(GridEndpoint.config(() -> running, settings.path));
    } catch (DeploymentException | RuntimeException e) {
      throw new IllegalStateException(
          "cannot register the grid endpoint at " + host.contextPath + settings.path + ": " + e, e);
    }
    running = m;
    m.start();
    LOG.info(
        () ->
            "grid "
                + settings.local
                + " started: serving "
                + host.contextPath
                + settings.path
                + ", dialing peers at "
                + dialPath);
  }

  /** Stops accepting calls, lets running ones finish within the grace period, then closes. */
  void stop() {
    GridManager m;
    List<CreationalContext<?>> release;
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
      m = manager;
      running = null;
      release = new ArrayList<>(created);
      created.clear();
    }
    // Outside the lock: close() waits up to the grace period, and nobody should wait on us for it.
    if (m != null) {
      m.close();
      LOG.info(() -> "grid " + settings.local + " closed");
    }
    for (CreationalContext<?> cc : release) {
      cc.release();
    }
  }

  /**
   * The WebSocket client to dial with: a {@code WebSocketContainer} bean if the environment
   * provides one (the embedded default does, and closes it), else the container's own.
   */
  private WebSocketContainer clientContainer() {
    Bean<?> bean = beans.resolve(beans.getBeans(WebSocketContainer.class));
    if (bean != null) {
      return (WebSocketContainer)
          beans.getReference(bean, WebSocketContainer.class, beans.createCreationalContext(bean));
    }
    return ContainerProvider.getWebSocketContainer();
  }

  private record Host(ServerContainer container, String contextPath) {}

  private Host findHost(Object payload) {
    Host fromServlet = servletHost(payload);
    if (fromServlet != null) {
      return fromServlet;
    }
    Bean<?> bean = beans.resolve(beans.getBeans(ServerContainer.class));
    if (bean == null && payload != null) {
      return null; // maybe not the web module's event; see start()
    }
    if (bean == null) {
      throw new IllegalStateException(
          "no WebSocket ServerContainer to serve the grid endpoint: deploy the application as a"
              + " web module, or provide a bean of type jakarta.websocket.server.ServerContainer"
              + " (the embedded default does)");
    }
    ServerContainer container =
        (ServerContainer)
            beans.getReference(bean, ServerContainer.class, beans.createCreationalContext(bean));
    return new Host(container, "");
  }

  private static Host servletHost(Object payload) {
    if (payload == null) {
      return null;
    }
    Class<?> servletContext;
    try {
      servletContext = Class.forName(SERVLET_CONTEXT, false, payload.getClass().getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
    if (!servletContext.isInstance(payload)) {
      return null;
    }
    try {
      Method attribute = servletContext.getMethod("getAttribute", String.class);
      Method contextPath = servletContext.getMethod("getContextPath");
      Object container = attribute.invoke(payload, SERVER_CONTAINER_ATTRIBUTE);
      if (!(container instanceof ServerContainer sc)) {
        throw new IllegalStateException(
            "the web module has no WebSocket ServerContainer (servlet context attribute "
                + SERVER_CONTAINER_ATTRIBUTE
                + " is "
                + container
                + "); enable the server's WebSocket feature");
      }
      return new Host(sc, (String) contextPath.invoke(payload));
    } catch (IllegalAccessException | NoSuchMethodException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read the servlet context: " + e, e);
    }
  }

  /**
   * Fires the grid's connection events as CDI events, to synchronous observers on the grid's event
   * thread and to asynchronous ones through the container. Called on grid threads.
   */
  private record CdiEvents(BeanManager beans) implements GridListener {
    @Override
    public void onConnected(String remoteHost, UUID remoteInstanceId, boolean restarted) {
      fire(new PeerConnected(remoteHost, remoteInstanceId, restarted));
    }

    @Override
    public void onDisconnected(String remoteHost, String reason) {
      fire(new PeerDisconnected(remoteHost, reason));
    }

    @Override
    public void onRejected(String remote, String reason, boolean byRemote) {
      fire(new PeerRejected(remote, reason, byRemote));
    }

    private void fire(Object event) {
      try {
        beans.getEvent().fire(event);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "an observer of " + event + " failed", e);
      }
      try {
        beans.getEvent().fireAsync(event); // for @ObservesAsync observers
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "cannot notify the asynchronous observers of " + event, e);
      }
    }
  }
}
