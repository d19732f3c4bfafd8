package io.eegrid.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Single requests with 1 in flight, the systems measured in alternation in one JVM: round after
 * round, each system runs alone for a short window, and the ratio to the raw Tyrus echo is taken
 * within each round. On these shared machines the speed of the whole VM drifts by a factor of two
 * within minutes (BENCHMARKS.md, run to run), and at 1 in flight every system is bound by the same
 * thread wake-ups, so a ratio of two figures taken minutes apart, as JMH's trials are, measures the
 * drift as much as the systems. Within a round both figures see the same machine; the median over
 * the rounds is the ratio the 1-in-flight target is judged on, with the JMH table beside it.
 *
 * <pre>
 * java -Xms1g -Xmx1g -cp grid-bench/target/benchmarks.jar io.eegrid.bench.PairedRounds [payloadBytes] [rounds] [windowMillis]
 * </pre>
 *
 * <p>Every system is started first and warmed as in {@link SingleRequestBench}; the order within a
 * round rotates, so no system always runs first. Prints one line per system ("paired ...").
 *
 * <p>Thread rules: everything runs on the main thread except the systems' own threads.
 */
public final class PairedRounds {
  static final List<String> SYSTEMS = List.of(Shapes.EEGRID_DIRECT, Shapes.EEGRID, Shapes.TYRUS);
  private static final String FLOOR = Shapes.TYRUS;

  private PairedRounds() {}

  public static void main(String[] args) throws Exception {
    int payloadBytes = args.length > 0 ? Integer.parseInt(args[0]) : 512;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    long windowMillis = args.length > 2 ? Long.parseLong(args[2]) : 800;
    measure(payloadBytes, rounds, windowMillis).forEach(System.out::println);
    System.exit(0); // the containers' non-daemon threads
  }

  /** Runs the rounds; returns one line per system of {@link #SYSTEMS}. */
  static List<String> measure(int payloadBytes, int rounds, long windowMillis) throws Exception {
    Map<String, Subject> subjects = new LinkedHashMap<>();
    try {
      for (String s : SYSTEMS) {
        Subject subject = Subjects.start(s);
        subjects.put(s, subject);
        Warmup.singleRequests(subject, payloadBytes, 1, s);
      }
      Map<String, double[]> rates = new LinkedHashMap<>();
      SYSTEMS.forEach(s -> rates.put(s, new double[rounds]));
      for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < SYSTEMS.size(); i++) {
          String s = SYSTEMS.get((r + i) % SYSTEMS.size());
          rates.get(s)[r] = window(subjects.get(s), payloadBytes, windowMillis, s).rate();
        }
      }
      List<String> lines = new ArrayList<>();
      for (String s : SYSTEMS) {
        lines.add(describe(s, payloadBytes, rates.get(s), rates.get(FLOOR)));
      }
      return lines;
    } finally {
      subjects.values().forEach(Subject::close);
    }
  }

  /** What one window measured: round trips per second and the latencies of its round trips. */
  record Window(double rate, Histogram latencies) {}

  /** One loop on {@code subject} for {@code millis}, after a pause to settle. */
  static Window window(Subject subject, int payloadBytes, long millis, String system)
      throws InterruptedException {
    Meter meter = new Meter();
    Loop loop = new Loop(0, payloadBytes, meter);
    loop.start(subject);
    Thread.sleep(Math.min(100, millis));
    meter.takeLatencies(); // the settling calls do not count
    long c0 = meter.completedCount();
    long t0 = System.nanoTime();
    Thread.sleep(millis);
    long c1 = meter.completedCount();
    long t1 = System.nanoTime();
    Histogram latencies = meter.takeLatencies();
    if (!loop.stop(5_000) || meter.failure() != null) {
      throw new IllegalStateException(system + ": a call failed or hung: " + meter.failure());
    }
    return new Window((c1 - c0) * 1e9 / (t1 - t0), latencies);
  }

  /** "paired 512 B eegrid-direct: 9614 rt/s mean; / tyrus per round: median 0.97, range ...". */
  static String describe(String system, int payloadBytes, double[] rates, double[] floor) {
    List<String> perRound = new ArrayList<>();
    for (double v : rates) {
      perRound.add(String.format(Locale.ROOT, "%.0f", v));
    }
    return String.format(
        Locale.ROOT,
        "paired %d B %s: %.0f rt/s mean; / %s per round: %s; rounds %s",
        payloadBytes,
        system,
        Arrays.stream(rates).average().orElse(Double.NaN),
        FLOOR,
        ratios(rates, floor),
        String.join(" ", perRound));
  }

  /**
   * "median 0.97, range 0.85 to 1.10": the ratios {@code a[i] / b[i]} of the rounds, which the
   * report reads the median of.
   */
  static String ratios(double[] a, double[] b) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[i] / b[i];
    }
    Arrays.sort(r);
    return String.format(
        Locale.ROOT, "median %.2f, range %.2f to %.2f", median(r), r[0], r[r.length - 1]);
  }

  /** The median of {@code values}, in any order. */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
