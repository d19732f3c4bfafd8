package io.eegrid.bench;

import java.util.Collection;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Adds the latency percentiles of the closed-loop calls recorded in {@link Meter} to each
 * iteration's results: {@code lat.p50}, {@code lat.p99} and {@code lat.p99.9}, in microseconds
 * (averaged over iterations). Runs inside the benchmark JVM; use with {@code -prof
 * io.eegrid.bench.LatencyProfiler}. Benchmarks that record no latency get no such results.
 */
public class LatencyProfiler implements InternalProfiler {
  @Override
  public String getDescription() {
    return "latency percentiles of closed-loop single requests, in us";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    Meter m = Meter.current();
    if (m != null) {
      m.takeLatencies(); // start the iteration with an empty histogram
    }
  }

  @Override
  @SuppressWarnings("rawtypes") // JMH's own signature
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    Meter m = Meter.current();
    if (m == null) {
      return List.of();
    }
    Histogram h = m.takeLatencies();
    if (h.getTotalCount() == 0) {
      return List.of();
    }
    return List.of(
        percentile("lat.p50", h, 50),
        percentile("lat.p99", h, 99),
        percentile("lat.p99.9", h, 99.9));
  }

  private static ScalarResult percentile(String label, Histogram h, double percentile) {
    return new ScalarResult(
        label, h.getValueAtPercentile(percentile) / 1000.0, "us", AggregationPolicy.AVG);
  }
}
