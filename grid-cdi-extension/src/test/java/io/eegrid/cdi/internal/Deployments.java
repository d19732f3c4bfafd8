package io.eegrid.cdi.internal;

import static org.assertj.core.api.Assertions.fail;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * Deploys a set of bean classes with the grid extension in a Weld SE container, with its own
 * MicroProfile Config (registered for a context class loader of the deployment's own).
 */
final class Deployments {
  static final Map<String, String> VALID =
      Map.of(
          "grid.local", "127.0.0.1:7001",
          "grid.peers", "127.0.0.1:7001, 127.0.0.1:7002",
          "grid.auth.secret", "a-secret-long-enough-for-the-rule");
  private static final AtomicInteger IDS = new AtomicInteger();

  private Deployments() {}

  /** {@link #VALID} with {@code changes} applied; a null value removes the key. */
  static Map<String, String> config(String... changes) {
    Map<String, String> m = new HashMap<>(VALID);
    for (int i = 0; i < changes.length; i += 2) {
      if (changes[i + 1] == null) {
        m.remove(changes[i]);
      } else {
        m.put(changes[i], changes[i + 1]);
      }
    }
    return m;
  }

  /**
   * Deploys and expects the deployment to fail; returns the grid's problems (each "EE Grid: ..."
   * message found in the failure, in order).
   */
  static List<String> problems(Map<String, String> config, Class<?>... beans) {
    SmallRyeConfig cfg =
        new SmallRyeConfigBuilder()
            .withSources(new PropertiesConfigSource(config, "test", 500))
            .build();
    ClassLoader loader = new URLClassLoader(new URL[0], Deployments.class.getClassLoader());
    ConfigProviderResolver.instance().registerConfig(cfg, loader);
    Thread t = Thread.currentThread();
    ClassLoader previous = t.getContextClassLoader();
    t.setContextClassLoader(loader);
    try (WeldContainer c =
        new Weld("grid-test-" + IDS.incrementAndGet())
            .disableDiscovery()
            .skipShutdownHook()
            .addExtension(new GridExtension())
            .addBeanClasses(beans)
            .initialize()) {
      return fail(
          "the deployment succeeded (running=%s), but a problem was expected", c.isRunning());
    } catch (RuntimeException e) {
      return gridProblems(e);
    } finally {
      t.setContextClassLoader(previous);
      ConfigProviderResolver.instance().releaseConfig(cfg);
    }
  }

  /** The distinct "EE Grid: " messages in {@code e}, its causes and suppressed exceptions. */
  static List<String> gridProblems(Throwable e) {
    List<String> found = new ArrayList<>();
    collect(e, found, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
    if (found.isEmpty()) {
      throw new AssertionError("the deployment failed, but not with a grid problem", e);
    }
    return found;
  }

  private static void collect(Throwable e, List<String> out, Set<Throwable> seen) {
    if (e == null || !seen.add(e)) {
      return;
    }
    String m = e.getMessage();
    if (m != null) {
      for (String line : m.split("\n")) {
        int at = line.indexOf("EE Grid: ");
        if (at >= 0 && !out.contains(line.substring(at))) {
          out.add(line.substring(at));
        }
      }
    }
    collect(e.getCause(), out, seen);
    for (Throwable s : e.getSuppressed()) {
      collect(s, out, seen);
    }
  }
}
