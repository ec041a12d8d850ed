package dev.crashflow.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashflow.testing.BenchMachine;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Size and speed on generated files shaped like dump_syms output ({@link SymGenerator}). The small
 * case always runs and checks every address of sampled functions against what was written; the
 * 150 MB benchmark runs with {@code -Dcrashflow.bench=true} and prints parse speed, lookup time at
 * random addresses over the whole module, frames per lookup and the resident size.
 */
class SymbolIndexBenchmarkTest {
  static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @TempDir Path dir;

  @Test
  void generatedFileResolvesEveryAddressOfSampledFunctionsAndIndexIsSmallerThanTheFile()
      throws Exception {
    for (boolean withStack : new boolean[] {false, true}) {
      Path file = dir.resolve("gen-" + withStack + ".sym");
      SymGenerator.Written w = SymGenerator.write(file, 8 << 20, withStack, 25);
      SymbolIndex idx = SymbolIndex.read(file);
      assertEquals(w.functions, idx.functionCount());
      assertEquals(w.publics, idx.publicCount());
      assertEquals(w.inlineRecords, idx.inlineCount());
      assertEquals(0, idx.skippedLines());
      assertTrue(idx.residentBytes() < Files.size(file),
          idx.residentBytes() + " >= " + Files.size(file) + " (stack " + withStack + ")");
      assertTrue(checkSamples(idx, w) > 10_000);
    }
  }

  @Test
  @EnabledIfSystemProperty(named = "crashflow.bench", matches = "true")
  void parseAndLookupSpeedOnA150MegabyteFile() throws Exception {
    Path file = dir.resolve("big.sym");
    SymGenerator.Written w = SymGenerator.write(file, 150_000_000L, true, 2000);
    long size = Files.size(file);
    System.out.printf("SymbolIndex bench file: %.1f MB, %d FUNC, %d line, %d INLINE, %d PUBLIC "
            + "records; STACK CFI %.0f%% of the bytes%n", size / 1e6, w.functions, w.lineRecords,
        w.inlineRecords, w.publics, 100.0 * w.stackBytes / size);

    // Wall time is what a user waits; thread CPU time is printed too because other processes
    // share this machine's cores and stretch wall time without changing the work done. The
    // headline is the file figure: a symbol file is always read from a file or a stream.
    long[] read = best(3, () -> SymbolIndex.read(file));
    long[] stream = best(3, () -> {
      try (InputStream in = Files.newInputStream(file)) {
        SymbolIndex.read(in);
      }
    });
    byte[] bytes = Files.readAllBytes(file);
    long[] parse = best(3, () -> SymbolIndex.parse(bytes));
    long heapBefore = usedHeap();
    SymbolIndex idx = SymbolIndex.read(file);
    long heapDelta = usedHeap() - heapBefore;
    System.out.printf("SymbolIndex parse from the file: %.0f MB/s by thread CPU, %.0f MB/s wall "
            + "(%.0f ms CPU, %.0f ms wall; best of 3; target 200 MB/s)%n", size * 1e3 / read[1],
        size * 1e3 / read[0], read[1] / 1e6, read[0] / 1e6);
    System.out.printf("SymbolIndex parse, other sources: from a stream without a size hint %.0f "
            + "MB/s CPU, %.0f MB/s wall; from a byte[] in memory %.0f MB/s CPU, %.0f MB/s wall%n",
        size * 1e3 / stream[1], size * 1e3 / stream[0], size * 1e3 / parse[1],
        size * 1e3 / parse[0]);
    System.out.println("SymbolIndex parse machine: " + BenchMachine.load());
    System.out.printf("SymbolIndex resident: residentBytes %.1f MB = %.1f%% of the file "
            + "(heap grew %.1f MB after GC)%n", idx.residentBytes() / 1e6,
        100.0 * idx.residentBytes() / size, heapDelta / 1e6);
    int checked = checkSamples(idx, w);

    Random random = new Random(7);
    long[] addresses = new long[1 << 20];
    for (int i = 0; i < addresses.length; i++) {
      addresses[i] = SymGenerator.FIRST_FUNCTION
          + (long) (random.nextDouble() * (w.endAddress - SymGenerator.FIRST_FUNCTION));
    }
    long[] wall = new long[7];
    long[] cpu = new long[wall.length];
    long frames = 0;
    long resolved = 0;
    long inlined = 0;
    long checksum = 0;
    for (int round = 0; round < wall.length; round++) {
      long sink = 0;
      frames = 0;
      resolved = 0;
      inlined = 0;
      long c0 = THREADS.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      for (long a : addresses) {
        List<SymbolFrame> f = idx.lookup(a);
        int n = f.size();
        frames += n;
        if (n > 0) {
          resolved++;
          inlined += n > 1 ? 1 : 0;
        }
        // Read every frame as a caller formatting it would: the figure must include whatever
        // memory the returned names live in, not just the lookup's own work.
        for (int j = 0; j < n; j++) {
          SymbolFrame fr = f.get(j);
          sink += fr.line() + length(fr.function()) + length(fr.file());
        }
      }
      wall[round] = System.nanoTime() - t0;
      cpu[round] = THREADS.getCurrentThreadCpuTime() - c0;
      checksum = sink;
    }
    // The first two rounds warm the JIT and the caches; report the median of the rest.
    double n = addresses.length;
    System.out.printf("SymbolIndex lookup: %.0f ns per address wall, %.0f ns thread CPU (median "
            + "of %d warm rounds of %d random addresses over the module; best %.0f / %.0f ns); "
            + "%.2f frames per lookup, %.1f%% resolved, %.1f%% with inlined frames; %d sampled "
            + "addresses checked; answers checksum %d%n", warmMedian(wall) / n,
        warmMedian(cpu) / n, wall.length - 2, addresses.length, warmBest(wall) / n,
        warmBest(cpu) / n, frames / n, 100.0 * resolved / n, 100.0 * inlined / n, checked,
        checksum);
    System.out.println("SymbolIndex bench machine: " + BenchMachine.load());
    assertTrue(idx.residentBytes() < size);
  }

  /** Looks up every address of every sampled function; returns how many were checked. */
  static int checkSamples(SymbolIndex idx, SymGenerator.Written w) {
    int checked = 0;
    for (SymGenerator.FunctionModel m : w.samples) {
      for (long a = m.start; a < m.next; a++) {
        assertEquals(m.expected(a), idx.lookup(a), "address " + Long.toHexString(a));
        checked++;
      }
    }
    return checked;
  }

  interface Work {
    void run() throws Exception;
  }

  /** The best wall and thread CPU nanoseconds of {@code rounds} runs. */
  static long[] best(int rounds, Work work) throws Exception {
    long[] best = {Long.MAX_VALUE, Long.MAX_VALUE};
    for (int i = 0; i < rounds; i++) {
      long c0 = THREADS.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      work.run();
      best[0] = Math.min(best[0], System.nanoTime() - t0);
      best[1] = Math.min(best[1], THREADS.getCurrentThreadCpuTime() - c0);
    }
    return best;
  }

  static int length(String s) {
    return s == null ? 0 : s.length();
  }

  private static double warmMedian(long[] rounds) {
    long[] warm = Arrays.copyOfRange(rounds, 2, rounds.length);
    Arrays.sort(warm);
    return warm[warm.length / 2];
  }

  private static double warmBest(long[] rounds) {
    return Arrays.stream(rounds, 2, rounds.length).min().getAsLong();
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
