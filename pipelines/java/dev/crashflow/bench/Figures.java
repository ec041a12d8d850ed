package dev.crashflow.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one measured part processed and what it cost. {@code cpuSeconds} is thread CPU for the
 * single-thread parts and process CPU (all threads, startup included) for pipelines; events per
 * CPU-second is the figure that stays comparable on a shared machine.
 */
public record Figures(String part, String kind, long events, long bytes, double wallSeconds,
    double cpuSeconds, long peakHeapBytes, Map<String, Long> counts) {

  public double eventsPerSecond() {
    return wallSeconds <= 0 ? 0 : events / wallSeconds;
  }

  public double megabytesPerSecond() {
    return wallSeconds <= 0 ? 0 : bytes / 1e6 / wallSeconds;
  }

  public double eventsPerCpuSecond() {
    return cpuSeconds <= 0 ? 0 : events / cpuSeconds;
  }

  /** Microseconds of CPU per event. */
  public double cpuMicrosPerEvent() {
    return events == 0 ? 0 : cpuSeconds * 1e6 / events;
  }

  /** The figures as a JSON-ready map. */
  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("part", part);
    m.put("kind", kind);
    m.put("events", events);
    m.put("bytes", bytes);
    m.put("wall_seconds", round(wallSeconds));
    m.put("cpu_seconds", round(cpuSeconds));
    m.put("events_per_second", round(eventsPerSecond()));
    m.put("mb_per_second", round(megabytesPerSecond()));
    m.put("events_per_cpu_second", round(eventsPerCpuSecond()));
    m.put("cpu_micros_per_event", round(cpuMicrosPerEvent()));
    m.put("peak_heap_bytes", peakHeapBytes);
    if (counts != null && !counts.isEmpty()) {
      m.put("counts", counts);
    }
    return m;
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
