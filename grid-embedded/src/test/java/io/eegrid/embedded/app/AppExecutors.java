package io.eegrid.embedded.app;

import io.eegrid.cdi.GridExecutors;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/** The application's own pools for the grid; the application, not the grid, shuts them down. */
@ApplicationScoped
public class AppExecutors implements GridExecutors {
  private final AtomicInteger n = new AtomicInteger();
  private final ExecutorService executor =
      Executors.newCachedThreadPool(r -> new Thread(r, "app-pool-" + n.incrementAndGet()));
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "app-timer"));
  public static volatile boolean shutDownByTheApplication;

  @Override
  public ExecutorService executor() {
    return executor;
  }

  @Override
  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  @PreDestroy
  void shutdown() {
    shutDownByTheApplication = !executor.isShutdown() && !scheduler.isShutdown();
    executor.shutdownNow();
    scheduler.shutdownNow();
  }
}
