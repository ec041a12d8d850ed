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
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpsParserTest {
  static final String APP = "/private/var/containers/Bundle/Application/"
      + "0B1C7E3A-6F3D-4E0B-9A51-3C2F8D4E7A10/Tower.app/Tower";

  @Test
  void ios17CrashGivesTheMachExceptionAndTheTriggeredThreadsFrames() throws Exception {
    ObjectNode e = event("ios-crash.ips");

    assertEquals("e9b3f8a42c1d4b7e9f601a2b3c4d5e6f", e.get("event_id").asText(),
        "the incident id");
    assertEquals("2024-05-01T12:00:00Z", e.get("timestamp").asText());
    JsonNode x = exception(e);
    assertEquals("EXC_BAD_ACCESS", x.get("type").asText());
    assertEquals("KERN_INVALID_ADDRESS at 0x0000000000000008", x.get("value").asText());
    assertEquals("mach", x.at("/mechanism/type").asText());
    assertEquals("SIGSEGV", x.at("/mechanism/meta/signal/name").asText());
    assertEquals(11, x.at("/mechanism/meta/signal/number").asInt());
    assertEquals("EXC_BAD_ACCESS", x.at("/mechanism/meta/mach_exception/name").asText());
    assertEquals("0x8", x.at("/mechanism/data/relevant_address").asText());
    assertEquals(0, x.get("thread_id").asInt());

    List<JsonNode> frames = frames(e);
    assertEquals(Arrays.asList("start", null, "__CFRUNLOOP_IS_CALLING_OUT_TO_A_BLOCK__",
        "-[UIApplication _firstCommitBlock]_block_invoke_2", null, null), functions(frames));
    JsonNode crash = frames.get(5);
    assertEquals("0x" + Long.toHexString(0x102a40000L + 73344), crash.get("instruction_addr")
        .asText(), "image base + imageOffset");
    assertEquals("0x102a40000", crash.get("image_addr").asText());
    assertEquals(APP, crash.get("package").asText());
    assertTrue(crash.get("in_app").asBoolean());
    assertFalse(frames.get(0).get("in_app").asBoolean(), "/usr/lib/dyld");
    assertEquals(addr(frames.get(0), "instruction_addr") - 2240,
        addr(frames.get(0), "symbol_addr"));
  }

  @Test
  void usedImagesBecomeMachOImagesWithTheirUuidsAsDebugIds() throws Exception {
    ObjectNode e = event("ios-crash.ips");
    JsonNode tower = image(e, "Tower.app/Tower");

    assertEquals("macho", tower.get("type").asText());
    assertEquals("5bf5e0f8-0af2-8681-67ac-b9bde26e1e6c", tower.get("debug_id").asText());
    assertEquals(0x1c0000, tower.get("image_size").asLong());
    assertEquals("Tower", tower.get("debug_file").asText());
    assertEquals("arm64", tower.get("arch").asText());
    assertEquals(6, e.at("/debug_meta/images").size(), "the all-zero absolute entry is no image");
    JsonNode eventFetch = e.at("/threads/values/2");
    assertEquals("com.apple.uikit.eventfetch-thread", eventFetch.get("name").asText());
    JsonNode absolute = eventFetch.at("/stacktrace/frames/0");
    assertEquals("0x1a3f55d44", absolute.get("instruction_addr").asText());
    assertNull(absolute.get("image_addr"));
    TombstoneParserTest.assertImagesHoldTheirFramesAndDoNotOverlap(e);
  }

  @Test
  void headerAndBodyGiveOsDeviceAppAndRelease() throws Exception {
    ObjectNode e = event("ios-crash.ips");

    assertEquals("iOS", e.at("/contexts/os/name").asText());
    assertEquals("17.2.1", e.at("/contexts/os/version").asText());
    assertEquals("21C66", e.at("/contexts/os/build").asText());
    assertEquals("iPhone15,2", e.at("/contexts/device/model").asText());
    assertEquals("Apple", e.at("/contexts/device/manufacturer").asText());
    assertEquals("arm64", e.at("/contexts/device/arch").asText(), "the app's own slice");
    assertEquals("com.example.tower", e.at("/contexts/app/app_identifier").asText());
    assertEquals("3.1.0", e.at("/contexts/app/app_version").asText());
    assertEquals("77", e.at("/contexts/app/app_build").asText());
    assertEquals("Tower", e.at("/contexts/app/app_name").asText());
    assertTrue(e.at("/contexts/app/in_foreground").asBoolean());
    assertEquals("com.example.tower@3.1.0+77", e.get("release").asText());
    assertEquals("309", e.at("/tags/ips.bug_type").asText());
    JsonNode main = e.at("/threads/values/0");
    assertTrue(main.get("crashed").asBoolean());
    assertEquals("com.apple.main-thread", main.get("name").asText());
    assertNull(main.get("stacktrace"), "its frames are the exception's");
  }

  @Test
  void uncaughtExceptionUsesTheLastExceptionBacktraceAndItsReason() throws Exception {
    ObjectNode e = event("ios-nsexception.ips");
    JsonNode x = exception(e);

    assertEquals("EXC_CRASH", x.get("type").asText());
    assertEquals("*** Terminating app due to uncaught exception 'NSRangeException', reason: "
        + "'*** -[__NSArrayM objectAtIndexedSubscript:]: index 5 beyond bounds [0 .. 2]'",
        x.get("value").asText());
    assertEquals(6, x.at("/mechanism/meta/signal/number").asInt());
    assertEquals(Arrays.asList("start", null, null, "-[__NSArrayM objectAtIndexedSubscript:]",
        "__exceptionPreprocess"), functions(frames(e)));
    assertEquals("2024-05-02T06:15:42Z", e.get("timestamp").asText(), "+0200 to UTC");
    JsonNode crashed = e.at("/threads/values/0");
    assertEquals("__pthread_kill", crashed.at("/stacktrace/frames/4/function").asText(),
        "the crashed thread keeps its abort stack");
  }

  @Test
  void truncatedJsonIsAnErrorAtTheLineWhereItEnds() {
    String text = CrashTexts.text("ios-truncated.ips");
    CrashTextException ex = assertThrows(CrashTextException.class,
        () -> CrashTexts.parse("ios-truncated.ips"));
    assertEquals(text.split("\n").length, ex.line());
    assertTrue(ex.getMessage().startsWith("malformed .ips JSON (truncated?)"), ex.getMessage());
  }

  @Test
  void headerAloneAndNonCrashBugTypesAreErrors() {
    String header = CrashTexts.text("ios-crash.ips").lines().findFirst().orElseThrow();
    CrashTextParser p = new CrashTextParser(null, CrashTexts.FALLBACK);

    CrashTextException alone = assertThrows(CrashTextException.class,
        () -> p.parse(header + "\n", null));
    assertEquals(1, alone.line());
    assertTrue(alone.getMessage().contains("body is missing"), alone.getMessage());

    String jetsam = "{\"bug_type\":\"298\",\"os_version\":\"iPhone OS 17.2.1 (21C66)\"}\n"
        + "{\"crashReporterKey\":\"abc\",\"processes\":[]}\n";
    CrashTextException notCrash = assertThrows(CrashTextException.class,
        () -> p.parse(jetsam, CrashTextFormat.IPS));
    assertTrue(notCrash.getMessage().contains("bug_type 298 is not a crash report"),
        notCrash.getMessage());
  }

  @Test
  void bodyWithoutHeaderStillParses() throws Exception {
    String text = CrashTexts.text("ios-crash.ips");
    String body = text.substring(text.indexOf('\n') + 1);
    ObjectNode e = new CrashTextParser(null, CrashTexts.FALLBACK).parse(body, null).events()
        .get(0);

    assertEquals("e9b3f8a42c1d4b7e9f601a2b3c4d5e6f", e.get("event_id").asText());
    assertEquals("com.example.tower@3.1.0+77", e.get("release").asText(), "from bundleInfo");
    assertEquals("iOS", e.at("/contexts/os/name").asText(), "from osVersion.train");
  }

  @Test
  void appIdOptionReplacesTheBundleIdInReleaseAndContext() throws Exception {
    ObjectNode e = new CrashTextParser("tower-ios", CrashTexts.FALLBACK)
        .parse(CrashTexts.text("ios-crash.ips"), null).events().get(0);

    assertEquals("tower-ios@3.1.0+77", e.get("release").asText());
    assertEquals("tower-ios", e.at("/contexts/app/app_identifier").asText());
  }
}
