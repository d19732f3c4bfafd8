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
 * Bulk data: 64 KiB messages on one stream, each direction separately. Messages per second in
 * {@code :completed}; MB/s is that times {@value Shapes#BULK_MESSAGE_BYTES} bytes. Caller to
 * handler is the masked (WebSocket client to server) direction for the WebSocket systems.
 */
@org.openjdk.jmh.annotations.Warmup(iterations = 1, time = 1, timeUnit = TimeUnit.SECONDS)
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BulkBench {
  @Param({Shapes.EEGRID, Shapes.TYRUS, Shapes.GRPC, Shapes.GRPC_DIRECT, Shapes.RSOCKET})
  public String system;

  @Param({"TO_CALLER", "TO_HANDLER"})
  public Direction direction;

  private Subject subject;
  private Meter meter;
  private Subject.Flow flow;

  @Setup(Level.Trial)
  public void start() throws Exception {
    subject = Subjects.start(system);
    meter = Meter.start();
    flow = subject.openFlow(direction, Shapes.BULK_MESSAGE_BYTES, meter);
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
