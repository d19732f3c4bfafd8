package io.eegrid.embedded;

import static org.awaitility.Awaitility.await;

import io.eegrid.CallOptions;
import io.eegrid.Connection;
import io.eegrid.ConnectionState;
import io.eegrid.ConnectionStats;
import io.eegrid.GridConfig;
import io.eegrid.GridManager;
import io.eegrid.embedded.ChaosLedger.Violation;
import io.eegrid.testing.Fixtures;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One seeded chaos run: a grid of three Tyrus nodes whose links all pass through {@link
 * ChaosProxy}s, worker threads on every node running {@link ChaosWorkload} calls to the other
 * nodes, and one fault thread injecting a random fault (from the seed) every 0.2 to 1.5 s. After
 * the run the faults stop, and the grid must settle: every link up, a call on every pair answered,
 * no mux left on either side, output queues empty, no handler running, and the grid's threads back
 * to their count before the run.
 *
 * <p>The seed fixes every random choice (calls, sizes, deadlines, faults, their targets and
 * timing); thread scheduling is not reproducible, so a rerun with the same seed is the same
 * workload and fault plan, not the same interleaving.
 *
 * <p>Thread rules: {@link #run} is called once, on the test's thread; it starts and joins the
 * workers and the fault thread. The ledger and the fault counters are thread-safe.
 */
final class ChaosRun {
  /** What the fault thread can do. */
  enum Fault {
    CUT,
    RESET,
    BLACK_HOLE_UPSTREAM,
    BLACK_HOLE_DOWNSTREAM,
    CUT_MID_FRAME_UPSTREAM,
    CUT_MID_FRAME_DOWNSTREAM,
    DELAY,
    THROTTLE,
    RESTART_NODE
  }

  static final int NODES = 3;
  static final int WORKERS_PER_NODE = 3;

  static final GridConfig CONFIG =
      GridConfig.builder()
          .pingInterval(Duration.ofSeconds(1))
          .streamPingInterval(Duration.ofSeconds(1))
          .writeTimeout(Duration.ofSeconds(2))
          .handshakeTimeout(Duration.ofSeconds(2))
          .dialTimeout(Duration.ofSeconds(1))
          .reconnectMinDelay(Duration.ofMillis(20))
          .reconnectMaxDelay(Duration.ofMillis(500))
          .shutdownGracePeriod(Duration.ofMillis(300))
          // Small output queues, so throttled and black-holed links fill them: senders must then
          // wait for room and be freed by their deadline, their cancel or the link's end.
          .maxQueuedMessages(64)
          .maxQueuedBytes(256 * 1024)
          .build();

  private final long seed;
  private final Duration duration;
  private final Duration margin;
  private final ChaosLedger ledger = new ChaosLedger();
  private final ChaosWorkload workload;
  private final ChaosHandlers handlers;
  private final AtomicLongArray faultsTried = new AtomicLongArray(Fault.values().length);
  private final AtomicLongArray faultsHit = new AtomicLongArray(Fault.values().length);
  private final List<String> settleFailures = new ArrayList<>();
  private int baselineBusy;
  private int finalBusy;
  private int finalPoolThreads;
  private String report;
  private long midFrameCuts;
  private long tcpConnections;
  private long bytesDropped;

  private final boolean faultsOn;

  /**
   * @param faultsOn false runs the workload alone: a check of the workload itself (every stream,
   *     stalled or not, must then complete, and nothing may disconnect)
   */
  ChaosRun(long seed, Duration duration, Duration margin, boolean faultsOn) {
    this.faultsOn = faultsOn;
    this.seed = seed;
    this.duration = duration;
    this.margin = margin;
    this.workload = new ChaosWorkload(ledger, margin);
    this.handlers = new ChaosHandlers(ledger);
  }

  ChaosLedger ledger() {
    return ledger;
  }

  List<String> settleFailures() {
    return settleFailures;
  }

  long faultsHit() {
    long n = 0;
    for (int i = 0; i < faultsHit.length(); i++) {
      n += faultsHit.get(i);
    }
    return n;
  }

  String report() {
    return report;
  }

  /** Runs the workload and the faults for the duration, lets the grid settle and checks it. */
  void run() throws InterruptedException {
    long startedAt = System.nanoTime();
    try (ChaosGrid grid = new ChaosGrid(NODES, CONFIG, (i, b) -> handlers.register(b))) {
      GridManager[] all = new GridManager[NODES];
      for (int i = 0; i < NODES; i++) {
        all[i] = grid.node(i);
      }
      Fixtures.awaitAllConnected(all, Duration.ofSeconds(20));
      baselineBusy = leastBusyThreads(grid);

      long endNanos = System.nanoTime() + duration.toNanos();
      List<Thread> workers = new ArrayList<>();
      for (int n = 0; n < NODES; n++) {
        for (int w = 0; w < WORKERS_PER_NODE; w++) {
          int node = n;
          Random r = new Random(seed * 1_000_003L + n * 31L + w);
          Thread t = new Thread(() -> work(grid, node, r, endNanos), "chaos-worker-" + n + "-" + w);
          t.setDaemon(true);
          workers.add(t);
          t.start();
        }
      }
      Thread faults =
          new Thread(
              () -> {
                if (faultsOn) {
                  injectFaults(grid, endNanos);
                }
              },
              "chaos-faults");
      faults.setDaemon(true);
      faults.start();

      long joinBy = endNanos + TimeUnit.SECONDS.toNanos(14 + 10) + margin.toNanos();
      faults.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinBy - System.nanoTime())));
      for (Thread t : workers) {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinBy - System.nanoTime())));
      }
      for (Thread t : workers) {
        if (t.isAlive()) {
          ledger.violation(
              Violation.HUNG, t.getName() + " never returned:\n" + stack(t.getStackTrace()));
        }
      }
      if (faults.isAlive()) {
        settleFailures.add("the fault thread never returned:\n" + stack(faults.getStackTrace()));
      }
      handlers.stop();
      checkSettled(grid);
      for (ChaosProxy p : grid.proxies()) {
        midFrameCuts += p.midFrameCuts();
        tcpConnections += p.acceptedConnections();
        bytesDropped += p.bytesDropped();
      }
    }
    report = format(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedAt));
  }

  // ---- workers and faults -----------------------------------------------------------------------

  private void work(ChaosGrid grid, int node, Random r, long endNanos) {
    while (System.nanoTime() < endNanos) {
      int target = (node + 1 + r.nextInt(NODES - 1)) % NODES;
      GridManager g = grid.node(node);
      if (g == null) {
        pause(10); // the node is restarting
        continue;
      }
      try {
        Connection c = g.connection(grid.host(target));
        boolean up = c.state() == ConnectionState.CONNECTED;
        workload.runOne(c, r);
        pause(up ? r.nextInt(5) : 20); // no busy loop of fast failures while a link is down
      } catch (RuntimeException e) {
        ledger.violation(
            Violation.UNTYPED_FAILURE, "worker of node " + node + ": " + ChaosLedger.stackOf(e));
      }
    }
  }

  private void injectFaults(ChaosGrid grid, long endNanos) {
    Random r = new Random(seed);
    List<ChaosProxy> proxies = grid.proxies();
    long[] clearAt = new long[proxies.size()];
    int[] weights = {12, 12, 8, 8, 10, 10, 12, 12, 4};
    int total = Arrays.stream(weights).sum();
    while (System.nanoTime() < endNanos) {
      pause(200 + r.nextInt(1300));
      long now = System.nanoTime();
      for (int i = 0; i < proxies.size(); i++) {
        if (clearAt[i] != 0 && now >= clearAt[i]) {
          proxies.get(i).delay(Duration.ZERO);
          proxies.get(i).throttle(0);
          clearAt[i] = 0;
        }
      }
      if (now >= endNanos) {
        break;
      }
      int pick = r.nextInt(total);
      Fault f = Fault.values()[0];
      for (int k = 0; k < weights.length; k++) {
        if (pick < weights[k]) {
          f = Fault.values()[k];
          break;
        }
        pick -= weights[k];
      }
      int which = r.nextInt(proxies.size());
      ChaosProxy p = proxies.get(which);
      int hit;
      switch (f) {
        case CUT -> hit = p.cut();
        case RESET -> hit = p.reset();
        case BLACK_HOLE_UPSTREAM -> hit = p.blackHole(ChaosProxy.Direction.UPSTREAM);
        case BLACK_HOLE_DOWNSTREAM -> hit = p.blackHole(ChaosProxy.Direction.DOWNSTREAM);
        case CUT_MID_FRAME_UPSTREAM ->
            hit = p.cutMidFrame(ChaosProxy.Direction.UPSTREAM, 1 + r.nextInt(64));
        case CUT_MID_FRAME_DOWNSTREAM ->
            hit = p.cutMidFrame(ChaosProxy.Direction.DOWNSTREAM, 1 + r.nextInt(64));
        case DELAY -> {
          p.delay(Duration.ofMillis(20 + r.nextInt(280)));
          clearAt[which] = now + TimeUnit.MILLISECONDS.toNanos(1000 + r.nextInt(3000));
          hit = 1;
        }
        case THROTTLE -> {
          p.throttle(16 * 1024 + r.nextInt(240 * 1024));
          clearAt[which] = now + TimeUnit.MILLISECONDS.toNanos(1000 + r.nextInt(3000));
          hit = 1;
        }
        case RESTART_NODE -> {
          grid.restart(r.nextInt(NODES));
          hit = 1;
        }
        default -> throw new IllegalStateException("unknown fault " + f);
      }
      faultsTried.incrementAndGet(f.ordinal());
      if (hit > 0) {
        faultsHit.incrementAndGet(f.ordinal());
      }
    }
    for (ChaosProxy p : proxies) {
      p.delay(Duration.ZERO);
      p.throttle(0);
    }
  }

  private static void pause(long millis) {
    if (millis > 0) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }
  }

  // ---- settling ---------------------------------------------------------------------------------

  private void checkSettled(ChaosGrid grid) {
    settle(
        "every link up again",
        () -> {
          for (int i = 0; i < NODES; i++) {
            for (Connection c : grid.node(i).connections()) {
              if (c.state() != ConnectionState.CONNECTED) {
                return false;
              }
            }
          }
          return true;
        },
        () -> states(grid));
    settle("a call answered on every pair", () -> everyPairAnswers(grid), () -> states(grid));
    settle(
        "no mux, no queued message, no running handler",
        () -> {
          if (handlers.handlersRunning() != 0) {
            return false;
          }
          for (int i = 0; i < NODES; i++) {
            for (Connection c : grid.node(i).connections()) {
              ConnectionStats s = c.stats();
              if (s.outgoingCalls() != 0
                  || s.incomingCalls() != 0
                  || s.queuedMessages() != 0
                  || s.queuedBytes() != 0) {
                return false;
              }
            }
          }
          return true;
        },
        () -> "handlers running " + handlers.handlersRunning() + "; " + stats(grid));
    settle(
        "one TCP connection per pair of nodes (no socket left behind by a dropped link)",
        () -> grid.proxies().stream().allMatch(p -> p.openConnections() == 1),
        () -> {
          StringBuilder b = new StringBuilder();
          grid.proxies()
              .forEach(
                  p -> b.append(p.name()).append(": ").append(p.openConnections()).append("; "));
          return b.toString();
        });
    settle(
        "busy grid threads back to the baseline of " + baselineBusy,
        () -> busyThreads(grid) <= baselineBusy,
        () -> "busy now " + busyThreads(grid) + ": " + Fixtures.gridThreads());
    settle(
        "one timer thread per node (none left by a restarted node)",
        () -> timerThreads() == NODES,
        () -> "grid threads now " + Fixtures.gridThreads());
    finalBusy = busyThreads(grid);
    for (int i = 0; i < NODES; i++) {
      finalPoolThreads += grid.executor(i).getPoolSize();
    }
  }

  /**
   * Grid threads busy with a task (handlers, writers, dials), the fewest seen in one second: tasks
   * of a moment (a ping's write, an event) come and go, long-lived ones stay.
   */
  private static int leastBusyThreads(ChaosGrid grid) {
    int least = Integer.MAX_VALUE;
    for (int k = 0; k < 20; k++) {
      least = Math.min(least, busyThreads(grid));
      pause(50);
    }
    return least;
  }

  private static int busyThreads(ChaosGrid grid) {
    int n = 0;
    for (int i = 0; i < NODES; i++) {
      n += grid.executor(i).getActiveCount();
    }
    return n;
  }

  private static int timerThreads() {
    return (int) Fixtures.gridThreads().stream().filter(t -> t.startsWith("eegrid-timer-")).count();
  }

  private boolean everyPairAnswers(ChaosGrid grid) {
    for (int i = 0; i < NODES; i++) {
      for (int j = 0; j < NODES; j++) {
        if (i == j) {
          continue;
        }
        byte[] p = ByteBuffer.allocate(13).putLong(-1 - i * NODES - j).array();
        try {
          byte[] r =
              grid.node(i)
                  .connection(grid.host(j))
                  .request(ChaosHandlers.ECHO, p, CallOptions.timeout(Duration.ofSeconds(2)));
          if (!Arrays.equals(r, ByteBuffer.allocate(13).putLong(-1 - i * NODES - j).array())) {
            ledger.violation(Violation.CORRUPT, "settle call " + i + "->" + j + " got bad reply");
            return false;
          }
        } catch (RuntimeException e) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Waits (bounded) for {@code condition}; a timeout is recorded with {@code state}, not thrown.
   */
  private void settle(String what, BooleanSupplier condition, Supplier<String> state) {
    try {
      await(what)
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(50))
          .until(condition::getAsBoolean);
    } catch (ConditionTimeoutException e) {
      settleFailures.add(what + " not reached in 30 s" + (state == null ? "" : ": " + state.get()));
    }
  }

  private static String states(ChaosGrid grid) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < NODES; i++) {
      for (Connection c : grid.node(i).connections()) {
        b.append(c).append("; ");
      }
    }
    return b.toString();
  }

  private static String stats(ChaosGrid grid) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < NODES; i++) {
      for (Connection c : grid.node(i).connections()) {
        b.append(c.localHost()).append("->").append(c.remoteHost()).append(' ');
        b.append(c.stats()).append("; ");
      }
    }
    return b.toString();
  }

  private static String stack(StackTraceElement[] trace) {
    StringBuilder b = new StringBuilder();
    for (StackTraceElement e : trace) {
      b.append("    at ").append(e).append('\n');
    }
    return b.toString();
  }

  // ---- report -----------------------------------------------------------------------------------

  Map<Fault, Long> faults() {
    Map<Fault, Long> m = new EnumMap<>(Fault.class);
    for (Fault f : Fault.values()) {
      m.put(f, faultsHit.get(f.ordinal()));
    }
    return m;
  }

  private String format(long seconds) {
    StringBuilder b = new StringBuilder();
    b.append("chaos run: seed ").append(seed).append(", duration ").append(duration);
    b.append(faultsOn ? "" : ", faults off");
    b.append(", margin ").append(margin).append(", wall time ").append(seconds).append(" s\n");
    b.append(ledger.table());
    b.append(String.format("%-26s %8s %8s%n", "fault", "tried", "hit"));
    for (Fault f : Fault.values()) {
      b.append(
          String.format(
              "%-26s %8d %8d%n",
              f.name().toLowerCase(), faultsTried.get(f.ordinal()), faultsHit.get(f.ordinal())));
    }
    b.append("TCP connections through the proxies: ").append(tcpConnections).append('\n');
    b.append("mid-frame cuts that fired: ").append(midFrameCuts);
    b.append(", bytes dropped by black holes: ").append(bytesDropped).append('\n');
    b.append("busy grid threads: baseline ").append(baselineBusy);
    b.append(", after settling ").append(finalBusy);
    b.append(" (pool threads alive, idle ones included: ").append(finalPoolThreads).append(")\n");
    b.append("settle failures: ").append(settleFailures.isEmpty() ? "none" : "").append('\n');
    settleFailures.forEach(s -> b.append("  ").append(s).append('\n'));
    List<String> details = ledger.details();
    if (!details.isEmpty()) {
      b.append("first violations:\n");
      details.forEach(d -> b.append("  ").append(d).append('\n'));
    }
    return b.toString();
  }
}
