package dev.crashflow.cli;

import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/** The pipeline's {@code crashflow} counters, summed over steps. */
public final class Counters {
  private Counters() {}

  /** Counter name to value; committed values where the runner has them, else attempted. */
  public static Map<String, Long> of(PipelineResult result, boolean committed) {
    MetricQueryResults q = result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.inNamespace("crashflow")).build());
    Map<String, Long> out = new TreeMap<>();
    for (MetricResult<Long> c : q.getCounters()) {
      Long v = null;
      if (committed) {
        try {
          v = c.getCommitted();
        } catch (UnsupportedOperationException e) {
          v = null;
        }
      }
      if (v == null) {
        v = c.getAttempted();
      }
      out.merge(c.getName().getName(), v == null ? 0L : v, Long::sum);
    }
    return out;
  }

  /** Messages that became dead letters at any step. */
  public static long deadLetters(Map<String, Long> c) {
    return c.getOrDefault("read_failed", 0L) + c.getOrDefault("decode_failed", 0L)
        + c.getOrDefault("bigquery_failed_rows", 0L);
  }
}
