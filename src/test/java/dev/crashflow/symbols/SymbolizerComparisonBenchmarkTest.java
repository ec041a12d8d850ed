package dev.crashflow.symbols;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crashflow.testing.BenchMachine;
import dev.crashflow.testing.NativeTools;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Lookup throughput of {@link SymbolIndex} against {@code llvm-symbolizer-14} on the same
 * addresses of the same binary: a generated C program ({@link BenchCProgram}) built with
 * {@code gcc -g -O2}, its {@code .sym} from Breakpad's dump_syms. llvm-symbolizer runs as one
 * process reading all addresses from stdin; its startup and DWARF loading are taken out by
 * subtracting a one-address run, each run done twice with the faster kept. The answers are
 * compared too, so a fast but wrong index would show. Runs with {@code -Dcrashflow.bench=true};
 * {@code -Dcrashflow.bench.addresses=N} sets the address count (default 100000).
 *
 * <p>The built program and its symbol file are kept under {@code target/native-bench/<hash of
 * the sources>}, so a second run skips the minute of compiling.
 */
@EnabledIfSystemProperty(named = "crashflow.bench", matches = "true")
class SymbolizerComparisonBenchmarkTest {
  private static final int UNITS = 8;
  private static final int FUNCTIONS = 300;
  private static final int HELPERS = 40;
  private static final String LLVM_FLAGS = "--inlining --output-style=JSON";

  @Test
  void lookupThroughputAgainstLlvmSymbolizerOnTheSameAddresses() throws Exception {
    Path gcc = NativeTools.assumeGcc();
    Path dumpSyms = NativeTools.assumeDumpSyms();
    Path llvm = NativeTools.assumeLlvmSymbolizer();
    Path work = build(gcc, dumpSyms);
    Path binary = work.resolve("bench");
    Path sym = work.resolve("bench.sym");

    long[] parse = SymbolIndexBenchmarkTest.best(3, () -> SymbolIndex.read(sym));
    SymbolIndex idx = SymbolIndex.read(sym);
    int n = Integer.getInteger("crashflow.bench.addresses", 100_000);
    long[] addresses = addressesInFunctions(sym, n);
    StringBuilder text = new StringBuilder();
    for (long a : addresses) {
      text.append("0x").append(Long.toHexString(a)).append('\n');
    }
    Files.writeString(work.resolve("addresses.txt"), text);
    Files.writeString(work.resolve("one.txt"), "0x" + Long.toHexString(addresses[0]) + "\n");

    double[] one = llvmRun(llvm, binary, work, "one.txt");
    double[] all = llvmRun(llvm, binary, work, "addresses.txt");
    double llvmWallNs = (all[0] - one[0]) * 1e9 / (n - 1);
    double llvmCpuNs = (all[1] - one[1]) * 1e9 / (n - 1);

    // One cold round, then warm-up to two million lookups whatever the address count, then five
    // measured rounds. Every frame's names are read, as a caller formatting them would.
    long[] wall = new long[6];
    long[] cpu = new long[wall.length];
    long sink = 0;
    for (int round = 0, warmup = 0; round < wall.length; round++) {
      long c0 = SymbolIndexBenchmarkTest.THREADS.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      for (long a : addresses) {
        for (SymbolFrame f : idx.lookup(a)) {
          sink += f.line() + SymbolIndexBenchmarkTest.length(f.function())
              + SymbolIndexBenchmarkTest.length(f.file());
        }
      }
      wall[round] = System.nanoTime() - t0;
      cpu[round] = SymbolIndexBenchmarkTest.THREADS.getCurrentThreadCpuTime() - c0;
      for (; round == 0 && warmup < 2_000_000; warmup += n) {
        for (long a : addresses) {
          sink += idx.lookup(a).size();
        }
      }
    }
    double oursWallNs = median(wall) / n;
    double oursCpuNs = median(cpu) / n;
    double coldMs = (parse[0] + wall[0]) / 1e6;
    List<List<SymbolFrame>> answers = new ArrayList<>(n);
    for (long a : addresses) {
      answers.add(idx.lookup(a));
    }
    Agreement agreement = compare(work.resolve("llvm-out.json"), addresses, answers);

    System.out.printf("Symbolizer comparison: %s, %.1f MB of code+DWARF, .sym %.1f MB "
            + "(%d FUNC, %d INLINE), %d random addresses inside functions%n",
        binary.getFileName(), Files.size(binary) / 1e6, Files.size(sym) / 1e6,
        idx.functionCount(), idx.inlineCount(), n);
    System.out.printf("llvm-symbolizer-14 %s: %.2f s wall / %.2f s CPU for all (one process, "
            + "second run), %.2f s / %.2f s for one address; %.0f ns wall, %.0f ns CPU per "
            + "address after startup%n", LLVM_FLAGS, all[0], all[1], one[0], one[1], llvmWallNs,
        llvmCpuNs);
    System.out.printf("crashflow SymbolIndex: parse .sym %.0f ms (cold JVM); %.0f ns wall, %.0f ns "
            + "thread CPU per address (median of 5 warm rounds); cold (parse + first round) "
            + "%.0f ms (checksum %d)%n", parse[0] / 1e6, oursWallNs, oursCpuNs, coldMs, sink);
    System.out.printf("Ratio llvm-symbolizer / crashflow per address: %.1fx wall, %.1fx CPU; "
            + "end to end for %d addresses: %.1fx (%.2f s vs %.0f ms)%n",
        llvmWallNs / oursWallNs, llvmCpuNs / oursCpuNs, n, all[0] * 1e3 / coldMs, all[0],
        coldMs);
    System.out.println("Agreement with llvm-symbolizer: " + agreement);
    System.out.println("Symbolizer comparison machine: " + BenchMachine.load());
    assertTrue(agreement.outer >= 0.99 * n, agreement.toString());
  }

