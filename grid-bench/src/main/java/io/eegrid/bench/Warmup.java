package io.eegrid.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Brings a system to its steady state before a trial is measured. Single requests: {@value #LOOPS}
 * closed loops run until {@link #roundTrips()} round trips have completed (at most {@value
 * #MAX_SECONDS} s), then stop. Streams: the trial's own flow runs for {@link #flowMillis()} before
 * JMH's first iteration.
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
 * A fixed number of round trips is: it takes about 1-3 s for the fast systems.
 *
 * <p>Streams ramp up for longer, in every system: on one stream of 64 B messages, flat out, the
 * rate per 1 s second rose for 6-8 s before it levelled (EE Grid 31k, 81k, 114k ... 250k msg/s;
 * RSocket 40k, 171k, 311k ... 730k; gRPC direct 15k, 77k, 183k ... 700k; raw Tyrus 20k ... 50k),
 * with the JIT compiling on the same two cores the flow keeps busy. JMH's 1 s warm-up iteration
 * measured all of them on the ramp. The flow warm-up is a fixed time, the same for every system.
 *
 * <p>Thread rules: called on the JMH thread during trial setup; the loops run on the system's
 * threads and report to a meter of their own, which the trial's meter then replaces.
 */
final class Warmup {
  /** Calls kept in flight while warming, so that even slow systems get many calls through. */
  static final int LOOPS = 64;

  /** Upper bound of the warm-up, so that a very slow (or loaded) system still gets measured. */
  static final int MAX_SECONDS = 4;

  /** System property overriding {@link #DEFAULT_ROUND_TRIPS} (the smoke test uses a few). */
  static final String ROUND_TRIPS_PROPERTY = "eegrid.bench.warmupRoundTrips";

  static final long DEFAULT_ROUND_TRIPS = 15_000;

  /** System property overriding {@link #DEFAULT_FLOW_MILLIS} (the smoke test uses a few). */
  static final String FLOW_MILLIS_PROPERTY = "eegrid.bench.warmupFlowMillis";

  static final long DEFAULT_FLOW_MILLIS = 4_000;

  private Warmup() {}

  static long roundTrips() {
    return Long.getLong(ROUND_TRIPS_PROPERTY, DEFAULT_ROUND_TRIPS);
  }

  static long flowMillis() {
    return Long.getLong(FLOW_MILLIS_PROPERTY, DEFAULT_FLOW_MILLIS);
  }

  /**
   * Lets a flow that is already running and counting into {@code meter} run for {@link
   * #flowMillis()}.
   *
   * @throws IllegalStateException if the flow failed meanwhile
   */
  static void flow(Meter meter, String system) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(flowMillis());
    while (meter.failure() == null && System.nanoTime() - deadline < 0) {
      Thread.sleep(10);
    }
    if (meter.failure() != null) {
      throw new IllegalStateException(
          system + ": the warm-up flow failed: " + meter.failure(), meter.failure());
    }
  }

  /**
   * Runs single requests of {@code payloadBytes} on {@code subject} until {@link #roundTrips()}
   * completed or {@value #MAX_SECONDS} s passed, and lets the calls in flight finish.
   *
   * @throws IllegalStateException if the system failed a call or did not finish within 5 s
   */
  static void singleRequests(Subject subject, int payloadBytes, String system)
      throws InterruptedException {
    long target = roundTrips();
    if (target <= 0) {
      return;
    }
    Meter meter = new Meter();
    List<Loop> loops = new ArrayList<>();
    for (int i = 0; i < LOOPS; i++) {
      loops.add(new Loop(i, payloadBytes, meter));
    }
    for (Loop l : loops) {
      l.start(subject);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_SECONDS);
    while (meter.completedCount() < target
        && meter.failure() == null
        && System.nanoTime() - deadline < 0) {
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
