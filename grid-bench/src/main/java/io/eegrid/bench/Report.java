package io.eegrid.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * Turns one JMH run into the Markdown tables of docs/BENCHMARKS.md: absolute figures per system, EE
 * Grid / peer ratios, latency percentiles, allocation per operation, and the targets of issue 6
 * with met or missed. Missing figures (a benchmark not run) print as "-".
 */
final class Report {
  private static final String[] SINGLE_SYSTEMS = {
    Shapes.EEGRID,
    Shapes.EEGRID_DIRECT,
    Shapes.TYRUS,
    Shapes.GRPC,
    Shapes.GRPC_DIRECT,
    Shapes.RSOCKET
  };

  /** The peers EE Grid direct is compared with: the floor, and its gRPC counterpart. */
  private static final String[] DIRECT_PEERS = {Shapes.TYRUS, Shapes.GRPC_DIRECT};

  private static final String[] STREAM_SYSTEMS = {
    Shapes.EEGRID, Shapes.EEGRID_WIDE, Shapes.TYRUS, Shapes.GRPC, Shapes.GRPC_DIRECT, Shapes.RSOCKET
  };
  private static final String[] PEERS = {
    Shapes.TYRUS, Shapes.GRPC, Shapes.GRPC_DIRECT, Shapes.RSOCKET
  };
  private static final String[] DIRECTIONS = {"TO_CALLER", "TO_HANDLER", "ECHO"};

  /** One benchmark and parameter combination, its primary score and secondary results. */
  private record Row(String benchmark, Map<String, String> params, double primary, RunResult raw) {
    @SuppressWarnings("rawtypes") // JMH's own signature
    double secondary(String label) {
      for (Map.Entry<String, Result> e : raw.getSecondaryResults().entrySet()) {
        if (e.getKey().replace("\u00b7", "").equals(label)) {
          return e.getValue().getScore();
        }
      }
      return Double.NaN;
    }
  }

  private final List<Row> rows = new ArrayList<>();
  private final StringBuilder out = new StringBuilder();
  private String paired; // lines of PairedRounds, or null
  private String fairnessPaired; // the line of PairedFairness, or null

  private Report(Collection<RunResult> results) {
    for (RunResult r : results) {
      String b = r.getParams().getBenchmark();
      String shortName = b.substring(b.lastIndexOf('.', b.lastIndexOf('.') - 1) + 1);
      Map<String, String> params = new java.util.HashMap<>();
      for (String k : r.getParams().getParamsKeys()) {
        params.put(k, r.getParams().getParam(k));
      }
      rows.add(new Row(shortName, params, r.getPrimaryResult().getScore(), r));
    }
  }

  /** The report for {@code results}, run on {@code machine}. */
  static String render(Collection<RunResult> results, String machine) {
    return render(results, machine, null, null, null);
  }

  /**
   * The same, with the figures of {@link Footprint}, the lines {@link PairedRounds} printed and the
   * line of {@link PairedFairness} (each null if not measured), which the 1-in-flight and fairness
   * targets are judged on.
   */
  static String render(
      Collection<RunResult> results,
      String machine,
      String footprint,
      String paired,
      String fairnessPaired) {
    Report r = new Report(results);
    r.paired = paired;
    r.fairnessPaired = fairnessPaired;
    r.out.append("Machine: ").append(machine).append("\n\n");
    r.single();
    r.latency();
    r.streams();
    r.bulk();
    r.fairness();
    r.allocation();
    if (footprint != null) {
      r.out.append("### Footprint (heap after full GC, both nodes)\n\n```\n");
      r.out.append(footprint.strip()).append("\n```\n\n");
    }
    if (paired != null) {
      r.out.append(
          "### 1 in flight, paired rounds (`PairedRounds`, one JVM, systems in turn)\n\n```\n");
      r.out.append(paired.strip()).append("\n```\n\n");
    }
    if (fairnessPaired != null) {
      r.out.append(
          "### Fairness, paired windows (`PairedFairness`, one JVM, streams silent and"
              + " trickling in turn)\n\n```\n");
      r.out.append(fairnessPaired.strip()).append("\n```\n\n");
    }
    r.targets();
    return r.out.toString();
  }

  private double fairnessLatency(String streams, String label) {
    Row r = find("FairnessBench.roundTrips", "streams", streams);
    return r == null ? Double.NaN : r.secondary(label);
  }

