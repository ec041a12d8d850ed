package dev.crashflow.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crashflow.testing.NativeTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our own ground truth for the symbol index: the C programs in {@code src/test/resources/native}
 * (an executable {@code app} and the {@code libgame.so} it calls) are built with gcc, dumped with
 * the real Breakpad {@code dump_syms}, and every lookup of {@link SymbolIndex} is checked against
 * {@code llvm-symbolizer-14 --inlining} on the binary itself.
 *
 * <p>What the old {@code dump_syms} of npm {@code minidump@0.26.0} gets right, and so what is
 * compared: it writes INLINE records only with {@code -d}. It drops every inlined call that gcc
 * nests in a {@code DW_TAG_lexical_block} (the body of an inlined function with locals, a loop
 * scope), together with all inlined calls below it, so its chains can be cut short at the inner
 * end. It also cannot read DWARF 5 {@code .debug_rnglists} (gcc 12's default {@code -g}): there,
 * inlined calls with non-contiguous ranges vanish ("DW_AT_ranges ... .debug_ranges section is
 * missing" under {@code -v}), which at {@code -O2} is nearly all of them. The builds are therefore
 * {@code -O0 -g}, {@code -O2 -g} and {@code -O2 -gdwarf-4}; the last one is where full inline
 * chains (the always_inline chain {@code chain_rot -> rot1 -> rot2 -> rot3} and the mutual
 * recursion {@code is_odd <-> is_even} inlined into itself) reach the {@code .sym}.
 *
 * <p>For every address (each line record's first and last byte, a byte-by-byte sweep over every
 * FUNC and 8 bytes around it, each PUBLIC): the outermost function (without parameter list) and
 * the innermost file base name and line must equal llvm-symbolizer's. Where the {@code .sym}
 * chain is as deep as llvm's, every frame must match; where it is shallower (levels dump_syms
 * dropped), its frames must be llvm's outer frames by name, all but its innermost at llvm's
 * call-site lines. Where llvm knows no function, the index must give no frames; where llvm answers
 * from the symbol table, the index must give that PUBLIC alone.
 */
class GccDumpSymsConformanceTest {
  private static final Path SOURCES = Path.of("src/test/resources/native").toAbsolutePath();
  /** Build name, optimisation, debug-info flag. */
  private static final String[][] BUILDS = {
      {"O0", "-O0", "-g"}, {"O2", "-O2", "-g"}, {"O2-dwarf4", "-O2", "-gdwarf-4"}};
  private static final String[] BINARIES = {"app", "libgame.so"};
  private static final Pattern FUNC = Pattern.compile("^FUNC (?:m )?(\\p{XDigit}+) (\\p{XDigit}+) ");
  private static final Pattern LINE = Pattern.compile("^(\\p{XDigit}+) (\\p{XDigit}+) \\d+ \\d+$");
  private static final Pattern PUBLIC = Pattern.compile("^PUBLIC (?:m )?(\\p{XDigit}+) ");
  private static final Pattern BUILD_ID = Pattern.compile("Build ID: (\\p{XDigit}+)");

  @TempDir static Path work;
  private static Path llvmSymbolizer;
  private static boolean built;

  /** Skips each test, with its reason, when a tool is missing; builds and dumps once. */
  @BeforeEach
  void buildAndDumpOnce() throws Exception {
    NativeTools.assumeGcc();
    Path dumpSyms = NativeTools.assumeDumpSyms();
    llvmSymbolizer = NativeTools.assumeLlvmSymbolizer();
    if (built) {
      return;
    }
    for (String[] b : BUILDS) {
      Path dir = Files.createDirectories(work.resolve(b[0]));
      NativeTools.run(dir, List.of("gcc", b[1], b[2], "-fPIC", "-shared", "-Wl,--build-id=sha1",
          "-o", "libgame.so", SOURCES.resolve("game.c").toString()), 60);
      NativeTools.run(dir, List.of("gcc", b[1], b[2], "-Wl,--build-id=sha1", "-o", "app",
          SOURCES.resolve("main.c").toString(), SOURCES.resolve("chain.c").toString(),
          SOURCES.resolve("recurse.c").toString(), "-L.", "-lgame"), 60);
      for (String bin : BINARIES) {
        String sym = NativeTools.run(dir, List.of(dumpSyms.toString(), "-d", bin), 60);
        Files.writeString(dir.resolve(bin + ".sym"), sym);
      }
    }
    built = true;
  }

  static Stream<String> binaries() {
    return Stream.of(BUILDS).flatMap(b -> Stream.of(BINARIES).map(bin -> b[0] + "/" + bin));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("binaries")
  void everyAddressAgreesWithLlvmSymbolizer(String binary) throws Exception {
    Path sym = work.resolve(binary + ".sym");
    SymbolIndex index = SymbolIndex.read(sym);
    TreeSet<Long> addresses = addressesOf(Files.readAllLines(sym));
    Map<Long, List<JsonNode>> truth = symbolize(work.resolve(binary), addresses);
    Tally tally = new Tally();
    for (long address : addresses) {
      compare(address, truth.get(address), index.lookup(address), tally);
    }
    System.out.printf("GccDumpSymsConformance %s: %d addresses compared, %d match (%d in a FUNC,"
            + " %d with no frames, %d PUBLIC); inline chains: %d exact, %d cut short by dump_syms;"
            + " %d INLINE records%n",
        binary, addresses.size(), addresses.size() - tally.misses.size(), tally.func,
        tally.none, tally.pub, tally.chainExact, tally.chainCut, index.inlineCount());
    tally.misses.stream().limit(30).forEach(System.out::println);
    assertEquals(List.of(), tally.misses.stream().limit(10).toList(),
        binary + ": " + tally.misses.size() + " of " + addresses.size() + " addresses differ");
    assertTrue(tally.func > 100, binary + ": too few addresses inside functions: " + tally.func);
  }

  /**
   * The always_inline chain at -O2 reaches the {@code .sym} whole (with DWARF 4, which this
   * dump_syms reads), and every address in it resolves to llvm's four frames.
   */
  @Test
  void alwaysInlineChainAtO2ResolvesToAllItsFrames() throws Exception {
    Path sym = work.resolve("O2-dwarf4/app.sym");
    SymbolIndex index = SymbolIndex.read(sym);
    long[] range = funcRange(Files.readAllLines(sym), "chain_rot");
    TreeSet<Long> addresses = new TreeSet<>();
    for (long a = range[0]; a < range[1]; a++) {
      addresses.add(a);
    }
    Map<Long, List<JsonNode>> truth = symbolize(work.resolve("O2-dwarf4/app"), addresses);
    int fullChains = 0;
    for (long address : addresses) {
      List<String> expected = llvmKeys(truth.get(address));
      if (expected.size() == 4) {
        assertEquals(expected, keys(index.lookup(address)), String.format("0x%x", address));
        assertEquals(List.of("rot3", "rot2", "rot1", "chain_rot"),
            index.lookup(address).stream().map(SymbolFrame::function).toList());
        fullChains++;
      }
    }
    System.out.println("GccDumpSymsConformance chain_rot: " + fullChains
        + " addresses with the full rot3 <- rot2 <- rot1 <- chain_rot chain");
    assertTrue(fullChains >= 2, "addresses with a four-deep chain: " + fullChains);

    // The mutual recursion is_odd <-> is_even, inlined into itself, gives deeper chains still.
    long inOdd = funcRange(Files.readAllLines(sym), "is_odd")[0] + 0x20;
    List<JsonNode> oddTruth =
        symbolize(work.resolve("O2-dwarf4/app"), new TreeSet<>(List.of(inOdd))).get(inOdd);
    assertTrue(oddTruth.size() >= 5, "llvm's chain at is_odd+0x20: " + llvmKeys(oddTruth));
    assertEquals(llvmKeys(oddTruth), keys(index.lookup(inOdd)));
  }

  /** With DWARF 5 this dump_syms loses the inlined calls that have range lists (see above). */
  @Test
  void dwarf5DumpHasFewerInlineRecordsThanDwarf4() throws Exception {
    int dwarf5 = SymbolIndex.read(work.resolve("O2/app.sym")).inlineCount();
    int dwarf4 = SymbolIndex.read(work.resolve("O2-dwarf4/app.sym")).inlineCount();
    assertTrue(dwarf5 < dwarf4, "DWARF 5: " + dwarf5 + ", DWARF 4: " + dwarf4 + " INLINE records");
    List<SymbolFrame> rot = SymbolIndex.read(work.resolve("O2/app.sym"))
        .lookup(funcRange(Files.readAllLines(work.resolve("O2/app.sym")), "chain_rot")[0] + 0x20);
    assertEquals(1, rot.size(), "no INLINE records for chain_rot under DWARF 5: " + rot);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("binaries")
  void debugIdAndCodeIdComeFromTheGnuBuildId(String binary) throws Exception {
    String notes = NativeTools.run(work, List.of("readelf", "-n", work.resolve(binary).toString()),
        30);
    Matcher m = BUILD_ID.matcher(notes);
    assertTrue(m.find(), notes);
    String buildId = m.group(1);
    assertEquals(40, buildId.length(), "sha1 build-id: " + buildId);
    Path sym = work.resolve(binary + ".sym");
    SymbolIndex index = SymbolIndex.read(sym);
    String[] module = Files.readAllLines(sym).get(0).split(" ");
    assertEquals(DebugId.fromElfBuildId(buildId).breakpad(), module[3]);
    assertEquals(DebugId.fromElfBuildId(buildId), index.debugId());
    assertEquals(buildId.toUpperCase(java.util.Locale.ROOT), index.codeId());
    assertEquals(binary.substring(binary.indexOf('/') + 1), index.name());
    assertEquals("Linux", index.os());
    assertEquals("x86_64", index.arch());
  }

  @Test
  void appAndLibraryOfOneBuildHaveDifferentIds() throws Exception {
    for (String[] b : BUILDS) {
      assertNotEquals(SymbolIndex.read(work.resolve(b[0] + "/app.sym")).debugId(),
          SymbolIndex.read(work.resolve(b[0] + "/libgame.so.sym")).debugId(), b[0]);
    }
  }

  /** Below the first record of the module there is nothing: no frames, not a wrong guess. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("binaries")
  void addressesBelowEveryRecordGiveNoFrames(String binary) throws Exception {
    Path sym = work.resolve(binary + ".sym");
    SymbolIndex index = SymbolIndex.read(sym);
    long lowest = Long.MAX_VALUE;
    for (String line : Files.readAllLines(sym)) {
      Matcher f = FUNC.matcher(line);
      Matcher p = PUBLIC.matcher(line);
      if (f.find()) {
        lowest = Math.min(lowest, Long.parseLong(f.group(1), 16));
      } else if (p.find()) {
        lowest = Math.min(lowest, Long.parseLong(p.group(1), 16));
      }
    }
    assertTrue(lowest > 0x100, "lowest record at 0x" + Long.toHexString(lowest));
    for (long a : new long[] {0, 1, 0x40, lowest / 2, lowest - 1}) {
      assertEquals(List.of(), index.lookup(a), String.format("0x%x", a));
    }
    assertTrue(!index.lookup(lowest).isEmpty());
  }

  private static final class Tally {
    int func;
    int none;
    int pub;
    int chainExact;
    int chainCut;
    final List<String> misses = new ArrayList<>();
  }

  private static void compare(long address, List<JsonNode> llvm, List<SymbolFrame> actual,
      Tally tally) {
    String at = String.format("0x%x", address);
    List<String> got = keys(actual);
    if (llvm.isEmpty() || llvm.get(llvm.size() - 1).get("FunctionName").asText().isEmpty()) {
      if (actual.isEmpty()) {
        tally.none++;
      } else {
        tally.misses.add(at + ": llvm knows no function, index says " + got);
      }
      return;
    }
    List<String> expected = llvmKeys(llvm);
    JsonNode outer = llvm.get(llvm.size() - 1);
    // An answer from the symbol table (a PUBLIC): no line, no DWARF subprogram (FileName may
    // still name the object's STT_FILE symbol, e.g. crtstuff.c).
    if (llvm.size() == 1 && outer.get("Line").asInt() == 0
        && outer.get("StartFileName").asText().isEmpty()) {
      String name = outer.get("FunctionName").asText();
      if (actual.equals(List.of(new SymbolFrame(name, null, 0, false)))) {
        tally.pub++;
      } else {
        tally.misses.add(at + ": expected PUBLIC " + name + ", index says " + got);
      }
      return;
    }
    int a = got.size();
    int l = expected.size();
    boolean ends = a > 0
        && name(got.get(a - 1)).equals(name(expected.get(l - 1)))
        && place(got.get(0)).equals(place(expected.get(0)));
    boolean chain;
    if (a == l) {
      chain = got.equals(expected);
      tally.chainExact += chain && l > 1 ? 1 : 0;
    } else {
      // dump_syms dropped the innermost levels: what is left must be llvm's outer frames.
      chain = a < l;
      for (int o = 0; chain && o < a; o++) {
        String g = got.get(a - 1 - o);
        String e = expected.get(l - 1 - o);
        chain = o < a - 1 ? g.equals(e) : name(g).equals(name(e));
      }
      tally.chainCut += chain ? 1 : 0;
    }
    if (ends && chain) {
      tally.func++;
    } else {
      tally.misses.add(at + "\n  expected " + expected + "\n  actual   " + got);
    }
  }

  private static String name(String key) {
    return key.substring(0, key.indexOf(" @ "));
  }

  private static String place(String key) {
    return key.substring(key.indexOf(" @ ") + 3);
  }

  private static List<String> keys(List<SymbolFrame> frames) {
    List<String> out = new ArrayList<>();
    for (SymbolFrame f : frames) {
      out.add(key(f.function(), f.file(), f.line()));
    }
    return out;
  }

  private static List<String> llvmKeys(List<JsonNode> frames) {
    List<String> out = new ArrayList<>();
    for (JsonNode f : frames) {
      out.add(key(f.get("FunctionName").asText(), f.get("FileName").asText(),
          f.get("Line").asInt()));
    }
    return out;
  }

  private static String key(String function, String file, int line) {
    return FunctionNames.normalize(function) + " @ " + FunctionNames.baseName(file) + ":" + line;
  }

  /** Line records' first and last bytes, every byte in and 8 around each FUNC, each PUBLIC. */
  private static TreeSet<Long> addressesOf(List<String> sym) {
    TreeSet<Long> out = new TreeSet<>();
    for (String line : sym) {
      Matcher f = FUNC.matcher(line);
      Matcher l = LINE.matcher(line);
      Matcher p = PUBLIC.matcher(line);
      if (f.find()) {
        long start = Long.parseLong(f.group(1), 16);
        long end = start + Long.parseLong(f.group(2), 16);
        for (long a = Math.max(0, start - 8); a < end + 8; a++) {
          out.add(a);
        }
      } else if (l.find()) {
        long start = Long.parseLong(l.group(1), 16);
        out.add(start);
        out.add(start + Math.max(0, Long.parseLong(l.group(2), 16) - 1));
      } else if (p.find()) {
        out.add(Long.parseLong(p.group(1), 16));
      }
    }
    return out;
  }

  private static long[] funcRange(List<String> sym, String function) {
    for (String line : sym) {
      Matcher f = FUNC.matcher(line);
      if (f.find() && line.endsWith(" " + function)) {
        long start = Long.parseLong(f.group(1), 16);
        return new long[] {start, start + Long.parseLong(f.group(2), 16)};
      }
    }
    throw new AssertionError("no FUNC " + function);
  }

  /** llvm-symbolizer's frames (innermost first) for each address, in one process. */
  private static Map<Long, List<JsonNode>> symbolize(Path binary, TreeSet<Long> addresses)
      throws Exception {
    StringBuilder in = new StringBuilder();
    for (long a : addresses) {
      in.append(String.format("0x%x%n", a));
    }
    String out = NativeTools.run(work, List.of(llvmSymbolizer.toString(), "--inlining",
        "--output-style=JSON", "--obj=" + binary), in.toString(), 60);
    ObjectMapper json = new ObjectMapper();
    Map<Long, List<JsonNode>> result = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node = json.readTree(line);
      List<JsonNode> frames = new ArrayList<>();
      node.get("Symbol").forEach(frames::add);
      result.put(Long.decode(node.get("Address").asText()), frames);
    }
    assertEquals(addresses.size(), result.size(), "llvm-symbolizer answers");
    return result;
  }
}
