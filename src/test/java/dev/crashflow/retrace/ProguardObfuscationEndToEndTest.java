package dev.crashflow.retrace;

import static dev.crashflow.retrace.JavaTraces.expandCommonFrames;
import static dev.crashflow.retrace.JavaTraces.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.crashflow.grouping.Fingerprinter;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.CrashException;
import dev.crashflow.model.Frame;
import dev.crashflow.model.SymbolicationStatus;
import dev.crashflow.retrace.JavaTraces.Block;
import dev.crashflow.retrace.JavaTraces.StackFrame;
import dev.crashflow.retrace.ProguardSample.Build;
import dev.crashflow.symbolicate.SymbolSource;
import dev.crashflow.symbolicate.Symbolicator;
import dev.crashflow.symbols.DebugId;
import dev.crashflow.symbols.SymbolIndex;
import dev.crashflow.testing.Events;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real-world check of the retracer: a small game (src/test/resources/proguard-sample) is
 * compiled, obfuscated and optimised by real ProGuard 7.4.2, and crashed in child JVMs, once from
 * the plain jar and once from the obfuscated one. Retracing the obfuscated crash with ProGuard's
 * mapping must give back the plain crash, frame by frame (class, method, file, line), for two
 * releases whose obfuscated names differ, and both releases must then group as one issue.
 *
 * <p>What a ProGuard mapping cannot express, and so is not asked of the retracer:
 *
 * <ul>
 *   <li>{@code ... N more} counts physical frames; inlining (Main.run into Main.main, parseLevel
 *       into SaveGame.load, ...) makes fewer of them, so traces are compared with the elided frames
 *       written out, as SDKs send them; the raw text check only asks for a consistent prefix.
 *   <li>A lambda's body lies inside the line range of the method that declares it, and ProGuard
 *       gives both the same obfuscated name, so its frame is truly ambiguous: R8 semantics list
 *       both, and the original must be one of them. {@link #EXPECTED_AMBIGUOUS} names the only
 *       such frames; any other {@code <OR>} is a retracer bug.
 * </ul>
 *
 * <p>Javac's own synthetic names ({@code lambda$totalWeight$0}, {@code Leaderboard$1}) are what the
 * plain JVM prints as well, and the mapping keeps them, so they are compared exactly.
 */
class ProguardObfuscationEndToEndTest {
  private static final List<String> SCENARIOS =
      List.of("inventory", "leaderboard", "save", "newgame", "worker");
  private static final String APP = "com.example.game";

  /** Frames a ProGuard mapping cannot tell apart, per scenario, alternatives in R8's order. */
  private static final Map<String, List<String>> EXPECTED_AMBIGUOUS = Map.of("inventory",
      List.of("com.example.game.Inventory.lambda$totalWeight$0(Inventory.java:16)"
          + " <OR> com.example.game.Inventory.totalWeight(Inventory.java:16)"));

  @TempDir static Path work;
  private static List<Build> releases;
  private static final Map<String, Retracer> mappings = new HashMap<>();
  /** Scenario to the plain crash text. */
  private static final Map<String, String> plain = new LinkedHashMap<>();
  /** Release name to scenario to the obfuscated crash text. */
  private static final Map<String, Map<String, String>> obfuscated = new LinkedHashMap<>();

  @BeforeAll
  static void buildTwoReleasesAndCrashThem() throws Exception {
    ProguardSample.assumeToolsAvailable();
    Path sample = ProguardSample.resource("proguard-sample");
    Path change = ProguardSample.resource("proguard-sample-release2");
    long start = System.nanoTime();
    releases = List.of(ProguardSample.build(work, "release-1", List.of(sample)),
        ProguardSample.build(work, "release-2", List.of(sample, change)));
    long built = System.nanoTime();
    for (Build b : releases) {
      mappings.put(b.name(), MappingFile.parse(b.mapping()));
      Map<String, String> traces = new LinkedHashMap<>();
      for (String scenario : SCENARIOS) {
        String text = ProguardSample.crash(b.plainJar(), scenario);
        String previous = plain.putIfAbsent(scenario, text);
        // Release 2's change must not touch the crashing paths: both plain crashes are the same.
        assertEquals(previous == null ? text : previous, text, b.name() + " " + scenario);
        traces.put(scenario, ProguardSample.crash(b.obfuscatedJar(), scenario));
      }
      obfuscated.put(b.name(), traces);
    }
    System.out.printf("compiled and obfuscated 2 releases in %d ms, crashed %d JVMs in %d ms%n",
        (built - start) / 1_000_000, 4 * SCENARIOS.size(), (System.nanoTime() - built) / 1_000_000);
  }

  /** Guards the other tests against passing vacuously: ProGuard really renamed and inlined. */
  @Test
  void proguardRenamedEveryAppFrameAndInlinedSome() throws Exception {
    for (Build b : releases) {
      assertTrue(Files.readString(b.mapping()).contains(
          ":int parseLevel(java.lang.String):14:15 -> "), "parseLevel inlined into load");
      for (String scenario : SCENARIOS) {
        String obf = obfuscated.get(b.name()).get(scenario);
        int appFrames = 0;
        for (Block block : parse(expandCommonFrames(obf))) {
          for (StackFrame f : block.printed()) {
            if (f.className().startsWith(APP + ".")) {
              appFrames++;
              // Only the entry point keeps its name; Main's other methods are renamed too.
              boolean kept = f.className().equals(ProguardSample.MAIN) && f.method().equals("main");
              String name = f.className() + "." + f.method() + "(";
              assertTrue(kept || !plain.get(scenario).contains(name), "not renamed: " + f + "\n" + obf);
              assertEquals("SourceFile", f.file(), obf);
            }
          }
        }
        assertTrue(appFrames > 0, obf);
        assertTrue(appFrames < appFrames(plain.get(scenario)),
            "inlining should leave fewer app frames:\n" + obf);
      }
    }
  }

  /** Every frame retraces to the plain one; only the lambda frame is (legitimately) ambiguous. */
  @ParameterizedTest
  @MethodSource("scenarios")
  void retracedCrashIsThePlainCrash(String scenario) {
    List<Block> truth = parse(expandCommonFrames(plain.get(scenario)));
    for (Build b : releases) {
      String obf = expandCommonFrames(obfuscated.get(b.name()).get(scenario));
      String retraced = StackTraceRetracer.retrace(mappings.get(b.name()), obf, false);
      String context = b.name() + " " + scenario + "\n--- obfuscated\n" + obf
          + "--- retraced\n" + retraced + "--- plain\n" + plain.get(scenario);
      List<Block> got = parse(retraced);
      assertEquals(headers(truth), headers(got), context);
      List<String> ambiguous = new ArrayList<>();
      for (int i = 0; i < truth.size(); i++) {
        List<List<StackFrame>> frames = got.get(i).frames();
        assertEquals(truth.get(i).printed().size(), frames.size(),
            "frames of exception " + i + "\n" + context);
        for (int j = 0; j < frames.size(); j++) {
          StackFrame expected = truth.get(i).printed().get(j);
          if (!frames.get(j).contains(expected)) {
            fail("frame " + j + " of exception " + i + ": expected " + expected + ", got "
                + frames.get(j) + "\n" + context);
          }
          if (frames.get(j).size() > 1) {
            ambiguous.add(String.join(" <OR> ",
                frames.get(j).stream().map(StackFrame::toString).toList()));
          }
        }
      }
      assertEquals(EXPECTED_AMBIGUOUS.getOrDefault(scenario, List.of()), ambiguous, context);
    }
  }

  /**
   * The text as the JVM printed it, {@code ... N more} included: headers come back exactly, the
   * elision lines stay as they are, and each exception's explicit frames are the plain crash's
   * frames of that exception (inlining can only bring frames out of the elided tail).
   */
  @ParameterizedTest
  @MethodSource("scenarios")
  void rawCrashTextKeepsHeadersAndElisions(String scenario) {
    List<Block> truth = parse(expandCommonFrames(plain.get(scenario)));
    List<Block> truthRaw = parse(plain.get(scenario));
    for (Build b : releases) {
      String obf = obfuscated.get(b.name()).get(scenario);
      String retraced = StackTraceRetracer.retrace(mappings.get(b.name()), obf, false);
      String context = b.name() + " " + scenario + "\n--- retraced\n" + retraced
          + "--- plain\n" + plain.get(scenario);
      List<Block> got = parse(retraced);
      List<Block> obfBlocks = parse(obf);
      assertEquals(headers(truth), headers(got), context);
      for (int i = 0; i < got.size(); i++) {
        Block g = got.get(i);
        assertEquals(obfBlocks.get(i).more(), g.more(), context);
        assertTrue(g.frames().size() >= truthRaw.get(i).frames().size(), context);
        for (int j = 0; j < g.frames().size(); j++) {
          assertTrue(g.frames().get(j).contains(truth.get(i).printed().get(j)),
              "frame " + j + " of exception " + i + "\n" + context);
        }
      }
    }
  }

  /** The releases name things differently, yet retrace to the very same text. */
  @ParameterizedTest
  @MethodSource("scenarios")
  void twoReleasesDifferObfuscatedButRetraceAlike(String scenario) {
    Build r1 = releases.get(0);
    Build r2 = releases.get(1);
    String obf1 = obfuscated.get(r1.name()).get(scenario);
    String obf2 = obfuscated.get(r2.name()).get(scenario);
    assertNotEquals(appFrameNames(obf1), appFrameNames(obf2), obf1 + "\n" + obf2);
    String back1 = StackTraceRetracer.retrace(mappings.get(r1.name()), obf1, false);
    String back2 = StackTraceRetracer.retrace(mappings.get(r2.name()), obf2, false);
    assertEquals(back1, back2);
  }

  /**
   * The crash as an SDK sends it (every frame, innermost exception first), symbolicated by the
   * pipeline's core: both releases give the plain crash's exceptions and frames, so they group
   * into one issue, the plain crash's, while the raw obfuscated events would not group.
   */
  @Test
  void symbolicatedReleasesGroupAsThePlainCrash() {
    Symbolicator symbolicator = new Symbolicator(new ReleaseMappings(Map.of(
        "1.0", mappings.get("release-1"), "2.0", mappings.get("release-2"))));
    Fingerprinter fp = new Fingerprinter();
    Set<String> issues = new HashSet<>();
    for (String scenario : SCENARIOS) {
      CrashEvent truth = event("0.9-debug", plain.get(scenario));
      CrashEvent raw1 = event("1.0", obfuscated.get("release-1").get(scenario));
      CrashEvent raw2 = event("2.0", obfuscated.get("release-2").get(scenario));
      CrashEvent sym1 = symbolicator.symbolicate(raw1);
      CrashEvent sym2 = symbolicator.symbolicate(raw2);

      for (CrashEvent sym : List.of(sym1, sym2)) {
        assertEquals(SymbolicationStatus.SYMBOLICATED, sym.symbolicationStatus(), scenario);
        // The one ambiguous frame (see EXPECTED_AMBIGUOUS) takes R8's first alternative,
        // lambda$totalWeight$0 (signatures sort "int lambda..." before "int totalWeight"),
        // which is the true one, so the whole event equals the plain crash.
        assertEquals(shape(truth), shape(sym), scenario + " " + sym.app().version());
      }
      String issue = fp.group(truth).fingerprint();
      assertEquals(issue, fp.group(sym1).fingerprint(), scenario);
      assertEquals(issue, fp.group(sym2).fingerprint(), scenario);
      assertNotEquals(fp.group(raw1).fingerprint(), fp.group(raw2).fingerprint(), scenario);
      assertNotEquals(issue, fp.group(raw1).fingerprint(), scenario);
      assertTrue(issues.add(issue), "two scenarios in one issue: " + scenario);
    }
  }

  // ---- helpers ----

  static List<String> scenarios() {
    return SCENARIOS;
  }

  private static List<String> headers(List<Block> blocks) {
    return blocks.stream().map(Block::header).toList();
  }

  private static int appFrames(String text) {
    int n = 0;
    for (Block b : parse(expandCommonFrames(text))) {
      n += (int) b.printed().stream().filter(f -> f.className().startsWith(APP + ".")).count();
    }
    return n;
  }

  private static List<String> appFrameNames(String text) {
    List<String> names = new ArrayList<>();
    for (Block b : parse(text)) {
      names.add(b.exceptionClass());
      for (StackFrame f : b.printed()) {
        if (f.className().startsWith(APP + ".")) {
          names.add(f.className() + "." + f.method());
        }
      }
    }
    return names;
  }

  /** A Sentry-style event: exceptions innermost first, frames caller first, all frames sent. */
  private static CrashEvent event(String version, String trace) {
    List<Block> blocks = parse(expandCommonFrames(trace));
    List<CrashException> exceptions = new ArrayList<>();
    for (int i = blocks.size() - 1; i >= 0; i--) {
      Block b = blocks.get(i);
      List<Frame> frames = new ArrayList<>();
      for (int j = b.printed().size() - 1; j >= 0; j--) {
        StackFrame f = b.printed().get(j);
        frames.add(Frame.jvm(f.className(), f.method(), f.file(), f.line(),
            f.className().startsWith(APP + ".")));
      }
      String type = b.exceptionClass();
      int dot = type.lastIndexOf('.');
      // Sentry's Java SDK splits the class into package (module) and simple name (type).
      exceptions.add(new CrashException(type.substring(dot + 1), b.message(),
          type.substring(0, dot), null, null, List.copyOf(frames), 0));
    }
    CrashEvent base = Events.jvm("5ca1ab1e" + version.hashCode(), 1_700_000_000_000L, APP,
        version, "unused", null, List.of());
    return base.withStacks(exceptions, List.of(), SymbolicationStatus.NOT_NEEDED, List.of());
  }

  /** What symbolication decides: exception classes and messages, and each frame's place. */
  private static List<String> shape(CrashEvent e) {
    List<String> out = new ArrayList<>();
    for (CrashException x : e.exceptions()) {
      out.add(x.module() + "." + x.type() + ": " + x.value());
      for (Frame f : x.frames()) {
        out.add("  " + f.module() + "." + f.function() + "(" + f.filename() + ":" + f.lineno()
            + ") inApp=" + f.inApp());
      }
    }
    return out;
  }

  /** Release mappings, as the store serves them to events whose SDK sent no mapping uuid. */
  private record ReleaseMappings(Map<String, Retracer> byVersion) implements SymbolSource {
    @Override
    public Retracer mapping(String uuid) {
      return null;
    }

    @Override
    public Retracer mappingForRelease(String appId, String version, String build) {
      return APP.equals(appId) ? byVersion.get(version) : null;
    }

    @Override
    public SymbolIndex nativeSymbols(DebugId debugId, String debugFile) {
      return null;
    }
  }
}