  private void fairness() {
    if (find("FairnessBench.roundTrips") == null) {
      return;
    }
    out.append("### Fairness: single requests (64 B, 1 in flight) next to trickling streams\n\n");
    out.append("| open streams (1 message/s each) | round trips/s | p50 / p99 / p99.9 (us) |\n");
    out.append("|---|---|---|\n");
    for (Row r : rows) {
      if (r.benchmark.equals("FairnessBench.roundTrips")) {
        out.append("| ")
            .append(r.params.get("streams"))
            .append(" | ")
            .append(rate(r.secondary("completed")))
            .append(" | ")
            .append(micros(r.secondary("lat.p50")))
            .append(" / ")
            .append(micros(r.secondary("lat.p99")))
            .append(" / ")
            .append(micros(r.secondary("lat.p99.9")))
            .append(" |\n");
      }
    }
    out.append('\n');
  }

  private Row find(String benchmark, String... keyValues) {
    outer:
    for (Row row : rows) {
      if (!row.benchmark.equals(benchmark)) {
        continue;
      }
      for (int i = 0; i < keyValues.length; i += 2) {
        if (!Objects.equals(row.params.get(keyValues[i]), keyValues[i + 1])) {
          continue outer;
        }
      }
      return row;
    }
    return null;
  }

  private double completed(String benchmark, String... keyValues) {
    Row r = find(benchmark, keyValues);
    return r == null ? Double.NaN : r.secondary("completed");
  }

  private double roundTrips(String system, String payload, String inFlight) {
    return completed(
        "SingleRequestBench.roundTrips",
        "system",
        system,
        "payloadBytes",
        payload,
        "inFlight",
        inFlight);
  }

  private double latency(String system, String payload, String inFlight, String label) {
    Row r =
        find(
            "SingleRequestBench.roundTrips",
            "system",
            system,
            "payloadBytes",
            payload,
            "inFlight",
            inFlight);
    return r == null ? Double.NaN : r.secondary(label);
  }

  private double streamRate(String system, String direction, String bytes) {
    return completed(
        "StreamBench.messages", "system", system, "direction", direction, "messageBytes", bytes);
  }

  private double bulkMegabytes(String system, String direction) {
    return completed("BulkBench.messages", "system", system, "direction", direction)
        * Shapes.BULK_MESSAGE_BYTES
        / 1e6;
  }

  private void single() {
    out.append("### Single requests: round trips/s (echo, one connection)\n\n");
    out.append("| payload | in flight |");
    for (String s : SINGLE_SYSTEMS) {
      out.append(' ').append(s).append(" |");
    }
    for (String p : PEERS) {
      out.append(" EE Grid / ").append(p).append(" |");
    }
    for (String p : DIRECT_PEERS) {
      out.append(" direct / ").append(p).append(" |");
    }
    out.append('\n')
        .append("|---".repeat(2 + SINGLE_SYSTEMS.length + PEERS.length + DIRECT_PEERS.length))
        .append("|\n");
    for (String payload : new String[] {Shapes.P64, Shapes.P512, Shapes.P4K}) {
      for (String f :
          new String[] {
            Shapes.IN_FLIGHT_1, Shapes.IN_FLIGHT_16, Shapes.IN_FLIGHT_64, Shapes.IN_FLIGHT_256
          }) {
        if (find("SingleRequestBench.roundTrips", "payloadBytes", payload, "inFlight", f) == null) {
          continue;
        }
        out.append("| ").append(payload).append(" B | ").append(f).append(" |");
        double grid = roundTrips(Shapes.EEGRID, payload, f);
        for (String s : SINGLE_SYSTEMS) {
          out.append(' ').append(rate(roundTrips(s, payload, f))).append(" |");
        }
        for (String p : PEERS) {
          out.append(' ').append(ratio(grid, roundTrips(p, payload, f))).append(" |");
        }
        double direct = roundTrips(Shapes.EEGRID_DIRECT, payload, f);
        for (String p : DIRECT_PEERS) {
          out.append(' ').append(ratio(direct, roundTrips(p, payload, f))).append(" |");
        }
        out.append('\n');
      }
    }
    out.append('\n');
  }

