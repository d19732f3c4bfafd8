package io.eegrid.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;

/**
 * Runs every benchmark once, briefly, in this JVM ({@link Compare.Plan#smoke}) so the benchmarks
 * cannot rot: each system must start, carry its calls and streams without failing, and stop. No
 * timing is asserted; the figures of a 200 ms cold run mean nothing.
 */
class SmokeTest {
  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void everyBenchmarkRunsAndReportsAResult(@TempDir Path out) throws Exception {
    Collection<RunResult> results = Compare.run(Compare.Plan.smoke(out));

    Set<String> seen = new HashSet<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      seen.add(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1));
      assertThat(r.getPrimaryResult().getSampleCount()).as(name).isPositive();
    }
    assertThat(seen)
        .containsExactlyInAnyOrder(
            "SingleRequestBench.roundTrips",
            "StreamBench.messages",
            "BulkBench.messages",
            "BlockingRequestBench.request",
            "TypedRequestBench.typedRequest",
            "TypedRequestBench.codecOnly",
            "FairnessBench.roundTrips");
    // 6 systems for single requests (EE Grid, EE Grid direct and the four peers); 5 systems x 3
    // directions for streams; 5 x 2 for bulk;
    // one blocking request and two typed benchmarks (parameters reduced to one value each);
    // one fairness run (10 streams).
    assertThat(results).hasSize(6 + 15 + 10 + 1 + 2 + 1);
    for (RunResult r : results) {
      if (r.getParams().getBenchmark().endsWith("roundTrips")
          || r.getParams().getBenchmark().endsWith("messages")) {
        assertThat(r.getSecondaryResults()).as(r.getParams().toString()).containsKey("completed");
      }
    }
    assertThat(out.resolve("results.json")).exists();
    assertThat(Report.render(results, Machine.describe())).contains("### Targets");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void pairedRoundsMeasureEverySystemAgainstTheFloor() throws Exception {
    shortWarmup();
    java.util.List<String> lines = PairedRounds.measure(64, 2, 50);
    assertThat(lines).hasSize(PairedRounds.SYSTEMS.size());
    assertThat(lines.get(PairedRounds.SYSTEMS.indexOf(Shapes.TYRUS)))
        .contains("median 1.00"); // the floor against itself
    assertThat(lines)
        .allMatch(l -> l.matches("paired 64 B \\S+: \\d+ rt/s mean; .* median [0-9.]+,.*"));
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void pairedFairnessComparesTricklingWithSilentWindows() throws Exception {
    shortWarmup();
    String line = PairedFairness.measure(20, 2, 100);
    assertThat(line)
        .matches(
            "fairness paired, 20 streams: p99 trickling / silent per round: median [0-9.]+,"
                + " range .*; rounds \\(us\\) \\d+/\\d+ \\d+/\\d+");
    String report = Report.render(java.util.List.of(), "test", null, null, line);
    assertThat(report).contains("### Fairness, paired windows").contains(line);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void footprintMeasuresConnectionsAndStreams() throws Exception {
    Footprint.Figures f = Footprint.measure(3, 50);
    assertThat(f.links()).isEqualTo(3);
    assertThat(f.streams()).isEqualTo(50);
    assertThat(f.describe()).contains("heap per idle connection").contains("heap per open stream");
  }

  /** A few warm-up round trips, no minimum time: the side runs' code runs, briefly. */
  private static void shortWarmup() {
    System.setProperty(Warmup.ROUND_TRIPS_PROPERTY, "200");
    System.setProperty(Warmup.MIN_MILLIS_PROPERTY, "0");
    System.setProperty(Warmup.OWN_MILLIS_PROPERTY, "0");
  }
}
