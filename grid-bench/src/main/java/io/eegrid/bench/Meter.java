package io.eegrid.bench;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What one benchmark trial measures: completed round trips or messages, call latencies, and the
 * first failure. Written by the systems' own threads (completion callbacks, stream readers), read
 * by the JMH thread through {@link Counts} and by {@link LatencyProfiler}.
 *
 * <p>Thread-safe: the counter is a {@link LongAdder}, the latencies an HdrHistogram {@link
 * Recorder}, the failure an {@link AtomicReference}.
 */
final class Meter {
  /**
   * The meter of the latest trial started in this JVM, for {@link LatencyProfiler}. It stays set
   * after the trial's teardown, because JMH tears a trial down before the profiler reads its last
   * iteration.
   */
  private static volatile Meter current;

  private final LongAdder completed = new LongAdder();
  private final Recorder latencyNanos = new Recorder(3);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  /** A fresh meter, made the current one of this JVM. */
  static Meter start() {
    Meter m = new Meter();
    current = m;
    return m;
  }

  static Meter current() {
    return current;
  }

  /** Counts {@code n} completed round trips or messages. */
  void completed(long n) {
    completed.add(n);
  }

  /** Counts one round trip and records how long it took. */
  void roundTrip(long nanos) {
    completed.increment();
    latencyNanos.recordValue(Math.max(0, nanos));
  }

  long completedCount() {
    return completed.sum();
  }

  /** Remembers the first failure; {@link Counts#sample} rethrows it on the JMH thread. */
  void fail(Throwable t) {
    failure.compareAndSet(null, t);
  }

  Throwable failure() {
    return failure.get();
  }

  /** The latencies recorded since the previous call (HdrHistogram interval semantics). */
  Histogram takeLatencies() {
    return latencyNanos.getIntervalHistogram();
  }
}
