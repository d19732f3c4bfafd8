package io.eegrid.cdi;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Optional: a bean of this type supplies the executors the grid runs on, instead of pools the
 * extension builds from the container's {@code ManagedThreadFactory} ({@code grid.thread-factory}).
 * The grid never shuts these down.
 */
public interface GridExecutors {
  /** Runs handlers, writers and dials; must not have a bounded queue smaller than the load. */
  ExecutorService executor();

  /** Runs timers. */
  ScheduledExecutorService scheduler();
}
