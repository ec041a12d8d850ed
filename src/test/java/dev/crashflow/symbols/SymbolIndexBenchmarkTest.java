package dev.crashflow.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Size and speed on generated files. The small case always runs; the 150 MB benchmark runs with
 * {@code -Dcrashflow.bench=true} and prints its figures.
 */
class SymbolIndexBenchmarkTest {
  @TempDir Path dir;

  @Test
  void generatedFileResolvesKnownAddressesAndIndexIsSmallerThanTheFile() throws Exception {
    for (boolean withStack : new boolean[] {false, true}) {
      Path file = dir.resolve("gen-" + withStack + ".sym");
      int functions = SymGenerator.write(file, 8 << 20, withStack);
      SymbolIndex idx = SymbolIndex.read(file);
      assertEquals(functions, idx.functionCount());
      assertEquals(0, idx.skippedLines());
      assertTrue(idx.residentBytes() < Files.size(file),
          idx.residentBytes() + " >= " + Files.size(file) + " (stack " + withStack + ")");
      checkKnownAddresses(idx, functions);
    }
  }

  @Test
  @EnabledIfSystemProperty(named = "crashflow.bench", matches = "true")
  void parseAndLookupSpeedOnA150MegabyteFile() throws Exception {
    Path file = dir.resolve("big.sym");
    int functions = SymGenerator.write(file, 150L << 20, true);
    long size = Files.size(file);
    SymbolIndex idx = null;
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 4; round++) {
      long t0 = System.nanoTime();
      idx = SymbolIndex.read(file);
      best = Math.min(best, System.nanoTime() - t0);
    }
    checkKnownAddresses(idx, functions);
    Random random = new Random(1);
    long[] addresses = new long[1 << 20];
    for (int i = 0; i < addresses.length; i++) {
      addresses[i] = SymGenerator.functionStart(random.nextInt(functions)) + random.nextInt(0x100);
    }
    long frames = 0;
    long lookupBest = Long.MAX_VALUE;
    for (int round = 0; round < 3; round++) {
      long t0 = System.nanoTime();
      for (long a : addresses) {
        frames += idx.lookup(a).size();
      }
      lookupBest = Math.min(lookupBest, System.nanoTime() - t0);
    }
    System.out.printf("Breakpad parse: %.1f MB in %.0f ms = %.0f MB/s (read + index); "
            + "resident %.1f MB (%.0f%% of file); lookup %.0f ns (%d frames)%n",
        size / 1e6, best / 1e6, size / 1e6 / (best / 1e9), idx.residentBytes() / 1e6,
        100.0 * idx.residentBytes() / size, (double) lookupBest / addresses.length, frames);
    assertTrue(idx.residentBytes() < size);
  }

  private static void checkKnownAddresses(SymbolIndex idx, int functions) {
    for (int i = 0; i < functions; i += Math.max(1, functions / 1000)) {
      long s = SymGenerator.functionStart(i);
      int file = i % SymGenerator.FILES;
      assertEquals(List.of(new SymbolFrame(SymGenerator.functionName(i),
          SymGenerator.fileName(file), 100, false)), idx.lookup(s + 5));
      assertEquals(List.of(
          new SymbolFrame(SymGenerator.originName((i + 1) % SymGenerator.ORIGINS),
              SymGenerator.fileName(file), 102, true),
          new SymbolFrame(SymGenerator.originName(i % SymGenerator.ORIGINS),
              SymGenerator.fileName((i + 1) % SymGenerator.FILES), 7, true),
          new SymbolFrame(SymGenerator.functionName(i), SymGenerator.fileName(file), 103, false)),
          idx.lookup(s + 0x2a));
      assertEquals(List.of(), idx.lookup(s + 0xf5));
    }
  }
}
