package io.eegrid.cdi.internal;

import io.eegrid.Connection;
import io.eegrid.GridManager;
import io.eegrid.TypedSingle;
import io.eegrid.TypedStream;
import io.eegrid.cdi.GridCall;
import io.eegrid.cdi.GridHandler;
import io.eegrid.cdi.GridPeer;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Annotated;
import jakarta.enterprise.inject.spi.AnnotatedField;
import jakarta.enterprise.inject.spi.AnnotatedParameter;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.ProcessInjectionPoint;
import jakarta.enterprise.inject.spi.ProcessManagedBean;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The portable extension behind EE Grid: finds {@link GridHandler} beans and the injection points
 * that name peers ({@link GridPeer}) and typed calls ({@link GridCall}), reads MicroProfile Config,
 * checks all of it at deployment (each problem is its own definition error naming the bean, key or
 * injection point and the rule), adds the {@link GridManager} and per-peer {@link Connection}
 * beans, starts the grid when the application starts and closes it when the application stops.
 *
 * <p>Threads: the container delivers the discovery events one at a time on its deployment thread;
 * the lists below are written only then. {@code runtime} is set in {@code AfterBeanDiscovery} and
 * read afterwards from bean creation callbacks on any thread, hence volatile.
 */
public final class GridExtension implements Extension {
  private static final Logger LOG = Logger.getLogger(GridExtension.class.getName());

  private final List<String> problems = new ArrayList<>();
  private final Set<String> annotatedHandlers = new LinkedHashSet<>();
  private final Set<String> handlerBeanClasses = new LinkedHashSet<>();
  private final List<GridRuntime.HandlerBean> handlers = new ArrayList<>();
  private final List<PeerPoint> peerPoints = new ArrayList<>();
  private final List<CallPoint> callPoints = new ArrayList<>();
  private volatile GridRuntime runtime;

  private record PeerPoint(String where, String host, Type type) {}

  private record CallPoint(String where, String name, Type type) {}

  void beforeDiscovery(@Observes BeforeBeanDiscovery event, BeanManager beans) {
    event.addAnnotatedType(
        beans.createAnnotatedType(TypedCallProducer.class), TypedCallProducer.class.getName());
  }

  <T> void annotatedHandler(
      @Observes @WithAnnotations(GridHandler.class) ProcessAnnotatedType<T> e) {
    if (e.getAnnotatedType().isAnnotationPresent(GridHandler.class)) {
      annotatedHandlers.add(e.getAnnotatedType().getJavaClass().getName());
    }
  }

  <T> void handlerBean(@Observes ProcessManagedBean<T> event) {
    GridHandler annotation = event.getAnnotatedBeanClass().getAnnotation(GridHandler.class);
    if (annotation == null) {
      return;
    }
    var bean = event.getBean();
    String beanName = bean.getBeanClass().getName();
    handlerBeanClasses.add(beanName);
    Class<? extends Annotation> scope = bean.getScope();
    if (scope != ApplicationScoped.class && scope != Singleton.class && scope != Dependent.class) {
      problems.add(
          "@GridHandler bean "
              + beanName
              + " is @"
              + scope.getSimpleName()
              + "; grid calls run outside any request or session, so a handler must be"
              + " @ApplicationScoped, @Singleton or @Dependent");
    }
    HandlerBinding binding =
        HandlerBinding.classify(beanName, bean.getTypes(), annotation, problems);
    if (binding != null) {
      handlers.add(new GridRuntime.HandlerBean(bean, binding));
    }
  }

  void injectionPoint(@Observes ProcessInjectionPoint<?, ?> event) {
    InjectionPoint ip = event.getInjectionPoint();
    for (Annotation q : ip.getQualifiers()) {
      if (q instanceof GridPeer peer) {
        peerPoints.add(new PeerPoint(describe(ip), peer.value(), ip.getType()));
      } else if (q instanceof GridCall call) {
        callPoints.add(new CallPoint(describe(ip), call.value(), ip.getType()));
      }
    }
  }