  private void latency() {
    out.append("### Single requests: latency p50 / p99 / p99.9 (us)\n\n");
    out.append("| payload | in flight |");
    for (String s : SINGLE_SYSTEMS) {
      out.append(' ').append(s).append(" |");
    }
    out.append('\n').append("|---".repeat(2 + SINGLE_SYSTEMS.length)).append("|\n");
    for (String payload : new String[] {Shapes.P64, Shapes.P512, Shapes.P4K}) {
      for (String f :
          new String[] {
            Shapes.IN_FLIGHT_1, Shapes.IN_FLIGHT_16, Shapes.IN_FLIGHT_64, Shapes.IN_FLIGHT_256
          }) {
        if (find("SingleRequestBench.roundTrips", "payloadBytes", payload, "inFlight", f) == null) {
          continue;
        }
        out.append("| ").append(payload).append(" B | ").append(f).append(" |");
        for (String s : SINGLE_SYSTEMS) {
          out.append(' ')
              .append(micros(latency(s, payload, f, "lat.p50")))
              .append(" / ")
              .append(micros(latency(s, payload, f, "lat.p99")))
              .append(" / ")
              .append(micros(latency(s, payload, f, "lat.p99.9")))
              .append(" |");
        }
        out.append('\n');
      }
    }
    out.append('\n');
  }

  private void streams() {
    out.append("### Streams: messages/s on one stream (echo counts both directions)\n\n");
    // eegrid-w1024 runs only when asked for (-p system=eegrid-w1024): a column only if it ran
    List<String> systems = new ArrayList<>();
    for (String s : STREAM_SYSTEMS) {
      if (!s.equals(Shapes.EEGRID_WIDE) || find("StreamBench.messages", "system", s) != null) {
        systems.add(s);
      }
    }
    out.append("| direction | size |");
    for (String s : systems) {
      out.append(' ').append(s).append(" |");
    }
    for (String p : PEERS) {
      out.append(" EE Grid / ").append(p).append(" |");
    }
    out.append('\n').append("|---".repeat(2 + systems.size() + PEERS.length)).append("|\n");
    for (String d : DIRECTIONS) {
      for (String size : new String[] {Shapes.P64, Shapes.P512}) {
        if (find("StreamBench.messages", "direction", d, "messageBytes", size) == null) {
          continue;
        }
        out.append("| ").append(d).append(" | ").append(size).append(" B |");
        double grid = streamRate(Shapes.EEGRID, d, size);
        for (String s : systems) {
          out.append(' ').append(rate(streamRate(s, d, size))).append(" |");
        }
        for (String p : PEERS) {
          out.append(' ').append(ratio(grid, streamRate(p, d, size))).append(" |");
        }
        out.append('\n');
      }
    }
    out.append('\n');
  }

  private void bulk() {
    out.append("### Bulk: 64 KiB messages on one stream, MB/s\n\n");
    out.append("| direction |");
    for (String s : SINGLE_SYSTEMS) {
      out.append(' ').append(s).append(" |");
    }
    for (String p : PEERS) {
      out.append(" EE Grid / ").append(p).append(" |");
    }
    out.append('\n').append("|---".repeat(1 + SINGLE_SYSTEMS.length + PEERS.length)).append("|\n");
    for (String d : new String[] {"TO_CALLER", "TO_HANDLER"}) {
      if (find("BulkBench.messages", "direction", d) == null) {
        continue;
      }
      out.append("| ").append(d).append(" |");
      double grid = bulkMegabytes(Shapes.EEGRID, d);
      for (String s : SINGLE_SYSTEMS) {
        out.append(' ').append(fixed(bulkMegabytes(s, d), 0)).append(" |");
      }
      for (String p : PEERS) {
        out.append(' ').append(ratio(grid, bulkMegabytes(p, d))).append(" |");
      }
      out.append('\n');
    }
    out.append('\n');
  }

  /** Bytes allocated per completed operation: JMH's MiB/s over the completed rate. */
  private static double bytesPerCompleted(Row r) {
    if (r == null) {
      return Double.NaN;
    }
    return r.secondary("gc.alloc.rate") * 1024 * 1024 / r.secondary("completed");
  }

