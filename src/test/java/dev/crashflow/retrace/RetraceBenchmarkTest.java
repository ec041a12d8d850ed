package dev.crashflow.retrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.ref.Reference;
import dev.crashflow.testing.BenchMachine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import proguard.obfuscate.MappingReader;
import proguard.retrace.FrameInfo;
import proguard.retrace.FrameRemapper;

/**
 * crashflow's retracer against ProGuard's {@code proguard-retrace} 7.4.2 used as a library at its
 * best (one {@link FrameRemapper} filled once by {@link MappingReader}), in one JVM: load time,
 * retained heap of the parsed form, and warm per-frame retrace time, on a generated 50k-class R8
 * mapping and on a real R8 mapping. Runs with {@code -Dcrashflow.bench=true} and prints figures;
 * the small generator test always runs.
 */
class RetraceBenchmarkTest {
  private static final Path REAL_R8 = Path.of("../shared/data/proguard-mappings/mapping-r8.txt");
  private static final int FRAMES = 1 << 20;

  @TempDir Path dir;

  @Test
  void generatedMappingParsesAndRetracesKnownFrames() throws IOException {
    MappingGenerator gen = new MappingGenerator(7, 3000);
    Path file = dir.resolve("gen.txt");
    gen.write(file);
    Retracer r = MappingFile.parse(file); // strict: a malformed generated line fails here
    assertEquals(3000, r.classCount());
    assertEquals(List.of("2.2"), r.mapVersions());
    assertEquals("7", r.pgMapId());
    FrameRemapper pg = proguard(file);
    int probes = 0;
    int inlined = 0;
    int hidden = 0;
    int ambiguous = 0;
    for (int i = 0; i < 3000; i++) {
      assertEquals(gen.originalName(i), r.retraceClass(MappingGenerator.obfuscatedName(i)));
      for (MappingGenerator.Probe p : gen.block(i).probes()) {
        assertEquals(p.expected(), r.retraceFrame(p.className(), p.method(), p.line()),
            p::toString);
        probes++;
        hidden += p.expected().isEmpty() ? 1 : 0;
        ambiguous += p.expected().size() > 1 ? 1 : 0;
        if (p.expected().size() == 1) {
          List<RetracedFrame> chain = p.expected().get(0);
          inlined += chain.size() > 1 ? 1 : 0;
          // ProGuard, the benchmark's baseline, must find the same methods for ranged frames
          // and the same top line (it reads an inlined call's position as a range: no check).
          List<String> pgMethods = new ArrayList<>();
          List<FrameInfo> pgFrames = pg.transform(frameInfo(p.className(), p.method(), p.line()));
          for (FrameInfo f : pgFrames) {
            pgMethods.add(f.getClassName() + "." + f.getMethodName());
          }
          assertEquals(chain.stream().map(f -> f.className() + "." + f.methodName()).toList(),
              pgMethods, p::toString);
          assertEquals(chain.get(0).line(), pgFrames.get(0).getLineNumber(), p::toString);
        }
      }
    }
    // Every kind of member the generator writes is exercised.
    assertTrue(probes > 20_000 && inlined > 1000 && hidden > 100 && ambiguous > 100,
        probes + " probes, " + inlined + " inlined, " + hidden + " hidden, " + ambiguous
            + " ambiguous");
  }

  @Test
  @EnabledIfSystemProperty(named = "crashflow.bench", matches = "true")
  void generatedFiftyThousandClassMapping() throws Exception {
    Path file = dir.resolve("big-mapping.txt");
    long t0 = System.nanoTime();
    long size = new MappingGenerator(20240611L, 50_000).write(file);
    System.out.printf("Generated mapping: 50000 classes, %.1f MB in %.1f s%n", size / 1e6,
        (System.nanoTime() - t0) / 1e9);
    compare("generated R8 mapping (50k classes)", file, 5);
  }