  void afterDiscovery(@Observes AfterBeanDiscovery event, BeanManager beans) {
    GridSettings settings = GridSettings.read(ConfigProvider.getConfig());
    List<String> all = new ArrayList<>(settings.problems);
    for (String type : annotatedHandlers) {
      if (!handlerBeanClasses.contains(type)) {
        all.add(
            "@GridHandler class "
                + type
                + " is not a bean (it is abstract, an interface, vetoed, or has no usable"
                + " constructor); make it a concrete bean class, for example @ApplicationScoped");
      }
    }
    all.addAll(problems);
    checkHandlers(settings, all);
    checkPeers(settings, all);
    checkCalls(all);
    for (String p : all) {
      LOG.severe("EE Grid deployment problem: " + p);
      event.addDefinitionError(new DeploymentException("EE Grid: " + p));
    }
    if (all.isEmpty()) {
      runtime = new GridRuntime(settings, handlers, beans);
    }
    addBeans(event, settings);
  }

  private void checkHandlers(GridSettings settings, List<String> out) {
    Map<String, HandlerBinding> byRoute = new HashMap<>();
    int maxName = settings.config.maxNameBytes();
    int maxWindow = settings.config.maxStreamWindow();
    for (GridRuntime.HandlerBean h : handlers) {
      HandlerBinding b = h.binding();
      String key = b.name + "\u0000" + (b.subroute() == null ? "" : b.subroute());
      HandlerBinding other = byRoute.putIfAbsent(key, b);
      if (other != null) {
        out.add(
            "duplicate handler name: \""
                + b.name
                + "\""
                + (b.subroute() == null ? "" : " subroute \"" + b.subroute() + "\"")
                + " is declared by both "
                + other.beanName
                + " and "
                + b.beanName
                + "; each name and subroute may have one @GridHandler");
      }
      if (b.name.getBytes(StandardCharsets.UTF_8).length > maxName
          || (b.subroute() != null
              && b.subroute().getBytes(StandardCharsets.UTF_8).length > maxName)) {
        out.add(b.describe() + ": name or subroute is longer than grid.max-name-bytes " + maxName);
      }
      if (b.kind.isStream()
          && Math.max(b.options.requestWindow(), b.options.responseWindow()) > maxWindow) {
        out.add(
            b.describe()
                + ": windows "
                + b.options.requestWindow()
                + "/"
                + b.options.responseWindow()
                + " are larger than grid.max-stream-window "
                + maxWindow);
      }
    }
  }

  private void checkPeers(GridSettings settings, List<String> out) {
    for (PeerPoint p : peerPoints) {
      if (HandlerBinding.rawType(p.type()) != Connection.class) {
        out.add(
            p.where()
                + ": @GridPeer qualifies io.eegrid.Connection only, not "
                + p.type().getTypeName());
      } else if (p.host().equals(settings.local)) {
        out.add(
            p.where()
                + ": @GridPeer(\""
                + p.host()
                + "\") names this node (grid.local); a node has no connection to itself");
      } else if (!settings.hosts.isEmpty() && !settings.hosts.contains(p.host())) {
        out.add(
            p.where()
                + ": @GridPeer(\""
                + p.host()
                + "\") is not a peer; grid.peers lists "
                + settings.hosts);
      }
    }
  }