  /** Writes, compiles and dumps the program unless an identical one was built before. */
  private static Path build(Path gcc, Path dumpSyms) throws Exception {
    Path scratch = Files.createTempDirectory("bench-c");
    try {
      return build(gcc, dumpSyms, scratch);
    } finally {
      try (var files = Files.walk(scratch)) {
        for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    }
  }

  private static Path build(Path gcc, Path dumpSyms, Path scratch) throws Exception {
    List<Path> sources = BenchCProgram.write(scratch, 42, UNITS, FUNCTIONS, HELPERS);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(Files.readAllBytes(scratch.resolve("bench.h")));
    for (Path s : sources) {
      sha.update(Files.readAllBytes(s));
    }
    String key = HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    Path work = Paths.get("target/native-bench", key).toAbsolutePath();
    if (Files.exists(work.resolve("bench.sym"))) {
      return work;
    }
    Files.createDirectories(work);
    Files.copy(scratch.resolve("bench.h"), work.resolve("bench.h"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<String>> jobs = new ArrayList<>();
    List<String> link = new ArrayList<>(List.of(gcc.toString(), "-g", "-O2",
        "-Wl,--build-id=sha1", "-o", "bench"));
    for (Path s : sources) {
      Path c = work.resolve(s.getFileName());
      Files.copy(s, c, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      String object = c.getFileName().toString().replace(".c", ".o");
      link.add(object);
      jobs.add(pool.submit(() -> NativeTools.run(work, List.of(gcc.toString(), "-g", "-O2", "-c",
          c.getFileName().toString(), "-o", object), 1200)));
    }
    try {
      for (Future<String> job : jobs) {
        job.get();
      }
    } finally {
      pool.shutdown();
    }
    NativeTools.run(work, link, 300);
    String symbols = NativeTools.run(work, List.of(dumpSyms.toString(), "-d", "bench"), 300);
    // Written last and whole: its presence marks a complete build for the next run.
    Path partial = work.resolve("bench.sym.partial");
    Files.writeString(partial, symbols, StandardCharsets.UTF_8);
    Files.move(partial, work.resolve("bench.sym"),
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return work;
  }

  /** Random addresses, each inside a FUNC of the symbol file (functions chosen uniformly). */
  private static long[] addressesInFunctions(Path sym, int n) throws Exception {
    List<long[]> functions = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(sym, StandardCharsets.UTF_8)) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("FUNC ")) {
          String[] f = line.split(" ", 5);
          int i = f[1].equals("m") ? 2 : 1;
          functions.add(new long[] {Long.parseLong(f[i], 16), Long.parseLong(f[i + 1], 16)});
        }
      }
    }
    Random random = new Random(3);
    long[] addresses = new long[n];
    for (int i = 0; i < n; i++) {
      long[] f = functions.get(random.nextInt(functions.size()));
      addresses[i] = f[0] + (long) (random.nextDouble() * f[1]);
    }
    return addresses;
  }

  /** Runs llvm-symbolizer twice on an address file; the faster run's wall and CPU seconds. */
  private static double[] llvmRun(Path llvm, Path binary, Path work, String input)
      throws Exception {
    String script = "TIMEFORMAT='%R %U %S'; { time " + llvm + " " + LLVM_FLAGS + " --obj="
        + binary + " < " + input + " > llvm-out.json ; } 2>&1";
    double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
    for (int i = 0; i < 2; i++) {
      String[] t = NativeTools.run(work, List.of("bash", "-c", script), 1800).trim().split(" ");
      best[0] = Math.min(best[0], Double.parseDouble(t[0]));
      best[1] = Math.min(best[1], Double.parseDouble(t[1]) + Double.parseDouble(t[2]));
    }
    return best;
  }

  /** How far crashflow's answers agree with llvm-symbolizer's, address by address. */
  record Agreement(int n, int outer, int innerLine, int chain) {
    @Override
    public String toString() {
      return String.format("outermost function %d/%d, innermost file:line %d/%d, whole inline "
          + "chain %d/%d", outer, n, innerLine, n, chain, n);
    }
  }

  private static Agreement compare(Path llvmOut, long[] addresses, List<List<SymbolFrame>> ours)
      throws Exception {
    ObjectMapper json = new ObjectMapper();
    int outer = 0;
    int innerLine = 0;
    int chain = 0;
    int i = 0;
    try (BufferedReader r = Files.newBufferedReader(llvmOut, StandardCharsets.UTF_8)) {
      for (String line; (line = r.readLine()) != null && i < addresses.length; i++) {
        JsonNode symbols = json.readTree(line).get("Symbol");
        List<SymbolFrame> frames = ours.get(i);
        if (symbols == null || symbols.size() == 0 || frames.isEmpty()) {
          continue;
        }
        JsonNode llvmOuter = symbols.get(symbols.size() - 1);
        JsonNode llvmInner = symbols.get(0);
        SymbolFrame ourOuter = frames.get(frames.size() - 1);
        SymbolFrame ourInner = frames.get(0);
        if (sameFunction(llvmOuter, ourOuter)) {
          outer++;
        }
        if (llvmInner.get("Line").asInt() == ourInner.line()
            && FunctionNames.baseName(llvmInner.get("FileName").asText())
                .equals(FunctionNames.baseName(ourInner.file()))) {
          innerLine++;
        }
        boolean same = symbols.size() == frames.size();
        for (int k = 0; same && k < frames.size(); k++) {
          same = sameFunction(symbols.get(k), frames.get(k))
              && symbols.get(k).get("Line").asInt() == frames.get(k).line();
        }
        if (same) {
          chain++;
        }
      }
    }
    return new Agreement(addresses.length, outer, innerLine, chain);
  }

  private static boolean sameFunction(JsonNode llvm, SymbolFrame ours) {
    return FunctionNames.normalize(llvm.get("FunctionName").asText())
        .equals(FunctionNames.normalize(ours.function()));
  }

  /** The median of all rounds but the first (cold) one. */
  private static double median(long[] rounds) {
    long[] warm = java.util.Arrays.copyOfRange(rounds, 1, rounds.length);
    java.util.Arrays.sort(warm);
    return warm[warm.length / 2];
  }
}
