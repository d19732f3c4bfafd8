package io.eegrid.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.eegrid.embedded.ChaosLedger.Outcome;
import io.eegrid.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The seeded chaos run (see {@link ChaosRun}) as a test: 25 s with a fixed seed in every build;
 * longer or with another seed from the command line:
 *
 * <pre>
 * mvn -B verify -pl grid-embedded -am -Dtest=ChaosRunTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dchaos.duration=PT10M -Dchaos.seed=42
 * </pre>
 *
 * <p>The seed is printed first, so a failure can be run again. The report (calls by kind and
 * outcome, faults by kind, violations, settling) is printed and written to {@code
 * target/chaos/chaos-<seed>.txt}.
 */
class ChaosRunTest {
  static final long DEFAULT_SEED = 20261130L;

  /** Held so the level set below sticks (java.util.logging keeps loggers weakly). */
  private static final Logger GRID_LOG = Logger.getLogger("io.eegrid");

  /**
   * The bound follows the duration: the run, then at most 14 s for the longest call and 10 s for
   * the workers to return, the settle waits (30 s each at most) and the grid's start and close. The
   * JUnit timeout is therefore set far out, and {@link
   * org.junit.jupiter.api.Assertions#assertTimeoutPreemptively} applies the real one.
   */
  @Test
  @Timeout(value = 7, unit = TimeUnit.DAYS)
  void seededFaultsBreakNoInvariant() throws Exception {
    Duration duration = Duration.parse(System.getProperty("chaos.duration", "PT25S"));
    long seed = Long.getLong("chaos.seed", DEFAULT_SEED);
    Duration margin = Duration.parse(System.getProperty("chaos.margin", "PT2S"));
    System.out.printf(
        "chaos run: seed %d, duration %s (again: -Dchaos.seed=%d -Dchaos.duration=%s)%n",
        seed, duration, seed, duration);
    boolean faults = Boolean.parseBoolean(System.getProperty("chaos.faults", "true"));
    ChaosRun run = new ChaosRun(seed, duration, margin, faults);
    Duration bound = duration.plus(margin).plusSeconds(14 + 10 + 6 * 30 + 60);
    // Thousands of reconnects log one INFO line each; -Dchaos.log=INFO shows them.
    Level level = GRID_LOG.getLevel();
    GRID_LOG.setLevel(Level.parse(System.getProperty("chaos.log", "WARNING")));
    try {
      assertTimeoutPreemptively(bound, run::run, () -> "chaos run (seed " + seed + ") hung");
    } finally {
      GRID_LOG.setLevel(level);
    }
    System.out.print(run.report());
    write(seed, run.report());

    ChaosLedger l = run.ledger();
    assertThat(l.totalViolations())
        .as("broken invariants (seed %d):%n%s", seed, run.report())
        .isZero();
    assertThat(l.calls(Outcome.UNTYPED)).as("untyped failures (seed %d)", seed).isZero();
    assertThat(run.settleFailures()).as("settling (seed %d)", seed).isEmpty();
    assertThat(l.calls(Outcome.COMPLETED))
        .as("completed calls: the run must do real work (seed %d)", seed)
        .isGreaterThan(100);
    if (faults) {
      assertThat(run.faultsHit()).as("faults that hit a link or a node").isGreaterThan(5);
    } else {
      assertThat(l.calls(Outcome.DISCONNECTED) + l.calls(Outcome.PROTOCOL))
          .as("without faults nothing disconnects (seed %d):%n%s", seed, run.report())
          .isZero();
    }
    Fixtures.assertNoGridThreads();
  }

  private static void write(long seed, String report) throws IOException {
    Path dir = Path.of("target", "chaos");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("chaos-" + seed + ".txt"), report, StandardCharsets.UTF_8);
  }
}
