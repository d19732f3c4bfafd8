package io.eegrid.bench;

import io.eegrid.CallOptions;
import io.eegrid.Connection;
import io.eegrid.GridConfig;
import io.eegrid.HandlerOptions;
import io.eegrid.Stream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * (so {@code streams} messages/s in all, spread evenly). With 0 streams it is the idle latency; the
 * report compares the p99 of both ({@code -prof io.eegrid.bench.LatencyProfiler}).
 */
@org.openjdk.jmh.annotations.Warmup(iterations = 1, time = 1, timeUnit = TimeUnit.SECONDS)
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FairnessBench {
  @Param({"0", "1000"})
  public int streams;

  private GridNodes nodes;
  private Meter meter;
  private Loop loop;
  private final List<Stream> open = new ArrayList<>();
  private ScheduledExecutorService ticker;
  private final AtomicInteger received = new AtomicInteger();
  private final AtomicInteger running = new AtomicInteger();

  @Setup(Level.Trial)
  public void start() throws Exception {
    GridConfig config = GridConfig.builder().shutdownGracePeriod(Duration.ofSeconds(1)).build();
    nodes =
        new GridNodes(
            2,
            config,
            true,
            (i, b) ->
                b.handler("echo", (ctx, p) -> p)
                    .streamHandler(
                        "trickle",
                        (ctx, payload, requests, responses) -> {
                          running.incrementAndGet();
                          while (requests.next() != null) {
                            received.incrementAndGet();
                          }
                        },
                        HandlerOptions.defaults()));
    Connection caller = nodes.dialed(0) ? nodes.connection(0, 1) : nodes.connection(1, 0);
    for (int i = 0; i < streams; i++) {
      open.add(caller.newStream("trickle", null, CallOptions.defaults()));
    }
    // Measure a steady state: every handler thread started before the first request.
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (running.get() < streams) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(running.get() + " of " + streams + " handlers started");
      }
      java.util.concurrent.locks.LockSupport.parkNanos(
          1_000_000); // poll; the handlers signal nothing else
    }
    if (streams > 0) {
      // One message to one stream per tick, round robin: each stream sends once a second.
      byte[] message = new byte[64];
      AtomicInteger next = new AtomicInteger();
      ticker = Executors.newSingleThreadScheduledExecutor();
      ticker.scheduleAtFixedRate(
          () -> open.get(Math.floorMod(next.getAndIncrement(), streams)).send(message),
          0,
          TimeUnit.SECONDS.toNanos(1) / streams,
          TimeUnit.NANOSECONDS);
    }
    meter = Meter.start();
    loop = new Loop(0, 64, meter);
    loop.start(new CallerOnly(caller));
  }

  @Benchmark
  public void roundTrips(Counts counts) {
    counts.sample(meter);
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    try {
      if (!loop.stop(5_000)) {
        throw new IllegalStateException("a call did not complete within 5 s");
      }
      if (ticker != null) {
        ticker.shutdownNow();
        ticker.awaitTermination(5, TimeUnit.SECONDS);
      }
      for (Stream s : open) {
        s.cancel();
      }
    } finally {
      open.clear();
      nodes.close();
    }
  }

  /** The single requests of {@link GridSubject#call}, on a given connection. */
  private record CallerOnly(Connection caller) implements Subject {
    @Override
    public void call(Loop loop) {
      GridSubject.echo(caller, loop, CallOptions.defaults());
    }

    @Override
    public Flow openFlow(Direction direction, int messageBytes, Meter meter) {
      throw new UnsupportedOperationException("single requests only");
    }

    @Override
    public void close() {}
  }
}
