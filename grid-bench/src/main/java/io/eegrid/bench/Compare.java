package io.eegrid.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the whole comparison (every scenario, every system, one JMH run) and writes the JMH results
 * as JSON plus a Markdown report of figures, ratios and targets ({@link Report}).
 *
 * <pre>
 * java -jar grid-bench/target/benchmarks.jar                      # full run, about 14 min on 2 cores
 * java -jar grid-bench/target/benchmarks.jar --smoke              # every benchmark once, briefly
 * java -jar grid-bench/target/benchmarks.jar --include Stream     # only matching benchmarks
 * </pre>
 *
 * <p>Plain JMH works too: {@code java -cp grid-bench/target/benchmarks.jar org.openjdk.jmh.Main
 * SingleRequest -p system=eegrid -prof gc -prof io.eegrid.bench.LatencyProfiler}.
 */
public final class Compare {
  /**
   * Heap fixed and pre-touched: without it, times on small VMs swing 20-40x (java-stack.md). 512
   * MiB, not 1 GiB: pre-touching 1 GiB took 0.8 s of every fork's start (0.35 s for 512 MiB), about
   * 1.5 minutes of the whole run, and no benchmark here keeps more than a few MiB live.
   */
  static final String[] FORK_JVM_ARGS = {"-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch"};

  private Compare() {}

  /** What to run and how long; parsed from the command line. */
  static final class Plan {
    boolean smoke;
    final List<String> includes = new ArrayList<>();
    Path out;
    int forks = 1;

    /**
     * Null: each benchmark's own {@code @Warmup}: 1 iteration, none for streams (their flow warms).
     */
    Integer warmupIterations;

    /**
     * Null: each benchmark's own {@code @Warmup} time (1 s; single requests and streams warm in
     * setup).
     */
    Long warmupMillis;

    int iterations = 3;
    long iterationMillis = 400;

    /** The smoke plan: every benchmark in this JVM, one 200 ms iteration, smallest parameters. */
    static Plan smoke(Path out) {
      Plan p = new Plan();
      p.smoke = true;
      p.out = out;
      p.forks = 0;
      p.warmupIterations = 0;
      p.iterations = 1;
      p.iterationMillis = 200;
      return p;
    }
  }

  public static void main(String[] args) throws Exception {
    Plan plan = new Plan();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--smoke" -> {
          Plan s = Plan.smoke(plan.out);
          s.includes.addAll(plan.includes);
          plan = s;
        }
        case "--include" -> plan.includes.add(args[++i]);
        case "--out" -> plan.out = Paths.get(args[++i]);
        case "--forks" -> plan.forks = Integer.parseInt(args[++i]);
        case "--warmup" -> plan.warmupIterations = Integer.parseInt(args[++i]);
        case "--iterations" -> plan.iterations = Integer.parseInt(args[++i]);
        case "--iteration-ms" -> plan.iterationMillis = Long.parseLong(args[++i]);
        default -> {
          System.err.println(
              "usage: Compare [--smoke] [--include REGEX]... [--out DIR] [--forks N]"
                  + " [--warmup N] [--iterations N] [--iteration-ms MS]; unknown "
                  + args[i]);
          System.exit(2);
        }
      }
    }
    if (plan.out == null) {
      plan.out = defaultOutput();
    }
    Collection<RunResult> results = run(plan);
    String report =
        plan.smoke
            ? Report.render(results, Machine.describe())
            : Report.render(
                results,
                Machine.describe(),
                aside(Footprint.class, "heap per"),
                aside(PairedRounds.class, "paired"),
                aside(PairedFairness.class, "fairness paired"));
    Files.writeString(plan.out.resolve("results.md"), report, StandardCharsets.UTF_8);
    System.out.println();
    System.out.println(report);
    System.out.println("Written: " + plan.out.resolve("results.json") + ", results.md");
  }

  /** Runs the plan; returns one result per benchmark and parameter combination. */
  static Collection<RunResult> run(Plan plan) throws RunnerException, IOException {
    Files.createDirectories(plan.out);
    ChainedOptionsBuilder o =
        new OptionsBuilder()
            .forks(plan.forks)
            .measurementIterations(plan.iterations)
            .measurementTime(TimeValue.milliseconds(plan.iterationMillis))
            .jvmArgsAppend(FORK_JVM_ARGS)
            .addProfiler(GCProfiler.class)
            .addProfiler(LatencyProfiler.class)
            .shouldFailOnError(true)
            .resultFormat(ResultFormatType.JSON)
            .result(plan.out.resolve("results.json").toString());
    if (plan.warmupIterations != null) {
      o.warmupIterations(plan.warmupIterations);
    }
    if (plan.warmupMillis != null) {
      o.warmupTime(TimeValue.milliseconds(plan.warmupMillis));
    }
    if (plan.includes.isEmpty()) {
      o.include(Compare.class.getPackageName() + ".*Bench");
    } else {
      plan.includes.forEach(o::include);
    }
    if (plan.smoke) {
      // In this JVM (no forks): a short warm-up still runs the warm-up code, but costs no time.
      System.setProperty(Warmup.ROUND_TRIPS_PROPERTY, "200");
      System.setProperty(Warmup.FLOW_MILLIS_PROPERTY, "100");
      System.setProperty(Warmup.FLOW_MAX_MILLIS_PROPERTY, "100");
      System.setProperty(Warmup.MIN_MILLIS_PROPERTY, "0");
      System.setProperty(Warmup.OWN_MILLIS_PROPERTY, "0");
      o.param("payloadBytes", Shapes.P64)
          .param("streams", "10")
          .param("inFlight", Shapes.IN_FLIGHT_16)
          .param("messageBytes", Shapes.P64);
    }
    return new Runner(o.build()).run();
  }

  /**
   * Runs {@code main} ({@link Footprint}, {@link PairedRounds}, {@link PairedFairness}) in its own
   * JVM (fixed heap, nothing else in it) and returns the lines it printed that start with {@code
   * prefix}, or why it failed.
   */
  private static String aside(Class<?> main, String prefix) throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-Xms1g",
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = p.waitFor();
    StringBuilder figures = new StringBuilder();
    for (String line : out.split("\n")) {
      if (line.startsWith(prefix)) {
        figures.append(line).append('\n');
      }
    }
    return exit == 0
        ? figures.toString()
        : main.getSimpleName() + " failed (exit " + exit + "):\n" + out;
  }

  /** Next to the jar (or the classes directory): grid-bench/target/bench-results. */
  private static Path defaultOutput() throws Exception {
    Path code =
        Paths.get(Compare.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return code.getParent().resolve("bench-results");
  }
}
