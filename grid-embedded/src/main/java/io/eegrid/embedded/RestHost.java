package io.eegrid.embedded;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.ext.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.jboss.weld.proxy.WeldClientProxy;

/**
 * Serves the application's Jakarta REST resources on the embedded default: every bean whose class
 * is annotated {@code @Path} or {@code @Provider} is handed to Jersey as the instance the CDI
 * container made (so its injections are CDI's), under {@code grid.embedded.rest-path} ("/api"
 * unless set) on the grid's own port.
 *
 * <p>Supported resource scopes: {@code @ApplicationScoped}, {@code @Singleton}. Resources should
 * use constructor injection (with a protected no-argument constructor for CDI's proxies): Jersey
 * also processes {@code @Inject} fields of the instances it is given, and knows none of the
 * application's beans. Jersey logs a warning per resource instance ("does not implement any
 * provider interfaces ... will be ignored") and serves it as a resource all the same.
 *
 * <p>Known limit: a request that asks to upgrade to HTTP/2 ({@code Upgrade: h2c}, the default of
 * the JDK's {@code HttpClient}) and has a body is taken by Grizzly for a protocol switch and never
 * answered; such clients must use HTTP/1.1 ({@code HttpClient.Version.HTTP_1_1}). curl and browsers
 * are not affected.
 *
 * <p>Not thread-safe; used once by {@link EmbeddedNode} while it starts.
 */
final class RestHost {
  private static final Logger LOG = Logger.getLogger(RestHost.class.getName());

  private RestHost() {}

  /** Mounts the resources found in {@code beans} on {@code server}; returns how many. */
  static int mount(BeanManager beans, TyrusGridServer server, String path) {
    List<Object> components = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
      Class<?> type = bean.getBeanClass();
      if (!type.isAnnotationPresent(Path.class) && !type.isAnnotationPresent(Provider.class)) {
        continue;
      }
      Object ref = beans.getReference(bean, type, beans.createCreationalContext(bean));
      if (ref instanceof WeldClientProxy proxy) {
        ref = proxy.getMetadata().getContextualInstance();
      }
      components.add(ref);
      names.add(type.getSimpleName());
    }
    if (components.isEmpty()) {
      return 0;
    }
    ResourceConfig config =
        new ResourceConfig()
            .property(ServerProperties.WADL_FEATURE_DISABLE, true)
            .registerInstances(components.toArray());
    GrizzlyHttpContainer container =
        ContainerFactory.createContainer(GrizzlyHttpContainer.class, config);
    server.addHttpHandler(container, path);
    LOG.info(() -> "REST resources " + names + " served under " + path);
    return components.size();
  }
}
