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
 * Small messages on one stream, as fast as each system's flow control allows: handler to caller,
 * caller to handler, and two-way echo (each echoed message counts twice, once per direction).
 * Messages per second in {@code :completed}, counted where they arrive. The flow runs until its
 * rate levels ({@link Warmup#flow}) before the first measured iteration; JMH adds no warm-up
 * iteration of its own.
 *
 * <p>{@code -p system=eegrid-w1024} measures EE Grid with stream windows of 1024 (not in the
 * default run).
 */
@org.openjdk.jmh.annotations.Warmup(iterations = 0) // the flow warm-up above replaces it
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StreamBench {
  @Param({Shapes.EEGRID, Shapes.TYRUS, Shapes.GRPC, Shapes.GRPC_DIRECT, Shapes.RSOCKET})
  public String system;

  @Param({"TO_CALLER", "TO_HANDLER", "ECHO"})
  public Direction direction;

  @Param({Shapes.P64, Shapes.P512})
  public int messageBytes;

  private Subject subject;
  private Meter meter;
  private Subject.Flow flow;

  @Setup(Level.Trial)
  public void start() throws Exception {
    subject = Subjects.start(system);
    meter = Meter.start();
    flow = subject.openFlow(direction, messageBytes, meter);
    long warmed = Warmup.flow(meter, system); // steady state first: see Warmup
    System.out.println("flow warm-up: " + warmed + " ms");
  }

  @Benchmark
  public void messages(Counts counts) {
    counts.sample(meter);
  }

  @TearDown(Level.Trial)
  public void stop() {
    try {
      flow.close();
    } finally {
      subject.close();
    }
  }
}
