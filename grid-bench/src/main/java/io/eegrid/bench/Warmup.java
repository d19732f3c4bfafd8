package io.eegrid.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Brings a system to its steady state before a trial is measured. Single requests, in two phases:
 * {@value #LOOPS} closed loops run until {@link #roundTrips()} round trips have completed and at
 * least {@link #minMillis()} have passed (at most {@value #MAX_SECONDS} s); then, for a trial with
 * 1 call in flight, one loop runs for {@link #ownMillis()}, so that the code of that concurrency
 * (every frame written by the thread that queued it, no merging) is compiled too; with more calls
 * in flight the frames merge as in the first phase. Streams: the trial's own flow runs until its
 * rate levels (below) before JMH's first iteration.
 *
 * <p>Why by count and not only by JMH's warm-up time: the JIT tiers a method up after a number of
 * invocations, so a system whose cold (interpreted) path is slow gets few calls through, and so
 * stays slow for long. gRPC-java is the extreme case: a unary call runs through a long stack
 * (ClientCallImpl, RetriableStream, HTTP/2 codec and flow controller, HPACK, on both sides), its
 * first calls load about a thousand classes from the shaded jar, and its cold round trip costs
 * milliseconds of CPU. With one call in flight it completed a few hundred calls in JMH's 1 s
 * warm-up, and the measured iterations still ran largely interpreted (50-800 rt/s, rising from
 * iteration to iteration, where peers.md section 5.3 measured 20.6k after 4-5 s of warm-up). Raw
 * Tyrus and RSocket warm within their first second, so a time-based warm-up was not equal for all.
 * A fixed number of round trips is. A count alone is not enough either once a system is fast: at
 * 100k+ round trips/s 15k of them take 0.15 s, too short for the JIT to compile anything, and the
 * measured iterations then ran on the ramp (2026-12-01, 1 in flight, per 1 s iteration: EE Grid
 * 3.1k, 4.3k, 7.0k, 7.7k, 8.2k; raw Tyrus 5.5k, 6.2k, 11.6k, 14.0k, 13.5k). Hence the minimum time,
 * and the second phase at the trial's own concurrency.
 *
 * <p>Streams ramp up for longer, in every system: on one stream of 64 B messages, flat out, the
 * rate per 1 s second rose for 6-8 s before it levelled (EE Grid 31k, 81k, 114k ... 250k msg/s;
 * RSocket 40k, 171k, 311k ... 730k; gRPC direct 15k, 77k, 183k ... 700k; raw Tyrus 20k ... 50k),
 * with the JIT compiling on the same two cores the flow keeps busy (-XX:+PrintCompilation: about
 * 3,000 compilations in the first 4 s of an EE Grid flow, the last C2 ones 5-6 s in; a second flow
 * in the same JVM is at full rate within 0.5-1.5 s). JMH's 1 s warm-up iteration measured all of
 * them on the ramp, and so did a fixed 4 s: how far up the ramp 4 s got depended on how fast the VM
 * compiled that minute. So the flow runs until its rate levels: {@link #flow} samples the rate
 * every {@value #FLOW_WINDOW_MILLIS} ms and stops once the best window of the last {@value
 * #FLOW_RECENT_WINDOWS} is at most {@value #FLOW_LEVEL} times the best before them (at least {@link
 * #flowMillis()}, at most {@link #flowMaxMillis()}). The rule is the same for every system.
 *
 * <p>Thread rules: called on the JMH thread during trial setup; the loops run on the system's
 * threads and report to a meter of their own, which the trial's meter then replaces.
 */
final class Warmup {
  /** Calls kept in flight while warming, so that even slow systems get many calls through. */
  static final int LOOPS = 64;

  /** Upper bound of the warm-up, so that a very slow (or loaded) system still gets measured. */
  static final int MAX_SECONDS = 3;

  /** System property overriding {@link #DEFAULT_ROUND_TRIPS} (the smoke test uses a few). */
  static final String ROUND_TRIPS_PROPERTY = "eegrid.bench.warmupRoundTrips";

  static final long DEFAULT_ROUND_TRIPS = 15_000;

  /** System property overriding {@link #DEFAULT_FLOW_MILLIS} (the smoke test uses a few). */
  static final String FLOW_MILLIS_PROPERTY = "eegrid.bench.warmupFlowMillis";

  static final long DEFAULT_FLOW_MILLIS = 3_000;

  /** System property overriding {@link #DEFAULT_FLOW_MAX_MILLIS} (the smoke test uses a few). */
  static final String FLOW_MAX_MILLIS_PROPERTY = "eegrid.bench.warmupFlowMaxMillis";

  /** Upper bound of the flow warm-up, for a system whose rate never levels. */
  static final long DEFAULT_FLOW_MAX_MILLIS = 8_000;

  /** The flow's rate is sampled over windows of this length. */
  static final long FLOW_WINDOW_MILLIS = 500;

  /** The windows compared with all earlier ones: the last 2 s. */
  static final int FLOW_RECENT_WINDOWS = 4;

  /** Levelled: the recent best rate is at most this much above the best before it. */
  static final double FLOW_LEVEL = 1.1;

  /** System property overriding {@link #DEFAULT_MIN_MILLIS} (the smoke test uses 0). */
  static final String MIN_MILLIS_PROPERTY = "eegrid.bench.warmupMinMillis";

  static final long DEFAULT_MIN_MILLIS = 1_000;

  /** System property overriding {@link #DEFAULT_OWN_MILLIS} (the smoke test uses 0). */
  static final String OWN_MILLIS_PROPERTY = "eegrid.bench.warmupOwnMillis";

  static final long DEFAULT_OWN_MILLIS = 800;

  private Warmup() {}

  static long roundTrips() {
    return Long.getLong(ROUND_TRIPS_PROPERTY, DEFAULT_ROUND_TRIPS);
  }

  static long flowMillis() {
    return Long.getLong(FLOW_MILLIS_PROPERTY, DEFAULT_FLOW_MILLIS);
  }

  static long flowMaxMillis() {
    return Long.getLong(FLOW_MAX_MILLIS_PROPERTY, DEFAULT_FLOW_MAX_MILLIS);
  }

  static long minMillis() {
    return Long.getLong(MIN_MILLIS_PROPERTY, DEFAULT_MIN_MILLIS);
  }

  static long ownMillis() {
    return Long.getLong(OWN_MILLIS_PROPERTY, DEFAULT_OWN_MILLIS);
  }

  /**
   * Lets a flow that is already running and counting into {@code meter} run until its rate levels
   * (see the class comment): at least {@link #flowMillis()}, at most {@link #flowMaxMillis()} (or
   * {@link #flowMillis()} if that is longer).
   *
   * @return the milliseconds the flow ran
   * @throws IllegalStateException if the flow failed meanwhile
   */
  static long flow(Meter meter, String system) throws InterruptedException {
    long start = System.nanoTime();
    long minEnd = start + TimeUnit.MILLISECONDS.toNanos(flowMillis());
    long maxEnd = start + TimeUnit.MILLISECONDS.toNanos(Math.max(flowMillis(), flowMaxMillis()));
    List<Long> windows = new ArrayList<>();
    long last = meter.completedCount();
    long windowEnd = start + TimeUnit.MILLISECONDS.toNanos(FLOW_WINDOW_MILLIS);
    while (meter.failure() == null) {
      long now = System.nanoTime();
      if (now - windowEnd >= 0) {
        long count = meter.completedCount();
        windows.add(count - last);
        last = count;
        windowEnd = now + TimeUnit.MILLISECONDS.toNanos(FLOW_WINDOW_MILLIS);
        if (now - maxEnd >= 0 || (now - minEnd >= 0 && levelled(windows))) {
          break;
        }
      }
      Thread.sleep(10);
    }
    if (meter.failure() != null) {
      throw new IllegalStateException(
          system + ": the warm-up flow failed: " + meter.failure(), meter.failure());
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  /**
   * Whether the counts per window have levelled: the best of the last {@value #FLOW_RECENT_WINDOWS}
   * is at most {@value #FLOW_LEVEL} times the best of the windows before.
   */
  static boolean levelled(List<Long> windows) {
    int n = windows.size();
    if (n <= FLOW_RECENT_WINDOWS) {
      return false;
    }
    long before = 0;
    for (int i = 0; i < n - FLOW_RECENT_WINDOWS; i++) {
      before = Math.max(before, windows.get(i));
    }
    long recent = 0;
    for (int i = n - FLOW_RECENT_WINDOWS; i < n; i++) {
      recent = Math.max(recent, windows.get(i));
    }
    return recent <= FLOW_LEVEL * before;
  }

  /**
   * Runs single requests of {@code payloadBytes} on {@code subject}: {@value #LOOPS} loops until
   * {@link #roundTrips()} completed and {@link #minMillis()} passed (at most {@value #MAX_SECONDS}
   * s), then, if {@code inFlight} is 1, one loop for {@link #ownMillis()}; each phase lets its
   * calls finish.
   *
   * @throws IllegalStateException if the system failed a call or did not finish within 5 s
   */
  static void singleRequests(Subject subject, int payloadBytes, int inFlight, String system)
      throws InterruptedException {
    long target = roundTrips();
    if (target <= 0) {
      return;
    }
    long start = System.nanoTime();
    long minEnd = start + TimeUnit.MILLISECONDS.toNanos(minMillis());
    long maxEnd = start + TimeUnit.SECONDS.toNanos(MAX_SECONDS);
    run(subject, payloadBytes, LOOPS, system, target, minEnd, maxEnd);
    long own = ownMillis();
    if (own > 0 && inFlight == 1) { // with calls in flight, the first phase ran the same code
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(own);
      run(subject, payloadBytes, inFlight, system, Long.MAX_VALUE, end, end);
    }
  }

  /** {@code count} loops until {@code target} round trips and {@code minEnd}, or {@code maxEnd}. */
  private static void run(
      Subject subject,
      int payloadBytes,
      int count,
      String system,
      long target,
      long minEnd,
      long maxEnd)
      throws InterruptedException {
    Meter meter = new Meter();
    List<Loop> loops = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      loops.add(new Loop(i, payloadBytes, meter));
    }
    for (Loop l : loops) {
      l.start(subject);
    }
    while (meter.failure() == null
        && System.nanoTime() - maxEnd < 0
        && (meter.completedCount() < target || System.nanoTime() - minEnd < 0)) {
      Thread.sleep(10);
    }
    for (Loop l : loops) {
      if (!l.stop(5_000)) {
        throw new IllegalStateException(system + ": a warm-up call did not complete within 5 s");
      }
    }
    if (meter.failure() != null) {
      throw new IllegalStateException(
          system + ": the warm-up failed: " + meter.failure(), meter.failure());
    }
  }
}