  private void checkCalls(List<String> out) {
    for (CallPoint c : callPoints) {
      HandlerBinding.Kind kind = callKind(c.type());
      if (kind == null) {
        out.add(
            c.where()
                + ": @GridCall qualifies TypedSingle<Q, R> or TypedStream<P, Q, R> with type"
                + " arguments, not "
                + c.type().getTypeName());
        continue;
      }
      List<String> found = new ArrayList<>();
      HandlerBinding.descriptor(c.where(), c.name(), kind, c.type(), found);
      out.addAll(found);
      if (!found.isEmpty()) {
        continue;
      }
      Type[] args = ((ParameterizedType) c.type()).getActualTypeArguments();
      for (GridRuntime.HandlerBean h : handlers) {
        HandlerBinding b = h.binding();
        if (!b.name.equals(c.name()) || !(b.handlerType instanceof ParameterizedType ht)) {
          continue;
        }
        if ((b.kind == HandlerBinding.Kind.TYPED_SINGLE)
                != (kind == HandlerBinding.Kind.TYPED_SINGLE)
            || !typeNames(ht.getActualTypeArguments()).equals(typeNames(args))) {
          out.add(
              c.where()
                  + ": @GridCall(\""
                  + c.name()
                  + "\") has type "
                  + c.type().getTypeName()
                  + " but the handler "
                  + b.beanName
                  + " implements "
                  + b.handlerType.getTypeName()
                  + "; the caller's and the handler's types must be the same");
        }
      }
    }
  }

  private static List<String> typeNames(Type[] types) {
    return Arrays.stream(types).map(Type::getTypeName).toList();
  }

  static HandlerBinding.Kind callKind(Type type) {
    if (!(type instanceof ParameterizedType)) {
      return null;
    }
    Class<?> raw = HandlerBinding.rawType(type);
    if (raw == TypedSingle.class) {
      return HandlerBinding.Kind.TYPED_SINGLE;
    }
    if (raw == TypedStream.class) {
      return HandlerBinding.Kind.TYPED_STREAM;
    }
    return null;
  }

  private void addBeans(AfterBeanDiscovery event, GridSettings settings) {
    event
        .addBean()
        .id(GridManager.class.getName())
        .beanClass(GridExtension.class)
        .types(GridManager.class, Object.class)
        .qualifiers(Default.Literal.INSTANCE, Any.Literal.INSTANCE)
        .scope(ApplicationScoped.class)
        .createWith(c -> runtime().manager());
    for (String host : settings.hosts) {
      if (host.equals(settings.local)) {
        continue;
      }
      event
          .addBean()
          .id(Connection.class.getName() + "@" + host)
          .beanClass(GridExtension.class)
          .types(Connection.class, Object.class)
          .qualifiers(GridPeer.Literal.of(host), Any.Literal.INSTANCE)
          .scope(Dependent.class)
          .createWith(c -> runtime().manager().connection(host));
    }
  }

  private GridRuntime runtime() {
    GridRuntime r = runtime;
    if (r == null) {
      throw new IllegalStateException("EE Grid did not deploy; see the deployment problems logged");
    }
    return r;
  }

  void start(
      @Observes
          @Priority(Interceptor.Priority.PLATFORM_BEFORE)
          @Initialized(ApplicationScoped.class)
          Object payload) {
    runtime().start(payload);
  }

  void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object payload) {
    GridRuntime r = runtime;
    if (r != null) {
      r.stop();
    }
  }

  /** The web module started: starts the grid (see {@link GridServletInitializer}). */
  void startFromServlet(Object servletContext) {
    GridRuntime r = runtime;
    if (r != null) {
      r.start(servletContext);
    }
  }

  /** The web module is stopping: closes the grid (see {@link GridServletInitializer}). */
  void stopFromServlet() {
    GridRuntime r = runtime;
    if (r != null) {
      r.stop();
    }
  }

  private static String describe(InjectionPoint ip) {
    Annotated a = ip.getAnnotated();
    String owner =
        ip.getBean() != null
            ? ip.getBean().getBeanClass().getName()
            : ip.getMember().getDeclaringClass().getName();
    if (a instanceof AnnotatedField<?>) {
      return "injection point " + owner + "." + ip.getMember().getName();
    }
    if (a instanceof AnnotatedParameter<?> p) {
      return "injection point "
          + owner
          + "."
          + ip.getMember().getName()
          + "(parameter "
          + p.getPosition()
          + ")";
    }
    return "injection point " + owner + "." + ip.getMember().getName();
  }
}
