package io.eegrid.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fairness, paired: the p99 of single requests (64 B, 1 in flight) on a connection with 1,000 open
 * streams ({@link TrickleGrid}), in alternating windows with the streams silent and with each
 * sending one message per second, in one JVM. As with {@link PairedRounds}, both figures of a round
 * see the same machine: the p99 at 1 in flight is set by thread wake-ups, and between two JVMs
 * minutes apart it moved 563-2093 us on this machine with nothing else changed. The median of the
 * per-round ratios (trickling / silent) is what the fairness target is judged on.
 *
 * <pre>
 * java -Xms1g -Xmx1g -cp grid-bench/target/benchmarks.jar io.eegrid.bench.PairedFairness [streams] [rounds] [windowMillis]
 * </pre>
 *
 * <p>The silent windows are the idle baseline: the streams are open (their handlers wait for a
 * message) but nothing moves on them, so the connection carries the single requests alone. The
 * order within a round alternates. Prints one line starting with "fairness paired".
 *
 * <p>Thread rules: everything runs on the main thread except the grid's and the ticker's threads.
 */
public final class PairedFairness {
  private PairedFairness() {}

  public static void main(String[] args) throws Exception {
    int streams = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    long windowMillis = args.length > 2 ? Long.parseLong(args[2]) : 1000;
    System.out.println(measure(streams, rounds, windowMillis));
    System.exit(0); // the containers' non-daemon threads
  }

  /** Runs the rounds; returns the "fairness paired" line. */
  static String measure(int streams, int rounds, long windowMillis) throws Exception {
    try (TrickleGrid grid = new TrickleGrid(streams)) {
      Subject requests = grid.requests();
      grid.trickle(true);
      Warmup.singleRequests(requests, 64, 1, Shapes.EEGRID);
      double[] silent = new double[rounds];
      double[] trickling = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < 2; i++) {
          boolean on = (r + i) % 2 == 1;
          grid.trickle(on);
          double p99 =
              PairedRounds.window(requests, 64, windowMillis, Shapes.EEGRID)
                      .latencies()
                      .getValueAtPercentile(99.0)
                  / 1000.0;
          (on ? trickling : silent)[r] = p99;
        }
      }
      return describe(streams, silent, trickling);
    }
  }

  /** "fairness paired, 1000 streams: p99 trickling / silent per round: median 1.05, ...". */
  static String describe(int streams, double[] silent, double[] trickling) {
    List<String> perRound = new ArrayList<>();
    for (int i = 0; i < silent.length; i++) {
      perRound.add(String.format(Locale.ROOT, "%.0f/%.0f", trickling[i], silent[i]));
    }
    return String.format(
        Locale.ROOT,
        "fairness paired, %d streams: p99 trickling / silent per round: %s; median p99 %.0f us"
            + " trickling, %.0f us silent; rounds (us) %s",
        streams,
        PairedRounds.ratios(trickling, silent),
        PairedRounds.median(trickling),
        PairedRounds.median(silent),
        String.join(" ", perRound));
  }
}
