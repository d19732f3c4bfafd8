package io.eegrid.bench;

import io.eegrid.Connection;
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
 * EE Grid's blocking {@link Connection#request}, one call at a time from the JMH thread: what a
 * plain caller gets. Here the primary score is real (requests/s), and {@code -prof gc}'s {@code
 * gc.alloc.rate.norm} is the allocation of one whole request, caller and handler node together.
 */
@org.openjdk.jmh.annotations.Warmup(iterations = 1, time = 1, timeUnit = TimeUnit.SECONDS)
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BlockingRequestBench {
  @Param({Shapes.P64, Shapes.P512, Shapes.P4K})
  public int payloadBytes;

  private GridSubject grid;
  private Connection caller;
  private byte[] payload;

  @Setup(Level.Trial)
  public void start() throws Exception {
    grid = new GridSubject(false);
    caller = grid.caller();
    payload = new byte[payloadBytes];
  }

  @Benchmark
  public byte[] request() {
    return caller.request("echo", payload);
  }

  @TearDown(Level.Trial)
  public void stop() {
    grid.close();
  }
}
