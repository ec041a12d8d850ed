package dev.crashflow.symbolicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.crashflow.grouping.Fingerprinter;
import dev.crashflow.model.AppInfo;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.CrashException;
import dev.crashflow.model.CrashThread;
import dev.crashflow.model.DebugImage;
import dev.crashflow.model.DeviceInfo;
import dev.crashflow.model.EngineInfo;
import dev.crashflow.model.Frame;
import dev.crashflow.model.OsInfo;
import dev.crashflow.model.SymbolicationStatus;
import dev.crashflow.model.UserInfo;
import dev.crashflow.retrace.MappingFile;
import dev.crashflow.retrace.Retracer;
import dev.crashflow.symbols.DebugId;
import dev.crashflow.symbols.SymbolIndex;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SymbolicatorTest {
  private static final String UUID_240 = "26489473-a105-bd51-2b92-6d8b853442c4";
  private static final String UUID_250 = "8f1c2a7e-3b44-4d0a-9e61-0c5d2f7a9b13";

  /** Release 2.4.0: drawTile inlines Palette.tileColor at line 45. */
  private static final String MAPPING_240 = """
      # {"id":"com.android.tools.r8.mapping","version":"2.2"}
      com.example.puzzle.board.BoardRenderer -> a.b.c:
      # {"id":"sourceFile","fileName":"BoardRenderer.kt"}
          1:3:void drawTile(int):42:44 -> a
          4:4:int com.example.puzzle.board.Palette.tileColor(int):90:90 -> a
          4:4:void drawTile(int):45 -> a
          5:7:void drawBoard():10:12 -> b
      com.example.puzzle.board.BoardException -> a.b.d:
      """;

  /** Release 2.5.0: the same code, obfuscated to other names and minified lines. */
  private static final String MAPPING_250 = """
      # {"id":"com.android.tools.r8.mapping","version":"2.2"}
      com.example.puzzle.board.BoardException -> x.a:
      com.example.puzzle.board.BoardRenderer -> x.b:
      # {"id":"sourceFile","fileName":"BoardRenderer.kt"}
          3:5:void drawBoard():10:12 -> a
          10:12:void drawTile(int):42:44 -> c
          13:13:int com.example.puzzle.board.Palette.tileColor(int):90:90 -> c
          13:13:void drawTile(int):45 -> c
      """;

  private static final String GAME_ID = "af41d372-5581-6758-9199-797ad454bbb5";
  private static final String GAME_CODE_ID = "72d341af815558679199797ad454bbb54e52012a";
  private static final String OTHER_ID = "fc669ebd-fe89-38dd-2f00-0e970937c973";

  /** libgame.so: step() inlines clamp() at line 21; tick() calls at 0x200c (return 0x2010). */
  private static String gameSym(String arch, String breakpadId) {
    return "MODULE Linux " + arch + " " + breakpadId + " libgame.so\n"
        + "FILE 0 /src/game/physics.cpp\n"
        + "FILE 1 /src/game/main.cpp\n"
        + "INLINE_ORIGIN 0 clamp(float)\n"
        + "FUNC 1000 40 0 Physics::step(float)\n"
        + "INLINE 0 21 0 0 1020 10\n"
        + "1000 10 20 0\n"
        + "1010 10 21 0\n"
        + "1020 10 7 0\n"
        + "1030 10 22 0\n"
        + "FUNC 2000 20 0 GameLoop::tick()\n"
        + "2000 10 50 1\n"
        + "2010 10 51 1\n";
  }

  @Test
  void obfuscatedJvmTraceIsRetracedWithInlinedFramesCallerFirst() throws IOException {
    Memory store = new Memory().mapping(UUID_240, MAPPING_240);
    CrashEvent e = jvmEvent("2.4.0", UUID_240, "d", "a.b", List.of(
        Frame.jvm("android.os.Looper", "loop", "Looper.java", 10, false),
        Frame.jvm("a.b.c", "b", "SourceFile", 6, true),
        Frame.jvm("a.b.c", "a", "SourceFile", 4, true)));

    CrashEvent out = new Symbolicator(store).symbolicate(e);

    List<Frame> frames = out.exceptions().get(0).frames();
    assertEquals(List.of(
        Frame.jvm("android.os.Looper", "loop", "Looper.java", 10, false),
        retraced("com.example.puzzle.board.BoardRenderer", "drawBoard", "BoardRenderer.kt", 11,
            "a.b.c.b"),
        retraced("com.example.puzzle.board.BoardRenderer", "drawTile", "BoardRenderer.kt", 45,
            "a.b.c.a"),
        retraced("com.example.puzzle.board.Palette", "tileColor", "Palette.java", 90,
            "a.b.c.a")), frames);
    assertEquals(SymbolicationStatus.SYMBOLICATED, out.symbolicationStatus());
    assertEquals(List.of(), out.missingDebugIds());
  }

  @Test
  void obfuscatedExceptionTypeIsRetracedInBothSentryShapes() throws IOException {
    Memory store = new Memory().mapping(UUID_240, MAPPING_240);
    Symbolicator s = new Symbolicator(store);
    List<Frame> frames = List.of(Frame.jvm("a.b.c", "a", "SourceFile", 2, true));

    CrashException split = s.symbolicate(jvmEvent("2.4.0", UUID_240, "d", "a.b", frames))
        .exceptions().get(0);
    CrashException whole = s.symbolicate(jvmEvent("2.4.0", UUID_240, "a.b.d", null, frames))
        .exceptions().get(0);

    assertEquals("BoardException", split.type());
    assertEquals("com.example.puzzle.board", split.module());
    assertEquals("com.example.puzzle.board.BoardException", whole.type());
    assertEquals(null, whole.module());
  }

  /** R8's NpeInlineRetraceStackTrace case: the inlined null check is removed for an NPE only. */
  private static final String MAPPING_REWRITE = """
      # { id: 'com.android.tools.r8.mapping', version: '2.0' }
      some.Class -> a:
        4:4:void other.Class():23:23 -> a
        4:4:void caller(other.Class):7 -> a
        # { id: 'com.android.tools.r8.rewriteFrame', conditions: ['throws(Ljava/lang/NullPointerException;)'],  actions: ['removeInnerFrames(1)'] }
      """;

  @Test
  void rewriteFrameRuleRemovesTheInlinedNullCheckOnlyWhenTheEventThrowsItsException()
      throws IOException {
    Memory store = new Memory().mapping(UUID_240, MAPPING_REWRITE);
    Symbolicator s = new Symbolicator(store);
    List<Frame> frames = List.of(Frame.jvm("a", "a", "SourceFile", 4, true));

    CrashEvent npe = s.symbolicate(jvmEvent("2.4.0", UUID_240, "NullPointerException",
        "java.lang", frames));
    CrashEvent other = s.symbolicate(jvmEvent("2.4.0", UUID_240, "IllegalStateException",
        "java.lang", frames));

    assertEquals(List.of("some.Class.caller:7"), names(npe.exceptions().get(0).frames()));
    assertEquals(List.of("some.Class.caller:7", "other.Class:23"),
        names(other.exceptions().get(0).frames()));
  }

  /** R8's OutlineWithInliningStackTrace case: the outline frame maps through its call site. */
  private static final String MAPPING_OUTLINE = """
      # { id: 'com.android.tools.r8.mapping', version: '2.0' }
      outline.Class -> a:
        1:2:int outline():0 -> a
      # { 'id':'com.android.tools.r8.outline' }
      some.Class -> b:
        1:1:void foo.bar.Baz.qux():42:42 -> s
        5:5:int foo.bar.baz.outlineCaller(int):98:98 -> s
        5:5:int outlineCaller(int):24 -> s
        27:27:int outlineCaller(int):0:0 -> s
      # { 'id':'com.android.tools.r8.outlineCallsite', 'positions': { '1': 4, '2': 5 } }
      """;

  @Test
  void outlineFrameIsHiddenAndItsCallerIsRetracedAtTheOutlinedPosition() throws IOException {
    Memory store = new Memory().mapping(UUID_240, MAPPING_OUTLINE);
    CrashEvent e = jvmEvent("2.4.0", UUID_240, "IOException", "java.io", List.of(
        Frame.jvm("b", "s", "SourceFile", 27, true),
        Frame.jvm("a", "a", "SourceFile", 2, true)));

    CrashEvent out = new Symbolicator(store).symbolicate(e);

    // Sentry order, caller first: the outline itself is gone, its caller expands to the inlinee.
    assertEquals(List.of("some.Class.outlineCaller:24", "foo.bar.baz.outlineCaller:98"),
        names(out.exceptions().get(0).frames()));
    assertEquals(SymbolicationStatus.SYMBOLICATED, out.symbolicationStatus());
  }

  private static List<String> names(List<Frame> frames) {
    return frames.stream().map(f -> f.module() + "." + f.function() + ":" + f.lineno()).toList();
  }

  @Test
  void mappingOfAnotherAppLeavesAppFramesRawAndIsNotCalledSymbolicated() throws IOException {
    Memory store = new Memory().mapping(UUID_240, MAPPING_OUTLINE); // knows classes a and b only
    List<Frame> frames = List.of(Frame.jvm("android.os.Looper", "loop", "Looper.java", 10, false),
        Frame.jvm("x.y.z", "q", "SourceFile", 6, true));
    CrashEvent e = jvmEvent("2.4.0", UUID_240, "d", "x.y", frames);

    CrashEvent out = new Symbolicator(store).symbolicate(e);

    assertEquals(frames, out.exceptions().get(0).frames());
    assertEquals(SymbolicationStatus.MISSING_SYMBOLS, out.symbolicationStatus());
  }

  @Test
  void missingMappingLeavesFramesAndReportsTheUuid() {
    List<Frame> frames = List.of(Frame.jvm("a.b.c", "b", "SourceFile", 6, true),
        Frame.jvm("a.b.c", "a", "SourceFile", 4, true));
    CrashEvent e = jvmEvent("2.4.0", UUID_240.toUpperCase(), "d", "a.b", frames);

    CrashEvent out = new Symbolicator(new Memory()).symbolicate(e);

    assertEquals(frames, out.exceptions().get(0).frames());
    assertEquals("d", out.exceptions().get(0).type());
    assertEquals(SymbolicationStatus.MISSING_SYMBOLS, out.symbolicationStatus());
    assertEquals(List.of(UUID_240), out.missingDebugIds());
  }

  @Test
  void releaseMappingIsUsedWhenTheSdkSentNoUuid() throws IOException {
    Memory store = new Memory().release("com.example.puzzle", "2.4.0", "1", MAPPING_240);
    CrashEvent e = jvmEvent("2.4.0", null, "d", "a.b",
        List.of(Frame.jvm("a.b.c", "b", "SourceFile", 6, true)));

    CrashEvent out = new Symbolicator(store).symbolicate(e);

    assertEquals("drawBoard", out.exceptions().get(0).frames().get(0).function());
    assertEquals(SymbolicationStatus.SYMBOLICATED, out.symbolicationStatus());
  }

  @Test
  void jvmEventWithoutUuidOrReleaseMappingIsNotNeeded() {
    List<Frame> frames = List.of(Frame.jvm("a.b.c", "b", "SourceFile", 6, true));
    CrashEvent out = new Symbolicator(new Memory())
        .symbolicate(jvmEvent("2.4.0", null, "d", "a.b", frames));

    assertEquals(frames, out.exceptions().get(0).frames());
    assertEquals(SymbolicationStatus.NOT_NEEDED, out.symbolicationStatus());
    assertEquals(List.of(), out.missingDebugIds());
  }

  @Test
  void sameBugInTwoReleasesWithDifferentObfuscationGivesIdenticalFrames() throws IOException {
    Memory store = new Memory().mapping(UUID_240, MAPPING_240).mapping(UUID_250, MAPPING_250);
    Symbolicator s = new Symbolicator(store);
    CrashEvent old = s.symbolicate(jvmEvent("2.4.0", UUID_240, "d", "a.b", List.of(
        Frame.jvm("a.b.c", "b", "SourceFile", 6, true),
        Frame.jvm("a.b.c", "a", "SourceFile", 4, true))));
    CrashEvent next = s.symbolicate(jvmEvent("2.5.0", UUID_250, "a", "x", List.of(
        Frame.jvm("x.b", "a", "SourceFile", 4, true),
        Frame.jvm("x.b", "c", "SourceFile", 13, true))));

    assertEquals(withoutRaw(old.exceptions().get(0).frames()),
        withoutRaw(next.exceptions().get(0).frames()));
    assertEquals(old.exceptions().get(0).type(), next.exceptions().get(0).type());
    Fingerprinter fp = new Fingerprinter();
    assertEquals(fp.group(old).fingerprint(), fp.group(next).fingerprint());
    // Obfuscated names never count (grouping ignores them), so a raw event groups by less: it
    // cannot be told apart from other crashes of the same type until it is symbolicated.
    assertNotEquals(fp.group(unsymbolicated(old)).fingerprint(), fp.group(old).fingerprint());
  }

  @Test
  void nativeFramesInTwoImagesOneWithoutSymbolsArePartial() throws IOException {
    Memory store = new Memory().sym(gameSym("arm64", breakpad(GAME_ID)));
    DebugImage game = elf(null, GAME_CODE_ID, "/data/app/~~a==/com.example.racer-b==/lib/arm64/"
        + "libgame.so", "0x7000000000", "arm64");
    DebugImage other = elf(OTHER_ID, null, "/system/lib64/libother.so", "0x7100000000", "arm64");
    CrashEvent e = nativeEvent(List.of(game, other), List.of(
        nativeFrame(null, "0x7100000100", other.codeFile()),
        nativeFrame("<redacted>", "0x7000001024", game.codeFile())));

    CrashEvent out = new Symbolicator(store).symbolicate(e);

    List<Frame> frames = out.exceptions().get(0).frames();
    assertSame(e.exceptions().get(0).frames().get(0), frames.get(0));
    assertEquals(List.of("Physics::step(float)", "clamp(float)"),
        List.of(frames.get(1).function(), frames.get(2).function()));
    assertEquals(List.of(21, 7), List.of(frames.get(1).lineno(), frames.get(2).lineno()));
    for (Frame f : frames.subList(1, 3)) {
      assertEquals("/src/game/physics.cpp", f.filename());
      assertEquals("0x7000001024", f.instructionAddr());
      assertEquals("0x7000000000", f.imageAddr());
      assertEquals(game.codeFile(), f.pkg());
      assertEquals("<redacted>", f.rawFunction());
    }
    assertEquals(SymbolicationStatus.PARTIAL, out.symbolicationStatus());
    assertEquals(List.of(breakpad(OTHER_ID)), out.missingDebugIds());
  }

  @Test
  void symbolFileWhoseModuleIdIsNotTheImagesIsRefusedAsFailed() throws IOException {
    Memory store = new Memory();
    // A hand-made store put another build's symbols under this image's key.
    SymbolIndex otherBuild = SymbolIndex.parse(gameSym("arm64", breakpad(OTHER_ID))
        .getBytes(StandardCharsets.UTF_8));
    store.symbols.put(DebugId.parse(GAME_ID), otherBuild);
    DebugImage game = elf(GAME_ID, null, "libgame.so", "0x5000", "arm64");
    CrashEvent e = nativeEvent(List.of(game), List.of(nativeFrame(null, "0x6024", "libgame.so")));

    CrashEvent out = new Symbolicator(store).symbolicate(e);

    assertSame(e.exceptions().get(0).frames().get(0), out.exceptions().get(0).frames().get(0));
    assertEquals(SymbolicationStatus.FAILED, out.symbolicationStatus());
    assertEquals(List.of(breakpad(GAME_ID)), out.missingDebugIds());
  }

  @Test
  void overlappingImagesResolveToTheInnermostAndLeaveTheRestRaw() throws IOException {
    Memory store = new Memory().sym(gameSym("arm64", breakpad(GAME_ID)));
    // A broken module list: libgame.so sits inside a bogus 16 MB image with no symbols.
    DebugImage bogus = new DebugImage("elf", OTHER_ID, null, null, "/system/lib64/libbig.so",
        "0x7000000000", 0x1000000L, "arm64", null);
    DebugImage game = elf(GAME_ID, null, "libgame.so", "0x7000100000", "arm64");
    CrashEvent e = nativeEvent(List.of(bogus, game), List.of(
        nativeFrame(null, "0x7000000500", "libbig.so"),
        nativeFrame(null, "0x7000101024", "libgame.so")));

    CrashEvent out = new Symbolicator(store).symbolicate(e);

    List<Frame> frames = out.exceptions().get(0).frames();
    assertEquals(e.exceptions().get(0).frames().get(0), frames.get(0));
    assertEquals(List.of("Physics::step(float)", "clamp(float)"),
        frames.subList(1, 3).stream().map(Frame::function).toList());
    assertEquals(SymbolicationStatus.PARTIAL, out.symbolicationStatus());
    assertEquals(List.of(breakpad(OTHER_ID)), out.missingDebugIds());
  }

  @Test
  void callerFramesAreAdjustedByTheArm64InstructionSize() throws IOException {
    assertEquals(List.of(20, 20, 21), callerAdjustedLines("arm64"));
  }

  @Test
  void callerFramesAreAdjustedByTheX8664InstructionSize() throws IOException {
    assertEquals(List.of(20, 21, 21), callerAdjustedLines("x86_64"));
  }

  /** Lines of [return 0x1010, return 0x1013, crash 0x1010]: only callers are moved back. */
  private static List<Integer> callerAdjustedLines(String arch) throws IOException {
    Memory store = new Memory().sym(gameSym(arch, breakpad(GAME_ID)));
    DebugImage game = elf(GAME_ID, null, "libgame.so", "0x5000", arch);
    CrashEvent out = new Symbolicator(store).symbolicate(nativeEvent(List.of(game), List.of(
        nativeFrame(null, "0x6010", "libgame.so"),
        nativeFrame(null, "0x6013", "libgame.so"),
        nativeFrame(null, "0x6010", "libgame.so"))));
    List<Integer> lines = new ArrayList<>();
    for (Frame f : out.exceptions().get(0).frames()) {
      assertEquals("Physics::step(float)", f.function());
      lines.add(f.lineno());
    }
    assertEquals(SymbolicationStatus.SYMBOLICATED, out.symbolicationStatus());
    return lines;
  }

  @Test
  void installPathAndImageBaseDoNotChangeSymbolicatedFrames() throws IOException {
    Memory store = new Memory().sym(gameSym("arm64", breakpad(GAME_ID)));
    CrashEvent a = racer("/data/app/~~jGzcox9Y-m6oz85nwHvQPu==/com.example.racer-H_LBqOEtlcCq=="
        + "/lib/arm64/libgame.so", 0x790f5a6000L);
    CrashEvent b = racer("/data/app/~~Qm2x7Tz0kP1r==/com.example.racer-Zz9aB8cD7eF6==/base.apk"
        + "!libgame.so", 0x6d12340000L);

    Symbolicator s = new Symbolicator(store);
    List<Frame> fa = s.symbolicate(a).exceptions().get(0).frames();
    List<Frame> fb = s.symbolicate(b).exceptions().get(0).frames();

    assertEquals(List.of("GameLoop::tick()", "Physics::step(float)", "clamp(float)"),
        fa.stream().map(Frame::function).toList());
    assertEquals(List.of(50, 21, 7), fa.stream().map(Frame::lineno).toList());
    assertEquals(symbolic(fa), symbolic(fb));
    assertEquals(List.of("libgame.so"), store.debugFiles);
    Fingerprinter fp = new Fingerprinter();
    assertEquals(fp.group(s.symbolicate(a)).fingerprint(), fp.group(s.symbolicate(b))
        .fingerprint());
  }

  private static CrashEvent racer(String path, long base) {
    DebugImage game = elf(GAME_ID, GAME_CODE_ID, path, "0x" + Long.toHexString(base), "arm64");
    return nativeEvent(List.of(game), List.of(
        nativeFrame(null, "0x" + Long.toHexString(base + 0x2010), path),
        nativeFrame(null, "0x" + Long.toHexString(base + 0x1024), path)));
  }

  @Test
  void addressOutsideEveryImageIsLeftAlone() throws IOException {
    Memory store = new Memory().sym(gameSym("arm64", breakpad(GAME_ID)));
    DebugImage game = elf(GAME_ID, null, "libgame.so", "0x5000", "arm64");
    CrashEvent e = nativeEvent(List.of(game), List.of(
        nativeFrame(null, "0x4fff", "libgame.so"),
        nativeFrame(null, "0x" + Long.toHexString(0x5000 + 0x100000), "libgame.so")));

    CrashEvent out = new Symbolicator(store).symbolicate(e);

    assertEquals(e.exceptions(), out.exceptions());
    assertEquals(SymbolicationStatus.NOT_NEEDED, out.symbolicationStatus());
  }

  @Test
  void sourceThatThrowsGivesFailedAndKeepsFrames() {
    SymbolSource broken = new SymbolSource() {
      @Override
      public Retracer mapping(String uuid) throws IOException {
        throw new IOException("gs:// unavailable");
      }

      @Override
      public Retracer mappingForRelease(String appId, String version, String build)
          throws IOException {
        throw new IOException("gs:// unavailable");
      }

      @Override
      public SymbolIndex nativeSymbols(DebugId debugId, String debugFile) throws IOException {
        throw new IOException("gs:// unavailable");
      }
    };
    DebugImage game = elf(GAME_ID, null, "libgame.so", "0x5000", "arm64");
    CrashEvent nat = nativeEvent(List.of(game), List.of(nativeFrame(null, "0x6010", "lib.so")));
    CrashEvent jvm = jvmEvent("2.4.0", UUID_240, "d", "a.b",
        List.of(Frame.jvm("a.b.c", "a", "SourceFile", 4, true)));

    Symbolicator s = new Symbolicator(broken);
    CrashEvent nOut = s.symbolicate(nat);
    CrashEvent jOut = s.symbolicate(jvm);

    assertEquals(nat.exceptions(), nOut.exceptions());
    assertEquals(SymbolicationStatus.FAILED, nOut.symbolicationStatus());
    assertEquals(List.of(breakpad(GAME_ID)), nOut.missingDebugIds());
    assertEquals(jvm.exceptions(), jOut.exceptions());
    assertEquals(SymbolicationStatus.FAILED, jOut.symbolicationStatus());
  }

  @Test
  void deviceSymbolicatedFrameWithoutSymbolsIsKeptAndNotCountedAsMissing() {
    DebugImage libc = elf(OTHER_ID, null, "/apex/com.android.runtime/lib64/bionic/libc.so",
        "0x5000", "arm64");
    CrashEvent e = nativeEvent(List.of(libc), List.of(nativeFrame("abort", "0x5100", "libc.so")));

    CrashEvent out = new Symbolicator(new Memory()).symbolicate(e);

    assertEquals(e.exceptions(), out.exceptions());
    assertEquals(SymbolicationStatus.NOT_NEEDED, out.symbolicationStatus());
    assertEquals(List.of(), out.missingDebugIds());
  }

  // ---- helpers ----

  /** An in-memory store of real parsed mappings and symbol files. */
  private static final class Memory implements SymbolSource {
    final Map<String, Retracer> mappings = new HashMap<>();
    final Map<String, Retracer> releases = new HashMap<>();
    final Map<DebugId, SymbolIndex> symbols = new HashMap<>();
    final List<String> debugFiles = new ArrayList<>();

    Memory mapping(String uuid, String text) throws IOException {
      mappings.put(uuid, MappingFile.parse(new StringReader(text)));
      return this;
    }

    Memory release(String app, String version, String build, String text) throws IOException {
      releases.put(app + "@" + version + "+" + build, MappingFile.parse(new StringReader(text)));
      return this;
    }

    Memory sym(String text) throws IOException {
      SymbolIndex index = SymbolIndex.parse(text.getBytes(StandardCharsets.UTF_8));
      symbols.put(index.debugId(), index);
      return this;
    }

    @Override
    public Retracer mapping(String uuid) {
      return mappings.get(uuid);
    }

    @Override
    public Retracer mappingForRelease(String appId, String version, String build) {
      return releases.get(appId + "@" + version + "+" + build);
    }

    @Override
    public SymbolIndex nativeSymbols(DebugId debugId, String debugFile) {
      if (!debugFiles.contains(debugFile)) {
        debugFiles.add(debugFile);
      }
      return symbols.get(debugId);
    }
  }

  private static String breakpad(String sentryId) {
    return DebugId.parse(sentryId).breakpad();
  }

  private static Frame retraced(String module, String function, String file, Integer line,
      String raw) {
    return new Frame(function, raw, module, file, null, line, null, true, null, null, null, null,
        null, null);
  }

  private static List<Frame> withoutRaw(List<Frame> frames) {
    return frames.stream().map(f -> new Frame(f.function(), null, f.module(), f.filename(),
        f.absPath(), f.lineno(), f.colno(), f.inApp(), f.pkg(), f.platform(), f.instructionAddr(),
        f.symbolAddr(), f.imageAddr(), f.addrMode())).toList();
  }

  /** What symbolication produced, without the per-event raw address, base and path. */
  private static List<String> symbolic(List<Frame> frames) {
    return frames.stream().map(f -> f.function() + " " + f.filename() + ":" + f.lineno())
        .toList();
  }

  /** The event with its raw (obfuscated) frames put back, for contrast. */
  private static CrashEvent unsymbolicated(CrashEvent e) {
    List<CrashException> raw = new ArrayList<>();
    for (CrashException x : e.exceptions()) {
      raw.add(x.withFrames(x.frames().stream().map(f -> Frame.jvm(
          f.rawFunction().substring(0, f.rawFunction().lastIndexOf('.')),
          f.rawFunction().substring(f.rawFunction().lastIndexOf('.') + 1), null, null, true))
          .toList()));
    }
    return e.withStacks(raw, e.threads(), e.symbolicationStatus(), e.missingDebugIds());
  }

  private static DebugImage elf(String debugId, String codeId, String codeFile, String base,
      String arch) {
    return new DebugImage("elf", debugId, null, codeId, codeFile, base, 0x100000L, arch, null);
  }

  private static Frame nativeFrame(String function, String address, String pkg) {
    return new Frame(function, null, null, null, null, null, null, true, pkg, null, address, null,
        null, null);
  }

  private static CrashEvent jvmEvent(String version, String uuid, String type, String module,
      List<Frame> frames) {
    List<DebugImage> images = uuid == null ? List.of()
        : List.of(new DebugImage("proguard", null, null, null, null, null, null, null, uuid));
    return event("java", new AppInfo("com.example.puzzle", version, "1", null, true),
        List.of(new CrashException(type, "boom", module, null, null, frames, 0)), images);
  }

  private static CrashEvent nativeEvent(List<DebugImage> images, List<Frame> frames) {
    return event("native", new AppInfo("com.example.racer", "1.8.2", "182", null, true),
        List.of(new CrashException("SIGSEGV", "Segfault", null, null, null, frames, 0)), images);
  }

  private static CrashEvent event(String sdkPlatform, AppInfo app,
      List<CrashException> exceptions, List<DebugImage> images) {
    return new CrashEvent("0123456789abcdef0123456789abcdef", 1_700_000_000_000L,
        1_700_000_001_000L, "ANDROID", sdkPlatform, "fatal", app.appId() + "@" + app.version(),
        null, "production", app, new OsInfo("Android", "14", null, null, false), DeviceInfo.EMPTY,
        new UserInfo("u1", null, null, null), EngineInfo.EMPTY, "install-1", null, Map.of(),
        List.of(), exceptions, List.<CrashThread>of(), images, List.of(), "sentry.native",
        "0.7.0", 0, SymbolicationStatus.NOT_NEEDED, List.of(), null, null);
  }
}
