package io.eegrid.bench;

import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The figure every closed-loop scenario reports: {@link #completed}, the round trips (or messages)
 * finished during the iteration, which JMH divides by the iteration time and prints as {@code
 * <benchmark>:completed} in ops/s.
 *
 * <p>The systems run by themselves on their own threads (closed loops re-issue from the completion
 * callback; stream producers run under the system's own flow control). The JMH thread only samples
 * the meter once per {@link #TICK_NANOS}, so the primary score (ticks/s) means nothing and the
 * harness takes almost no CPU from the system under test.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Counts {
  /** How long the JMH thread sleeps between two samples. */
  static final long TICK_NANOS = 1_000_000;

  /** Round trips or messages completed in this iteration (read by JMH). */
  public long completed;

  private long base = -1;

  @Setup(Level.Iteration)
  public void newIteration() {
    completed = 0;
    base = -1;
  }

  /**
   * Sleeps one tick, then publishes what {@code meter} counted since the iteration started;
   * rethrows the system's first failure so that JMH reports the benchmark as failed.
   */
  void sample(Meter meter) {
    if (base < 0) {
      base = meter.completedCount();
    }
    LockSupport.parkNanos(TICK_NANOS);
    Throwable t = meter.failure();
    if (t != null) {
      throw new IllegalStateException("the system under test failed: " + t, t);
    }
    completed = meter.completedCount() - base;
  }
}
