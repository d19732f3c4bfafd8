package io.eegrid.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Fairness (issue 6): latency of single requests (64 B, one in flight) on a connection that also
 * carries {@link #streams} open streams, each sending one 64 B message per second to its handler
 * (so {@code streams} messages/s in all, spread evenly; {@link TrickleGrid}). With 0 streams it is
 * the idle latency. The two trials run minutes apart, in two JVMs, so their p99s also differ by the
 * machine's drift; the fairness target is judged on {@link PairedFairness}, which takes both within
 * one JVM, in alternating windows.
 */
@org.openjdk.jmh.annotations.Warmup(iterations = 1, time = 1, timeUnit = TimeUnit.SECONDS)
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FairnessBench {
  @Param({"0", "1000"})
  public int streams;

  private TrickleGrid grid;
  private Meter meter;
  private Loop loop;

  @Setup(Level.Trial)
  public void start() throws Exception {
    grid = new TrickleGrid(streams);
    grid.trickle(true);
    meter = Meter.start();
    loop = new Loop(0, 64, meter);
    loop.start(grid.requests());
  }

  @Benchmark
  public void roundTrips(Counts counts) {
    counts.sample(meter);
  }

  @TearDown(Level.Trial)
  public void stop() throws InterruptedException {
    try {
      if (!loop.stop(5_000)) {
        throw new IllegalStateException("a call did not complete within 5 s");
      }
    } finally {
      grid.close();
    }
  }
}
