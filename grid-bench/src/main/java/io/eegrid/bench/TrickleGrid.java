package io.eegrid.bench;

import io.eegrid.CallOptions;
import io.eegrid.Connection;
import io.eegrid.GridConfig;
import io.eegrid.HandlerOptions;
import io.eegrid.Stream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The fairness setting (issue 6): two EE Grid nodes whose connection carries single requests to an
 * echo handler next to {@code streams} open streams; while {@linkplain #trickle(boolean)
 * trickling}, each stream sends one 64 B message per second to its handler, round robin, so {@code
 * streams} messages/s in all, spread evenly. Used by {@link FairnessBench} and {@link
 * PairedFairness}.
 *
 * <p>Thread rules: built, switched and closed by one thread; the ticker thread sends the messages
 * and reads the volatile switch; the stream handlers run on the grid's threads.
 */
final class TrickleGrid implements AutoCloseable {
  private final GridNodes nodes;
  private final Connection caller;
  private final List<Stream> open = new ArrayList<>();
  private final AtomicInteger running = new AtomicInteger();
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
  private volatile boolean trickling;

  /** Starts the nodes and opens the streams; returns once every stream's handler runs. */
  TrickleGrid(int streams) throws IOException {
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
                            // a message arrived; the stream waits for the next
                          }
                        },
                        HandlerOptions.defaults()));
    try {
      caller = nodes.dialed(0) ? nodes.connection(0, 1) : nodes.connection(1, 0);
      for (int i = 0; i < streams; i++) {
        open.add(caller.newStream("trickle", null, CallOptions.defaults()));
      }
      // A steady state: every handler thread started before the first request.
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (running.get() < streams) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(running.get() + " of " + streams + " handlers started");
        }
        LockSupport.parkNanos(1_000_000); // poll; the handlers signal nothing else
      }
      if (streams > 0) {
        byte[] message = new byte[64];
        AtomicInteger next = new AtomicInteger();
        ticker.scheduleAtFixedRate(
            () -> {
              if (trickling) {
                open.get(Math.floorMod(next.getAndIncrement(), streams)).send(message);
              }
            },
            0,
            TimeUnit.SECONDS.toNanos(1) / streams,
            TimeUnit.NANOSECONDS);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Starts or stops the streams' messages (the streams stay open). */
  void trickle(boolean on) {
    trickling = on;
  }

  /** Single requests of {@link GridSubject#call} on the trickling connection; no flows. */
  Subject requests() {
    return new Subject() {
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
    };
  }

  @Override
  public void close() {
    try {
      ticker.shutdownNow();
      ticker.awaitTermination(5, TimeUnit.SECONDS);
      for (Stream s : open) {
        s.cancel();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      open.clear();
      nodes.close();
    }
  }
}
