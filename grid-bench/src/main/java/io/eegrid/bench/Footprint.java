package io.eegrid.bench;

import io.eegrid.CallContext;
import io.eegrid.CallOptions;
import io.eegrid.Connection;
import io.eegrid.GridConfig;
import io.eegrid.HandlerOptions;
import io.eegrid.Stream;
import io.eegrid.StreamRequests;
import io.eegrid.StreamResponses;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Heap, not time: what an idle connection and an open stream keep on the heap of both nodes
 * together (issue 6, "heap per idle connection, heap per open stream with 10,000 open streams").
 * Measured as the difference of the used heap after full collections between two states of the same
 * JVM; every state is built twice, first smaller, and the second pair counts, so class loading does
 * not land in the figures.
 *
 * <pre>
 * java -Xms1g -Xmx1g -cp grid-bench/target/benchmarks.jar io.eegrid.bench.Footprint [nodes] [streams]
 * </pre>
 *
 * <p>Idle connections: {@code nodes} nodes (default 8) in a full mesh, against the same nodes each
 * alone; divided by the number of links, n(n-1)/2. Open streams: {@code streams} streams (default
 * 10,000) from one node to a handler that waits for requests, against the same two nodes without
 * streams; divided by the number of streams. An open stream includes its handler's thread (the
 * handler API is blocking), whose {@code Thread} object is on the heap and its stack is not.
 */
public final class Footprint {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  /** Room for every stream: the default maxInboundCalls (4096) would refuse the rest. */
  private static final GridConfig CONFIG =
      GridConfig.builder()
          .shutdownGracePeriod(Duration.ofSeconds(1))
          .maxInboundCalls(100_000)
          .build();

  /** The figures: bytes, and threads (the WebSocket containers' and the grid's). */
  record Figures(
      int links,
      double bytesPerIdleConnection,
      double threadsPerIdleConnection,
      int streams,
      double bytesPerOpenStream) {
    String describe() {
      return String.format(
          Locale.ROOT,
          "heap per idle connection (both ends, %d links): %.0f B, threads: %.1f%n"
              + "heap per open stream (both ends, %d streams on one connection): %.0f B",
          links,
          bytesPerIdleConnection,
          threadsPerIdleConnection,
          streams,
          bytesPerOpenStream);
    }
  }

  private Footprint() {}

  public static void main(String[] args) throws Exception {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int streams = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    System.out.println(measure(nodes, streams).describe());
  }

  static Figures measure(int nodes, int streams) throws Exception {
    int links = nodes * (nodes - 1) / 2;
    // The first round, smaller, only loads the classes and runs the code of both states.
    idleConnection(Math.min(nodes, 3), Math.min(links, 3));
    openStream(Math.min(streams, 500));
    double[] perConnection = idleConnection(nodes, links);
    double perStream = openStream(streams);
    return new Figures(links, perConnection[0], perConnection[1], streams, perStream);
  }

  /** Heap bytes and threads per link. */
  private static double[] idleConnection(int n, int links) throws Exception {
    long alone;
    int aloneThreads;
    try (GridNodes solo = new GridNodes(n, CONFIG, false, (i, b) -> {})) {
      alone = usedHeap();
      aloneThreads = Thread.activeCount();
    }
    long mesh;
    int meshThreads;
    try (GridNodes linked = new GridNodes(n, CONFIG, true, (i, b) -> {})) {
      mesh = usedHeap();
      meshThreads = Thread.activeCount();
    }
    return new double[] {
      (double) (mesh - alone) / links, (double) (meshThreads - aloneThreads) / links
    };
  }

  private static double openStream(int count) throws Exception {
    AtomicInteger running = new AtomicInteger();
    HandlerOptions options = HandlerOptions.defaults();
    try (GridNodes two =
        new GridNodes(
            2,
            CONFIG,
            true,
            (i, b) ->
                b.streamHandler(
                    "hold",
                    (CallContext ctx,
                        byte[] payload,
                        StreamRequests requests,
                        StreamResponses responses) -> {
                      running.incrementAndGet();
                      try {
                        while (requests.next() != null) {
                          // an idle stream: nothing is ever sent
                        }
                      } finally {
                        running.decrementAndGet();
                      }
                    },
                    options))) {
      Connection c = two.connection(0, 1);
      long before = usedHeap();
      List<Stream> open = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        open.add(c.newStream("hold", null, CallOptions.defaults()));
      }
      awaitCount(running, count);
      long after = usedHeap();
      for (Stream s : open) {
        s.cancel();
      }
      awaitCount(running, 0);
      return (double) (after - before) / count;
    }
  }

  /** Waits (up to 5 minutes) until {@code value} reaches {@code expected}. */
  private static void awaitCount(AtomicInteger value, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    CountDownLatch never = new CountDownLatch(1);
    while (value.get() != expected) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "expected " + expected + " running stream handlers, have " + value.get());
      }
      never.await(10, TimeUnit.MILLISECONDS); // poll: the handlers signal nothing else
    }
  }

  /** Used heap after full collections, once it stops shrinking. */
  private static long usedHeap() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      long now = MEMORY.getHeapMemoryUsage().getUsed();
      if (now >= used) {
        return now;
      }
      used = now;
    }
    return used;
  }
}
