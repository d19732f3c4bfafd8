package io.eegrid.bench;

import java.util.ArrayList;
import java.util.List;
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
 * Single requests (echo), {@link #inFlight} calls kept in flight on one connection by closed loops
 * ({@link Loop}): round trips per second in {@code :completed}, latency percentiles from {@link
 * LatencyProfiler}. Every system echoes the payload, so each round trip carries it both ways.
 */
// Warmup.singleRequests has warmed the system, at the end at the trial's own concurrency.
@org.openjdk.jmh.annotations.Warmup(iterations = 0)
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SingleRequestBench {
  @Param({
    Shapes.EEGRID,
    Shapes.EEGRID_DIRECT,
    Shapes.TYRUS,
    Shapes.GRPC,
    Shapes.GRPC_DIRECT,
    Shapes.RSOCKET
  })
  public String system;

  @Param({Shapes.P64, Shapes.P512, Shapes.P4K})
  public int payloadBytes;

  @Param({Shapes.IN_FLIGHT_1, Shapes.IN_FLIGHT_16, Shapes.IN_FLIGHT_64, Shapes.IN_FLIGHT_256})
  public int inFlight;

  private Subject subject;
  private Meter meter;
  private final List<Loop> loops = new ArrayList<>();

  @Setup(Level.Trial)
  public void start() throws Exception {
    subject = Subjects.start(system);
    Warmup.singleRequests(subject, payloadBytes, inFlight, system); // steady state: see Warmup
    meter = Meter.start();
    for (int i = 0; i < inFlight; i++) {
      loops.add(new Loop(i, payloadBytes, meter));
    }
    for (Loop l : loops) {
      l.start(subject);
    }
  }

  @Benchmark
  public void roundTrips(Counts counts) {
    counts.sample(meter);
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    try {
      for (Loop l : loops) {
        if (!l.stop(5_000)) {
          throw new IllegalStateException(system + ": a call did not complete within 5 s");
        }
      }
    } finally {
      loops.clear();
      subject.close();
    }
  }
}