  private void allocation() {
    out.append("### Allocation (both nodes together, whole JVM)\n\n");
    out.append("| operation |");
    for (String s : SINGLE_SYSTEMS) {
      out.append(' ').append(s).append(" |");
    }
    out.append('\n').append("|---".repeat(1 + SINGLE_SYSTEMS.length)).append("|\n");
    for (String payload : new String[] {Shapes.P64, Shapes.P512}) {
      for (String f : new String[] {Shapes.IN_FLIGHT_1, Shapes.IN_FLIGHT_64}) {
        if (find("SingleRequestBench.roundTrips", "payloadBytes", payload, "inFlight", f) == null) {
          continue;
        }
        out.append("| B per round trip, ")
            .append(payload)
            .append(" B, ")
            .append(f)
            .append(" in flight |");
        for (String s : SINGLE_SYSTEMS) {
          Row r =
              find(
                  "SingleRequestBench.roundTrips",
                  "system",
                  s,
                  "payloadBytes",
                  payload,
                  "inFlight",
                  f);
          out.append(' ').append(fixed(bytesPerCompleted(r), 0)).append(" |");
        }
        out.append('\n');
      }
    }
    for (String d : DIRECTIONS) {
      Row any = find("StreamBench.messages", "direction", d, "messageBytes", Shapes.P64);
      if (any == null) {
        continue;
      }
      out.append("| B per stream message, 64 B, ").append(d).append(" |");
      for (String s : SINGLE_SYSTEMS) {
        Row r =
            find("StreamBench.messages", "system", s, "direction", d, "messageBytes", Shapes.P64);
        out.append(' ').append(fixed(bytesPerCompleted(r), 0)).append(" |");
      }
      out.append('\n');
    }
    out.append('\n');
    out.append("| EE Grid operation | ops/s | B/op (gc.alloc.rate.norm) |\n|---|---|---|\n");
    for (String payload : new String[] {Shapes.P64, Shapes.P512, Shapes.P4K}) {
      Row r = find("BlockingRequestBench.request", "payloadBytes", payload);
      if (r != null) {
        out.append("| blocking request, ")
            .append(payload)
            .append(" B | ")
            .append(rate(r.primary))
            .append(" | ")
            .append(fixed(r.secondary("gc.alloc.rate.norm"), 0))
            .append(" |\n");
      }
    }
    for (String m : new String[] {"typedRequest", "codecOnly"}) {
      Row r = find("TypedRequestBench." + m);
      if (r != null) {
        out.append("| ")
            .append(m.equals("typedRequest") ? "typed request (small records)" : "codec only")
            .append(" | ")
            .append(rate(r.primary))
            .append(" | ")
            .append(fixed(r.secondary("gc.alloc.rate.norm"), 0))
            .append(" |\n");
      }
    }
    out.append('\n');
  }