  @Test
  @EnabledIfSystemProperty(named = "crashflow.bench", matches = "true")
  void realR8Mapping() throws Exception {
    assumeTrue(Files.exists(REAL_R8), "skipped: " + REAL_R8.toAbsolutePath() + " is missing");
    compare("mapping-r8.txt (real app, R8 1.3)", REAL_R8, 20);
  }

  static void compare(String title, Path file, int rounds) throws Exception {
    long size = Files.size(file);
    MappingFrames frames = MappingFrames.sample(file, FRAMES, 1);
    // Load: warm-up, then interleaved rounds (fairer under a noisy neighbour); best of each.
    for (int w = 0; w < 2; w++) {
      MappingFile.parse(file);
      proguard(file);
    }
    Best cfLoad = new Best();
    Best pgLoad = new Best();
    for (int round = 0; round < rounds; round++) {
      cfLoad.time(() -> MappingFile.parse(file));
      pgLoad.time(() -> proguard(file));
    }
    // Retained heap of each parsed form alone.
    long cfHeap = retained(() -> MappingFile.parse(file));
    long pgHeap = retained(() -> proguard(file));
    // Per frame, warm: the same frames, inputs built before timing.
    Retracer cf = MappingFile.parse(file);
    FrameRemapper pg = proguard(file);
    Integer[] lines = new Integer[frames.size()];
    FrameInfo[] infos = new FrameInfo[frames.size()];
    for (int i = 0; i < lines.length; i++) {
      int l = frames.lines()[i];
      lines[i] = l < 0 ? null : l;
      infos[i] = frameInfo(frames.classes()[i], frames.methods()[i], lines[i]);
    }
    long[] out = new long[2];
    for (int w = 0; w < 2; w++) {
      out[0] = retraceAll(cf, frames, lines);
      out[1] = retraceAll(pg, infos);
    }
    Best cfFrames = new Best();
    Best pgFrames = new Best();
    for (int round = 0; round < 3; round++) {
      cfFrames.time(() -> out[0] = retraceAll(cf, frames, lines));
      pgFrames.time(() -> out[1] = retraceAll(pg, infos));
    }
    double cfLine = stackTraceLineNanos(cf, frames);
    double n = frames.size();
    System.out.printf("%n== %s: %.1f MB, %d classes, %d method lines ==%n", title, size / 1e6,
        cf.classCount(), cf.memberCount());
    System.out.printf("%-10s %9s %9s %9s %8s %9s %9s %9s %9s%n", "", "load ms", "(thread)",
        "(process)", "heap MB", "heap/file", "ns/frame", "(thread)", "(process)");
    String row = "%-10s %9.1f %9.1f %9.1f %8.1f %9.2f %9.0f %9.0f %9.0f   (%d frames out)%n";
    System.out.printf(row, "crashflow", cfLoad.wall / 1e6, cfLoad.thread / 1e6, cfLoad.cpu / 1e6,
        cfHeap / 1e6, (double) cfHeap / size, cfFrames.wall / n, cfFrames.thread / n,
        cfFrames.cpu / n, out[0]);
    System.out.printf(row, "ProGuard", pgLoad.wall / 1e6, pgLoad.thread / 1e6, pgLoad.cpu / 1e6,
        pgHeap / 1e6, (double) pgHeap / size, pgFrames.wall / n, pgFrames.thread / n,
        pgFrames.cpu / n, out[1]);
    System.out.printf("crashflow vs ProGuard: load %.2fx faster (thread CPU %.2fx, process CPU "
            + "%.2fx; target >= 2), heap %.2fx of ProGuard's = %.2fx the file (target <= 2), "
            + "retrace %.2fx faster (thread CPU %.2fx) at %.0f ns/frame wall, %.0f ns thread CPU "
            + "(target < 1000)%n",
        pgLoad.wall / cfLoad.wall, pgLoad.thread / cfLoad.thread, pgLoad.cpu / cfLoad.cpu,
        (double) cfHeap / pgHeap, (double) cfHeap / size, pgFrames.wall / cfFrames.wall,
        pgFrames.thread / cfFrames.thread, cfFrames.wall / n, cfFrames.thread / n);
    System.out.println("machine: " + BenchMachine.load());
    System.out.printf("crashflow StackTraceRetracer, whole '\\tat' lines (parse + retrace + "
        + "format): %.0f ns/line%n", cfLine);
    assertTrue(out[0] > 0 && out[1] > 0);
  }

