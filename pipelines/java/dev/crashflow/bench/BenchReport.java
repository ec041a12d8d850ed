package dev.crashflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The bench's results: the corpus, the machine and its load, and the figures of every part. */
public final class BenchReport {
  private final BenchCorpus.Written corpus;
  private final int parallelism;
  private final List<Figures> parts = new ArrayList<>();
  private final double loadBefore;
  private double loadAfter;

  BenchReport(BenchCorpus.Written corpus, int parallelism) {
    this.corpus = corpus;
    this.parallelism = parallelism;
    this.loadBefore = Meter.loadAverage();
  }

  void add(Figures f) {
    parts.add(f);
  }

  void finish() {
    loadAfter = Meter.loadAverage();
  }

  public List<Figures> parts() {
    return parts;
  }

  public BenchCorpus.Written corpus() {
    return corpus;
  }

  Figures part(String name) {
    return parts.stream().filter(f -> f.part().equals(name)).findFirst().orElse(null);
  }

  /** Pipeline throughput per core (wall events/s over parallelism) as a share of the ceiling's. */
  double perCoreShareOfCeiling(Figures pipeline) {
    Figures ceiling = part(StageBench.CEILING);
    return ceiling == null || ceiling.eventsPerSecond() == 0 ? 0
        : pipeline.eventsPerSecond() / parallelism / ceiling.eventsPerSecond();
  }

  /** Pipeline events per process CPU-second as a share of the ceiling's per thread CPU-second. */
  double cpuShareOfCeiling(Figures pipeline) {
    Figures ceiling = part(StageBench.CEILING);
    return ceiling == null || ceiling.eventsPerCpuSecond() == 0 ? 0
        : pipeline.eventsPerCpuSecond() / ceiling.eventsPerCpuSecond();
  }

  public void print(PrintStream out) {
    Runtime rt = Runtime.getRuntime();
    out.printf("corpus: %d messages (%d crash events, %d sessions, %d duplicates, %d bad), %d apps, "
            + "%.1f MB, average %.0f bytes per message; %d symbol files, %.1f MB%n",
        corpus.messages(), corpus.crashEvents(), corpus.sessions(), corpus.duplicates(),
        corpus.bad(), corpus.apps(), corpus.bytes() / 1e6, corpus.averageEventBytes(),
        corpus.symbolFiles(), corpus.symbolBytes() / 1e6);
    out.printf("machine: %d cores, max heap %d MB, load average %.2f before, %.2f after%n%n",
        rt.availableProcessors(), rt.maxMemory() >> 20, loadBefore, loadAfter);
    out.printf("%-16s %-15s %9s %8s %8s %10s %7s %11s %9s %8s%n", "part", "how", "events",
        "wall s", "cpu s", "events/s", "MB/s", "ev/CPU-s", "us CPU/ev", "heap MB");
    for (Figures f : parts) {
      out.printf("%-16s %-15s %9d %8.2f %8.2f %10.0f %7.1f %11.0f %9.1f %8d%n", f.part(), f.kind(),
          f.events(), f.wallSeconds(), f.cpuSeconds(), f.eventsPerSecond(),
          f.megabytesPerSecond(), f.eventsPerCpuSecond(), f.cpuMicrosPerEvent(),
          f.peakHeapBytes() >> 20);
    }
    Figures floor = part("floor flink");
    if (floor != null) {
      out.printf("%nengine floor on flink (read, one shuffle, write; no crashflow work): %.0f events/s,"
          + " %.0f per core, %.0f per CPU-second%s%n", floor.eventsPerSecond(),
          floor.eventsPerSecond() / parallelism, floor.eventsPerCpuSecond(),
          part(StageBench.CEILING) == null ? "" : String.format(" (%.1f%% of the single-thread ceiling per core)",
              100 * perCoreShareOfCeiling(floor)));
    }
    for (Figures f : parts) {
      if (f.part().startsWith("pipeline ")) {
        boolean ceiling = part(StageBench.CEILING) != null;
        out.printf("%n%s: %.0f events/s, %.0f per core%s, %.0f per CPU-second%s, peak heap %d MB%n",
            f.part(), f.eventsPerSecond(), f.eventsPerSecond() / parallelism,
            ceiling ? String.format(" (%.1f%% of the single-thread ceiling)", 100 * perCoreShareOfCeiling(f)) : "",
            f.eventsPerCpuSecond(),
            ceiling ? String.format(" (%.1f%% of the ceiling's)", 100 * cpuShareOfCeiling(f)) : "",
            f.peakHeapBytes() >> 20);
        Map<String, Long> c = f.counts();
        out.printf("  conservation: %d read = %d events + %d sessions + %d dead letters + %d duplicates  %s%n",
            c.get("read"), c.get("crash_events"), c.get("sessions"), c.get("dead_letters"),
            c.get("duplicates"), PipelineBench.conserved(c) ? "OK" : "MISMATCH");
        if (c.containsKey("rows_in_crash_events")) {
          out.printf("  tables read back: %d crash_events, %d sessions, %d dead_letters rows in their files  %s%n",
              c.get("rows_in_crash_events"), c.get("rows_in_sessions"), c.get("rows_in_dead_letters"),
              PipelineBench.tablesComplete(c) ? "OK" : "MISSING ROWS");
        }
        Long jitMillis = c.get("jit_compile_ms");
        if (jitMillis != null && jitMillis >= 0) {
          double rest = f.cpuSeconds() - jitMillis / 1e3;
          out.printf("  of its CPU: JIT compilation %.1f s (warm-up), the rest %.1f s: %.1f us per event%n",
              jitMillis / 1e3, rest, f.events() == 0 ? 0 : rest * 1e6 / f.events());
        }
        if (floor != null && floor.eventsPerSecond() > 0 && floor.eventsPerCpuSecond() > 0) {
          out.printf("  against the engine floor: %.1f%% of its events/s, %.1f%% of its events per CPU-second%n",
              100 * f.eventsPerSecond() / floor.eventsPerSecond(),
              100 * f.eventsPerCpuSecond() / floor.eventsPerCpuSecond());
        }
      }
    }
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("messages", corpus.messages());
    c.put("crash_events", corpus.crashEvents());
    c.put("sessions", corpus.sessions());
    c.put("duplicates", corpus.duplicates());
    c.put("bad", corpus.bad());
    c.put("apps", corpus.apps());
    c.put("bytes", corpus.bytes());
    c.put("average_message_bytes", Figures.round(corpus.averageEventBytes()));
    c.put("symbol_files", corpus.symbolFiles());
    c.put("symbol_bytes", corpus.symbolBytes());
    c.put("kinds", corpus.kinds());
    m.put("corpus", c);
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
    machine.put("load_average_before", loadBefore);
    machine.put("load_average_after", loadAfter);
    machine.put("parallelism", parallelism);
    m.put("machine", machine);
    List<Map<String, Object>> list = new ArrayList<>();
    for (Figures f : parts) {
      Map<String, Object> fm = f.toMap();
      if (f.part().startsWith("pipeline ")) {
        fm.put("events_per_second_per_core", Figures.round(f.eventsPerSecond() / parallelism));
        fm.put("per_core_share_of_ceiling", Figures.round(perCoreShareOfCeiling(f)));
        fm.put("cpu_share_of_ceiling", Figures.round(cpuShareOfCeiling(f)));
        fm.put("conserved", PipelineBench.conserved(f.counts()));
      }
      list.add(fm);
    }
    m.put("parts", list);
    return m;
  }

  public void writeJson(Path file) throws IOException {
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), toMap());
  }
}
