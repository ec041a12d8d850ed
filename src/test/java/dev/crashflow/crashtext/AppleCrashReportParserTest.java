package dev.crashflow.crashtext;

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
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppleCrashReportParserTest {
  @Test
  void ios14ReportGivesHeadersTheLastExceptionBacktraceAndThreads() throws Exception {
    ObjectNode e = event("ios14-nsexception.crash");

    assertEquals("6f1b9c2a7d3e4f508a619b7c2d3e4f50", e.get("event_id").asText());
    assertEquals("2021-03-14T08:26:53.317200Z", e.get("timestamp").asText());
    assertEquals("apple-crash", e.at("/tags/crashtext.format").asText());
    assertEquals("iOS", e.at("/contexts/os/name").asText());
    assertEquals("14.4", e.at("/contexts/os/version").asText());
    assertEquals("18D52", e.at("/contexts/os/build").asText());
    assertEquals("iPhone12,1", e.at("/contexts/device/model").asText());
    assertEquals("arm64", e.at("/contexts/device/arch").asText());
    assertEquals("com.example.tower@3.1.0+77", e.get("release").asText(),
        "iOS prints Version: build (version)");
    assertEquals("Tower", e.at("/contexts/app/app_name").asText());

    JsonNode x = exception(e);
    assertEquals("EXC_CRASH", x.get("type").asText());
    assertEquals("SIGABRT", x.at("/mechanism/meta/signal/name").asText());
    assertEquals(6, x.at("/mechanism/meta/signal/number").asInt());
    List<JsonNode> frames = frames(e);
    assertEquals(Arrays.asList("start", null, null, "-[__NSArrayM objectAtIndexedSubscript:]",
        "objc_exception_throw", "__exceptionPreprocess"), functions(frames));
    assertEquals("0x102a4d3a0", frames.get(2).get("instruction_addr").asText());
    assertEquals("0x102a40000", frames.get(2).get("image_addr").asText());
    assertTrue(frames.get(2).get("in_app").asBoolean());
    assertEquals(0x1a1add2e4L - 1064, CrashTexts.addr(frames.get(3), "symbol_addr"));
  }

  @Test
  void threadsKeepNamesFramesAndSourceLocations() throws Exception {
    ObjectNode e = event("ios14-nsexception.crash");
    JsonNode threads = e.at("/threads/values");

    assertEquals(3, threads.size());
    assertEquals("com.apple.main-thread", threads.get(0).get("name").asText());
    assertTrue(threads.get(0).get("crashed").asBoolean());
    assertEquals(7, threads.get(0).at("/stacktrace/frames").size(),
        "kept: the exception has the thrown stack, not this one");
    assertNull(threads.get(1).get("name"));
    JsonNode runLoop = threads.get(2).at("/stacktrace/frames/0");
    assertEquals("-[NSRunLoop(NSRunLoop) runMode:beforeDate:]", runLoop.get("function").asText());
    assertEquals("NSRunLoop.m", runLoop.get("filename").asText());
    assertEquals(374, runLoop.get("lineno").asInt());
    assertEquals(9, e.at("/debug_meta/images").size());
    JsonNode tower = image(e, "Tower.app/Tower");
    assertEquals("5bf5e0f8-0af2-8681-67ac-b9bde26e1e6c", tower.get("debug_id").asText());
    assertEquals(0x1c0000, tower.get("image_size").asLong(), "end address is inclusive");
    TombstoneParserTest.assertImagesHoldTheirFramesAndDoNotOverlap(e);
  }

  @Test
  void macOsReportReadsVersionTheOtherWayAndBundleStyleImageLines() throws Exception {
    ObjectNode e = event("macos11-segv.crash");

    assertEquals("com.example.tower.mac@3.1.0+77", e.get("release").asText(),
        "macOS prints Version: version (build)");
    assertEquals("macOS", e.at("/contexts/os/name").asText());
    assertEquals("x86_64", e.at("/contexts/device/arch").asText());
    assertEquals("2021-06-02T23:41:07.512Z", e.get("timestamp").asText());
    JsonNode x = exception(e);
    assertEquals("EXC_BAD_ACCESS", x.get("type").asText());
    assertEquals("KERN_INVALID_ADDRESS at 0x0000000000000018", x.get("value").asText());
    assertEquals("0x18", x.at("/mechanism/data/relevant_address").asText());
    JsonNode tower = image(e, "/Applications/Tower.app/Contents/MacOS/Tower");
    assertEquals("Tower", tower.get("debug_file").asText());
    assertEquals("7c665842-e7fc-22f2-330e-57fb9435e252", tower.get("debug_id").asText());
    List<JsonNode> frames = frames(e);
    assertEquals(tower.get("code_file"), frames.get(4).get("package"));
    assertTrue(frames.get(4).get("in_app").asBoolean());
    assertFalse(frames.get(2).get("in_app").asBoolean(), "AppKit");
    assertEquals("com.apple.main-thread", e.at("/threads/values/0/name").asText());
  }

  @Test
  void ipsWithATextBodyTakesTheHeadersIdsAndNumbersErrorsFromTheFileStart() throws Exception {
    String header = "{\"app_name\":\"Tower\",\"timestamp\":\"2021-03-14 09:26:53.00 +0100\","
        + "\"bug_type\":\"109\",\"os_version\":\"iPhone OS 14.4 (18D52)\","
        + "\"incident_id\":\"11111111-2222-3333-4444-555555555555\","
        + "\"bundleID\":\"com.example.tower\",\"app_version\":\"3.1.0\",\"build_version\":\"78\"}";
    String body = CrashTexts.text("ios14-nsexception.crash");
    CrashTextParser p = new CrashTextParser(null, CrashTexts.FALLBACK);

    ObjectNode e = p.parse(header + "\n" + body, null).events().get(0);
    assertEquals("11111111222233334444555555555555", e.get("event_id").asText());
    assertEquals("com.example.tower@3.1.0+78", e.get("release").asText());
    assertEquals(6, frames(e).size());

    String headless = body.substring(0, body.indexOf("Last Exception Backtrace:"));
    CrashTextException ex = assertThrows(CrashTextException.class,
        () -> p.parse(header + "\n" + headless, null));
    assertEquals(1 + headless.lines().count(), ex.line());
    assertTrue(ex.getMessage().contains("no thread backtraces"), ex.getMessage());
  }

  @Test
  void lastExceptionBacktraceAsAnAddressListFindsImagesByAddress() throws Exception {
    String text = CrashTexts.text("ios14-nsexception.crash");
    String numbered = text.substring(text.indexOf("0   CoreFoundation"),
        text.indexOf("\n\nThread 0 name:"));
    String listed = text.replace(numbered, "(0x1a1a80a2c 0x1b5c78c50 0x102a4d3a0 0x1a1761cf8)");
    ObjectNode e = new CrashTextParser(null, CrashTexts.FALLBACK).parse(listed, null).events()
        .get(0);

    List<JsonNode> frames = frames(e);
    assertEquals(4, frames.size());
    assertEquals("/usr/lib/system/libdyld.dylib", frames.get(0).get("package").asText());
    assertEquals("0x102a40000", frames.get(1).get("image_addr").asText());
    assertNull(frames.get(3).get("function"), "addresses only");
  }

  @Test
  void reportCutBeforeBinaryImagesParsesWithAWarning() throws Exception {
    String text = CrashTexts.text("ios14-nsexception.crash");
    String cut = text.substring(0, text.indexOf("Thread 0 crashed with"));
    CrashTextParser.Result r = new CrashTextParser(null, CrashTexts.FALLBACK).parse(cut, null);

    assertEquals(1, r.events().size());
    assertEquals(0, r.events().get(0).at("/debug_meta/images").size());
    assertEquals(1, r.warnings().size());
    assertTrue(r.warnings().get(0).message().startsWith("no Binary Images section"));
    assertNull(frames(r.events().get(0)).get(2).get("image_addr"));
  }
}