  /**
   * Best wall time, best thread CPU time and best process CPU time (all threads: GC and JIT
   * included) over rounds. On a shared machine the CPU times are the steadier figures: they
   * leave out time spent descheduled; the thread's is the work itself, the process's adds the
   * garbage collection it causes.
   */
  private static final class Best {
    private static final com.sun.management.OperatingSystemMXBean OS =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    double wall = Double.MAX_VALUE;
    double thread = Double.MAX_VALUE;
    double cpu = Double.MAX_VALUE;

    void time(Load work) throws IOException {
      long c0 = OS.getProcessCpuTime();
      long t0 = System.nanoTime();
      long th0 = THREADS.getCurrentThreadCpuTime();
      Reference.reachabilityFence(work.load());
      thread = Math.min(thread, THREADS.getCurrentThreadCpuTime() - th0);
      wall = Math.min(wall, System.nanoTime() - t0);
      cpu = Math.min(cpu, OS.getProcessCpuTime() - c0);
    }
  }

  private static long retraceAll(Retracer cf, MappingFrames frames, Integer[] lines) {
    long out = 0;
    String[] classes = frames.classes();
    String[] methods = frames.methods();
    for (int i = 0; i < lines.length; i++) {
      List<List<RetracedFrame>> alts = cf.retraceFrame(classes[i], methods[i], lines[i]);
      for (int k = 0; k < alts.size(); k++) {
        out += alts.get(k).size();
      }
    }
    return out;
  }

  private static long retraceAll(FrameRemapper pg, FrameInfo[] infos) {
    long out = 0;
    for (FrameInfo f : infos) {
      out += pg.transform(f).size();
    }
    return out;
  }

  /** Whole stack-trace lines through StackTraceRetracer, 50 frames a trace; best of 3. */
  private static double stackTraceLineNanos(Retracer cf, MappingFrames frames) {
    int count = Math.min(frames.size(), 1 << 18);
    List<List<String>> traces = new ArrayList<>();
    for (int i = 0; i < count; i += 50) {
      List<String> trace = new ArrayList<>(50);
      for (int k = i; k < Math.min(count, i + 50); k++) {
        int l = frames.lines()[k];
        trace.add("\tat " + frames.classes()[k] + "." + frames.methods()[k] + "(SourceFile"
            + (l < 0 ? "" : ":" + l) + ")");
      }
      traces.add(trace);
    }
    StackTraceRetracer st = new StackTraceRetracer(cf, false);
    long best = Long.MAX_VALUE;
    long sink = 0;
    for (int round = 0; round < 5; round++) {
      long t0 = System.nanoTime();
      for (List<String> trace : traces) {
        sink += st.retraceLines(trace).size();
      }
      best = Math.min(best, System.nanoTime() - t0);
    }
    assertTrue(sink >= count);
    return (double) best / count;
  }

  interface Load {
    Object load() throws IOException;
  }

  /** Heap held by what {@code load} returns: used heap after full GCs, with and without it. */
  private static long retained(Load load) throws IOException {
    long before = usedAfterGc();
    Object held = load.load();
    long after = usedAfterGc();
    Reference.reachabilityFence(held);
    return after - before;
  }

  private static long usedAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  static FrameRemapper proguard(Path file) throws IOException {
    FrameRemapper remapper = new FrameRemapper();
    new MappingReader(file.toFile()).pump(remapper);
    return remapper;
  }

  /** A frame as ProGuard's ReTrace builds it from {@code at a.b.c(SourceFile:12)}. */
  static FrameInfo frameInfo(String cls, String method, Integer line) {
    return new FrameInfo(cls, "SourceFile", line == null ? 0 : line, null, null, method, null);
  }
}