  private void targets() {
    out.append("### Targets (issue 6)\n\n| target | figure | met |\n|---|---|---|\n");
    double g1 = roundTrips(Shapes.EEGRID, Shapes.P512, Shapes.IN_FLIGHT_1);
    double t1 = roundTrips(Shapes.TYRUS, Shapes.P512, Shapes.IN_FLIGHT_1);
    target(
        "single request, 512 B, 1 in flight >= 0.8x raw Tyrus echo",
        rate(g1) + " vs " + rate(t1) + " = " + ratio(g1, t1),
        g1 / t1 >= 0.8);
    double x1 = roundTrips(Shapes.EEGRID_DIRECT, Shapes.P512, Shapes.IN_FLIGHT_1);
    target(
        "the same, EE Grid direct (non-blocking handler, direct completion)",
        rate(x1) + " vs " + rate(t1) + " = " + ratio(x1, t1),
        x1 / t1 >= 0.8);
    for (String system : new String[] {Shapes.EEGRID, Shapes.EEGRID_DIRECT}) {
      double median = pairedMedian(system);
      target(
          "the same, " + system + ", paired rounds (median of the per-round ratios)",
          Double.isNaN(median) ? "-" : fixed(median, 2) + "x",
          median >= 0.8);
    }
    double p99 = latency(Shapes.EEGRID, Shapes.P512, Shapes.IN_FLIGHT_1, "lat.p99");
    target("single request, 512 B, 1 in flight, p99 <= 1 ms", micros(p99) + " us", p99 <= 1000);
    double xp99 = latency(Shapes.EEGRID_DIRECT, Shapes.P512, Shapes.IN_FLIGHT_1, "lat.p99");
    target("the same, EE Grid direct", micros(xp99) + " us", xp99 <= 1000);
    double g64 = roundTrips(Shapes.EEGRID, Shapes.P512, Shapes.IN_FLIGHT_64);
    double d64 = roundTrips(Shapes.GRPC_DIRECT, Shapes.P512, Shapes.IN_FLIGHT_64);
    target(
        "single request, 512 B, 64 in flight >= 1x gRPC directExecutor",
        rate(g64) + " vs " + rate(d64) + " = " + ratio(g64, d64),
        g64 >= d64);
    double x64 = roundTrips(Shapes.EEGRID_DIRECT, Shapes.P512, Shapes.IN_FLIGHT_64);
    target(
        "the same, EE Grid direct (like for like with gRPC directExecutor)",
        rate(x64) + " vs " + rate(d64) + " = " + ratio(x64, d64),
        x64 >= d64);
    for (String d : new String[] {"TO_CALLER", "TO_HANDLER"}) {
      double v = streamRate(Shapes.EEGRID, d, Shapes.P64);
      target("one-way stream, 64 B, " + d + " >= 300k msg/s", rate(v), v >= 300_000);
    }
    double echo = streamRate(Shapes.EEGRID, "ECHO", Shapes.P64);
    target("two-way echo stream, 64 B >= 100k msg/s", rate(echo), echo >= 100_000);
    for (String d : new String[] {"TO_CALLER", "TO_HANDLER"}) {
      double v = bulkMegabytes(Shapes.EEGRID, d);
      target("bulk 64 KiB, " + d + " >= 80 MB/s", fixed(v, 0) + " MB/s", v >= 80);
    }
    Row alloc = find("BlockingRequestBench.request", "payloadBytes", Shapes.P512);
    double b = alloc == null ? Double.NaN : alloc.secondary("gc.alloc.rate.norm");
    target(
        "<= 2 KiB allocated per single request (512 B, blocking, both nodes)",
        fixed(b, 0) + " B",
        b <= 2048);
    Row g =
        find(
            "SingleRequestBench.roundTrips",
            "system",
            Shapes.EEGRID,
            "payloadBytes",
            Shapes.P64,
            "inFlight",
            Shapes.IN_FLIGHT_1);
    Row t =
        find(
            "SingleRequestBench.roundTrips",
            "system",
            Shapes.TYRUS,
            "payloadBytes",
            Shapes.P64,
            "inFlight",
            Shapes.IN_FLIGHT_1);
    for (String system : new String[] {Shapes.EEGRID_DIRECT, Shapes.EEGRID}) {
      double merged =
          bytesPerCompleted(
              find(
                  "SingleRequestBench.roundTrips",
                  "system",
                  system,
                  "payloadBytes",
                  Shapes.P64,
                  "inFlight",
                  Shapes.IN_FLIGHT_64));
      target(
          "the same, " + system + ", 64 B, 64 in flight (merged frames share the container's cost)",
          fixed(merged, 0) + " B per round trip",
          merged <= 2048);
    }
    out.append("| (for comparison: raw Tyrus echo alone, 64 B, 1 in flight) | ")
        .append(fixed(bytesPerCompleted(t), 0))
        .append(" B per round trip; EE Grid ")
        .append(fixed(bytesPerCompleted(g), 0))
        .append(" B | - |\n");
    double fair = pairedFairness();
    target(
        "fairness: p99 with 1000 trickling streams <= 2x idle p99, paired windows (median of the"
            + " per-round ratios)",
        Double.isNaN(fair) ? "-" : fixed(fair, 2) + "x",
        fair <= 2);
    double idle = fairnessLatency("0", "lat.p99");
    double busy = fairnessLatency("1000", "lat.p99");
    target(
        "the same, JMH trials (two JVMs, minutes apart)",
        micros(busy) + " vs " + micros(idle) + " us = " + ratio(busy, idle),
        busy <= 2 * idle);
    out.append('\n');
  }

  /** The median ratio {@link PairedFairness} printed, or NaN. */
  private double pairedFairness() {
    return medianIn(fairnessPaired, "fairness paired");
  }

  /** The median ratio {@link PairedRounds} printed for {@code system}, or NaN. */
  private double pairedMedian(String system) {
    return medianIn(paired, "paired \\d+ B " + java.util.regex.Pattern.quote(system) + ":");
  }

  /** The "median x" of the first line of {@code lines} that starts with {@code start}, or NaN. */
  private static double medianIn(String lines, String start) {
    if (lines == null) {
      return Double.NaN;
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "^" + start + ".*?median ([0-9.]+)", java.util.regex.Pattern.MULTILINE)
            .matcher(lines);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  private void target(String what, String figure, boolean met) {
    out.append("| ").append(what).append(" | ").append(figure).append(" | ");
    out.append(figure.contains("-") || figure.contains("NaN") ? "not run" : met ? "yes" : "**no**");
    out.append(" |\n");
  }

  private static String rate(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    if (v >= 1e6) {
      return fixed(v / 1e6, 2) + "M";
    }
    if (v >= 1e3) {
      return fixed(v / 1e3, 1) + "k";
    }
    return fixed(v, 0);
  }

  private static String ratio(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b) || b == 0) {
      return "-";
    }
    return fixed(a / b, 2) + "x";
  }

  private static String micros(double v) {
    return Double.isNaN(v) ? "-" : v >= 100 ? fixed(v, 0) : fixed(v, 1);
  }

  private static String fixed(double v, int decimals) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "-";
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }
}
