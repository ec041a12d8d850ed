package dev.crashflow.crashtext;

import static dev.crashflow.crashtext.CrashTexts.addr;
import static dev.crashflow.crashtext.CrashTexts.event;
import static dev.crashflow.crashtext.CrashTexts.exception;
import static dev.crashflow.crashtext.CrashTexts.frames;
import static dev.crashflow.crashtext.CrashTexts.functions;
import static dev.crashflow.crashtext.CrashTexts.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crashflow.symbols.DebugId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TombstoneParserTest {
  static final String GAME_BUILD_ID = "9538cce99f99aed7200742c40677e8c04c63c202";
  static final String APK = "/data/app/~~jGzcox9Y-m6oz85nwHvQPu==/com.example.racer-H_LBqOEtlcCq=="
      + "/base.apk";

  @Test
  void arm64TombstoneGivesTheSignalTheCrashedThreadsStackAndTheDeviceFacts() throws Exception {
    ObjectNode e = event("tombstone-arm64.txt");

    assertEquals("native", e.get("platform").asText());
    assertEquals("fatal", e.get("level").asText());
    assertEquals("2024-05-01T12:00:00.123456789Z", e.get("timestamp").asText());
    assertTrue(e.get("event_id").asText().matches("[0-9a-f]{32}"));
    JsonNode x = exception(e);
    assertEquals("SIGSEGV", x.get("type").asText());
    assertEquals("null pointer dereference", x.get("value").asText());
    assertEquals(12378, x.get("thread_id").asLong());
    JsonNode m = x.get("mechanism");
    assertEquals("tombstone", m.get("type").asText());
    assertFalse(m.get("handled").asBoolean());
    assertEquals(11, m.at("/meta/signal/number").asInt());
    assertEquals(1, m.at("/meta/signal/code").asInt());
    assertEquals("SEGV_MAPERR", m.at("/meta/signal/code_name").asText());
    assertEquals("0x10", m.at("/data/relevant_address").asText());
    assertEquals("Android", e.at("/contexts/os/name").asText());
    assertEquals("14", e.at("/contexts/os/version").asText());
    assertEquals("UQ1A.240205.004", e.at("/contexts/os/build").asText());
    assertEquals("google", e.at("/contexts/device/brand").asText());
    assertEquals("oriole", e.at("/contexts/device/model").asText());
    assertEquals("arm64-v8a", e.at("/contexts/device/arch").asText());
    assertEquals("com.example.racer", e.at("/contexts/app/app_identifier").asText());
    assertEquals("tombstone", e.at("/tags/crashtext.format").asText());

    List<JsonNode> frames = frames(e);
    assertEquals(List.of("__start_thread", "__pthread_start(void*)", "null", "GameLoop::run()",
        "GameLoop::tick(float)", "Physics::step(float)"),
        functions(frames).stream().map(String::valueOf).toList());
    assertEquals(APK + "!libgame.so", frames.get(5).get("package").asText());
    assertTrue(frames.get(5).get("in_app").asBoolean());
    assertFalse(frames.get(0).get("in_app").asBoolean());
  }

  @Test
  void memoryMapGivesRealLoadAddressesSoTheCrashPcMatchesTheRegisters() throws Exception {
    ObjectNode e = event("tombstone-arm64.txt");
    JsonNode game = image(e, "base.apk!libgame.so");
    List<JsonNode> frames = frames(e);

    // base.apk maps libgame.so's first segment (file offset 0x8000) at 0x790f5a6000, through the
    // rw- segment ending at 0x790f673fff; the pc register reads 0x790f5f52a8.
    assertEquals("0x790f5a6000", game.get("image_addr").asText());
    assertEquals(0xce000, game.get("image_size").asLong());
    assertEquals("0x790f5f52a8", frames.get(5).get("instruction_addr").asText());
    assertEquals("0x790f5a6000", frames.get(5).get("image_addr").asText());
    assertEquals("0x790f5f5200", frames.get(5).get("symbol_addr").asText(), "pc - 168");
    assertEquals(GAME_BUILD_ID, game.get("code_id").asText());
    assertEquals(DebugId.fromElfBuildId(GAME_BUILD_ID).sentry(), game.get("debug_id").asText());
    assertEquals("libgame.so", game.get("debug_file").asText());
    assertEquals("elf", game.get("type").asText());
    assertEquals("arm64", game.get("arch").asText());
    assertEquals("0x790f800000", image(e, "base.apk!libengine.so").get("image_addr").asText());
    assertEquals("0x7b2a100000", image(e, "bionic/libc.so").get("image_addr").asText());
  }

  @Test
  void callerFramesCarryTheReturnAddressTheUnwinderHadSubtracted() throws Exception {
    ObjectNode e = event("tombstone-arm64.txt");
    List<JsonNode> frames = frames(e);
    long base = addr(frames.get(4), "image_addr");

    assertEquals(0x52080 + 4, addr(frames.get(4), "instruction_addr") - base, "#01, arm64: +4");
    assertEquals(0x4f2a8, addr(frames.get(5), "instruction_addr") - base, "#00 is exact");
    assertEquals(0x52000, addr(frames.get(4), "symbol_addr") - base, "from the printed pc");
  }

  @Test
  void librariesMissingFromTheMemoryMapGetSyntheticNonOverlappingRanges() throws Exception {
    ObjectNode e = event("tombstone-arm64.txt");
    JsonNode utils = image(e, "/system/lib64/libutils.so");
    long start = addr(utils, "image_addr");

    assertTrue(start > 0x7b2a1f6000L, "above every mapping the report lists");
    assertEquals(0, start % ModuleLayout.PAGE);
    assertEquals(0x1a000, utils.get("image_size").asLong(), "just covers pc 0x19f6c + 4");
    assertImagesHoldTheirFramesAndDoNotOverlap(e);
  }

  @Test
  void otherThreadsKeepTheirStacksAndTheCrashedOneLendsItsToTheException() throws Exception {
    ObjectNode e = event("tombstone-arm64.txt");
    List<JsonNode> threads = new ArrayList<>();
    e.at("/threads/values").forEach(threads::add);

    assertEquals(3, threads.size());
    assertEquals(12378, threads.get(0).get("id").asLong());
    assertTrue(threads.get(0).get("crashed").asBoolean());
    assertNull(threads.get(0).get("stacktrace"));
    assertEquals("example.racer", threads.get(1).get("name").asText());
    assertTrue(threads.get(1).get("main").asBoolean());
    assertEquals(6, threads.get(1).at("/stacktrace/frames").size());
    assertEquals("android.os.MessageQueue.next",
        threads.get(1).at("/stacktrace/frames/0/function").asText());
    assertEquals("Signal Catcher", threads.get(2).get("name").asText());
    assertEquals("__rt_sigtimedwait", threads.get(2).at("/stacktrace/frames/2/function").asText());
  }

  @Test
  void arm32AbortWithoutTimestampOrBuildIdsUsesTheAbortMessageAndSyntheticRanges()
      throws Exception {
    ObjectNode e = event("tombstone-arm32-abort.txt");
    JsonNode x = exception(e);

    assertEquals("SIGABRT", x.get("type").asText());
    assertEquals("Assertion failed: index < tiles.size() in Board::tileAt at board.cpp:88",
        x.get("value").asText());
    assertEquals(-6, x.at("/mechanism/meta/signal/code").asInt());
    assertNull(x.at("/mechanism/data").textValue(), "fault addr --------");
    assertEquals(CrashTexts.FALLBACK.toString(), e.get("timestamp").asText());
    assertEquals("com.example.puzzle", e.at("/contexts/app/app_identifier").asText(),
        "the :game process belongs to the app");
    assertEquals("armeabi-v7a", e.at("/contexts/device/arch").asText());
    assertEquals("10", e.at("/contexts/os/version").asText());
    List<JsonNode> frames = frames(e);
    assertEquals(6, frames.size(), "the stack: section's #00 line is not a frame");
    JsonNode puzzle = image(e, "libpuzzle.so");
    assertEquals("arm", puzzle.get("arch").asText());
    assertEquals(0x6a1c4 + 2, addr(frames.get(4), "instruction_addr")
        - addr(puzzle, "image_addr"), "#01 on arm: +2");
    JsonNode fmod = image(e, "libfmod.so");
    assertNull(fmod.get("code_id"));
    assertNull(fmod.get("debug_id"));
    assertNull(frames.get(2).get("function"));
    assertEquals(ModuleLayout.SYNTHETIC_BASE, addr(image(e, "bionic/libc.so"), "image_addr"),
        "no memory map: synthetic ranges from the synthetic base, in order of appearance");
    assertImagesHoldTheirFramesAndDoNotOverlap(e);
    JsonNode main = e.at("/threads/values/1");
    assertTrue(main.get("main").asBoolean());
    assertEquals("android::Looper::pollInner(int)", main.at("/stacktrace/frames/0/function")
        .asText());
  }

  @Test
  void logcatWithTwoCrashesGivesTwoEventsDespiteInterleavedLines() throws Exception {
    CrashTextParser.Result r = CrashTexts.parse("logcat-crash.txt");
    assertEquals(List.of(), r.warnings());
    assertEquals(2, r.events().size());
    ObjectNode first = r.events().get(0);
    ObjectNode second = r.events().get(1);

    assertEquals("logcat", first.at("/tags/crashtext.format").asText());
    assertEquals("2024-05-01T12:00:00.260Z", first.get("timestamp").asText(),
        "banner time, year from the fallback time");
    assertEquals(functions(frames(event("tombstone-arm64.txt"))), functions(frames(first)));
    assertEquals(GAME_BUILD_ID, image(first, "lib/arm64/libgame.so").get("code_id").asText());
    assertEquals("SIGSEGV", exception(first).get("type").asText());
    assertImagesHoldTheirFramesAndDoNotOverlap(first);

    assertEquals("SIGABRT", exception(second).get("type").asText());
    assertEquals("FORTIFY: pthread_mutex_lock called on a destroyed mutex (0x7a1c2e5440)",
        exception(second).get("value").asText());
    assertEquals(13031, exception(second).get("thread_id").asLong());
    assertEquals("2024-05-01T12:03:10.640Z", second.get("timestamp").asText());
    assertEquals("Mixer::pump()", frames(second).get(0).get("function").asText());
    assertFalse(first.get("event_id").equals(second.get("event_id")));
  }

  @Test
  void bareLogcatBacktraceUsesTheLibcFatalSignalLine() throws Exception {
    String text = """
        05-01 12:00:00.101 12345 12378 F libc    : Fatal signal 11 (SIGSEGV), code 2 \
        (SEGV_ACCERR), fault addr 0x7a00001000 in tid 12378 (GameThread), pid 12345 \
        (com.example.racer)
        05-01 12:00:00.261 12400 12400 F DEBUG   :       #00 pc 000000000004f2a8  \
        /data/app/x/lib/arm64/libgame.so (Physics::step(float)+168)
        05-01 12:00:00.261 12400 12400 F DEBUG   :       #01 pc 0000000000052080  \
        /data/app/x/lib/arm64/libgame.so
        """;
    ObjectNode e = new CrashTextParser(null, CrashTexts.FALLBACK).parse(text, null).events()
        .get(0);

    assertEquals("SIGSEGV", exception(e).get("type").asText());
    assertEquals("SEGV_ACCERR at 0x7a00001000", exception(e).get("value").asText());
    assertEquals(12378, exception(e).get("thread_id").asLong());
    assertEquals("com.example.racer", e.at("/contexts/app/app_identifier").asText());
    assertEquals("2024-05-01T12:00:00.101Z", e.get("timestamp").asText());
    assertEquals("arm64", image(e, "libgame.so").get("arch").asText(), "from lib/arm64/");
  }

  @Test
  void briefAndAndroidStudioLogcatPrefixesAreStrippedToo() throws Exception {
    String brief = """
        F/DEBUG   (12400): pid: 12345, tid: 12378, name: GameThread  >>> com.example.racer <<<
        F/DEBUG   (12400): signal 11 (SIGSEGV), code 1 (SEGV_MAPERR), fault addr 0x10
        F/DEBUG   (12400):       #00 pc 000000000004f2a8  /data/app/x/lib/arm64/libgame.so
        """;
    String studio = """
        2024-05-01 12:00:00.260 12400-12400 DEBUG  crash_dump64  A  pid: 12345, tid: 12378, \
        name: GameThread  >>> com.example.racer <<<
        2024-05-01 12:00:00.261 12400-12400 DEBUG  crash_dump64  A  signal 6 (SIGABRT), \
        code -1 (SI_QUEUE), fault addr --------
        2024-05-01 12:00:00.261 12400-12400 DEBUG  crash_dump64  A        #00 pc \
        000000000005d8b4  /apex/com.android.runtime/lib64/bionic/libc.so (abort+164)
        """;
    CrashTextParser p = new CrashTextParser(null, CrashTexts.FALLBACK);

    ObjectNode b = p.parse(brief, null).events().get(0);
    assertEquals("logcat", b.at("/tags/crashtext.format").asText());
    assertEquals("SIGSEGV", exception(b).get("type").asText());
    assertEquals(CrashTexts.FALLBACK.toString(), b.get("timestamp").asText(), "brief has no time");
    ObjectNode s = p.parse(studio, null).events().get(0);
    assertEquals("SIGABRT", exception(s).get("type").asText());
    assertEquals("abort", frames(s).get(0).get("function").asText());
    assertEquals("2024-05-01T12:00:00.260Z", s.get("timestamp").asText(), "with its own year");
  }

  @Test
  void truncatedTombstoneKeepsTheCompleteFramesAndWarnsAboutTheCutLine() throws Exception {
    String text = CrashTexts.text("tombstone-truncated.txt");
    CrashTextParser.Result r = CrashTexts.parse("tombstone-truncated.txt");

    assertEquals(List.of("GameLoop::run()", "GameLoop::tick(float)", "Physics::step(float)"),
        functions(frames(r.events().get(0))));
    int lastLine = text.split("\n").length;
    assertEquals(List.of(new CrashTextParser.Warning(lastLine,
        "backtrace line cut off at the end of the report, skipped")), r.warnings());
  }

  @Test
  void tombstoneCutBeforeItsBacktraceIsAnErrorNamingTheLastLine() {
    String head = String.join("\n", CrashTexts.text("tombstone-arm64.txt").split("\n"))
        .lines().limit(14).reduce("", (a, b) -> a + b + "\n");
    CrashTextException ex = assertThrows(CrashTextException.class,
        () -> new CrashTextParser(null, CrashTexts.FALLBACK).parse(head, null));
    assertEquals(14, ex.line());
    assertTrue(ex.getMessage().contains("no backtrace frames"), ex.getMessage());
  }

  @Test
  void sameReportGivesTheSameEventIdAndOtherReportsOthers() throws Exception {
    assertEquals(event("tombstone-arm64.txt").get("event_id"),
        event("tombstone-arm64.txt").get("event_id"));
    assertFalse(event("tombstone-arm64.txt").get("event_id")
        .equals(event("tombstone-truncated.txt").get("event_id")));
  }

  /** Every frame with an image address lies inside that image; no two images overlap. */
  static void assertImagesHoldTheirFramesAndDoNotOverlap(JsonNode e) {
    List<long[]> ranges = new ArrayList<>();
    for (JsonNode i : e.get("debug_meta").get("images")) {
      long start = addr(i, "image_addr");
      long end = start + i.get("image_size").asLong();
      for (long[] r : ranges) {
        assertTrue(end <= r[0] || start >= r[1], "overlap: " + i);
      }
      ranges.add(new long[] {start, end});
    }
    List<JsonNode> all = new ArrayList<>(frames(e));
    e.at("/threads/values").forEach(t -> t.at("/stacktrace/frames").forEach(all::add));
    for (JsonNode f : all) {
      if (f.has("image_addr")) {
        long a = addr(f, "instruction_addr");
        boolean inside = false;
        for (JsonNode i : e.get("debug_meta").get("images")) {
          long start = addr(i, "image_addr");
          inside |= i.get("image_addr").equals(f.get("image_addr")) && a >= start
              && a < start + i.get("image_size").asLong();
        }
        assertTrue(inside, "frame outside its image: " + f);
      }
    }
  }
}
