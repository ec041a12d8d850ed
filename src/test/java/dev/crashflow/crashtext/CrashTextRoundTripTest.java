package dev.crashflow.crashtext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crashflow.decode.DecodeLimits;
import dev.crashflow.decode.EventDecoder;
import dev.crashflow.decode.JsonSchemaSubset;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.RawMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every event parsed from the fixtures is crashflow input: it validates against {@code
 * schemas/input/event.schema.json} and decodes without a dead letter, with the facts intact.
 */
class CrashTextRoundTripTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final JsonSchemaSubset schema = JsonSchemaSubset.load("schemas/input/event.schema.json");
  private final EventDecoder decoder = new EventDecoder(DecodeLimits.defaults());

  @Test
  void everyParsedEventValidatesAndDecodes() throws Exception {
    int events = 0;
    for (String name : CrashTexts.GOOD) {
      for (ObjectNode e : CrashTexts.parse(name).events()) {
        assertEquals(List.of(), schema.validate(e), name);
        CrashEvent decoded = decode(e);
        assertEquals(e.get("event_id").asText(), decoded.eventId(), name);
        assertEquals("native", decoded.sdkPlatform());
        assertEquals("fatal", decoded.level());
        assertFalse(decoded.exceptions().get(0).frames().isEmpty(), name);
        assertEquals(e.at("/debug_meta/images").size(), decoded.images().size(), name);
        events++;
      }
    }
    assertEquals(CrashTexts.GOOD.size() + 1, events, "logcat-crash.txt holds two crashes");
  }

  @Test
  void decodedEventsCarryPlatformAppAndNativeFrames() throws Exception {
    CrashEvent android = decode(CrashTexts.event("tombstone-arm64.txt"));
    assertEquals("ANDROID", android.platform());
    assertEquals("com.example.racer", android.app().appId());
    assertEquals("arm64-v8a", android.device().arch());
    assertEquals("SIGSEGV", android.exceptions().get(0).type());
    assertEquals(11, android.exceptions().get(0).mechanism().signalNumber());
    assertEquals("0x790f5f52a8", android.exceptions().get(0).frames().get(5).instructionAddr());
    assertEquals(2, android.threads().size() - 1, "two threads besides the crashed one");

    CrashEvent ios = decode(CrashTexts.event("ios-crash.ips"));
    assertEquals("IOS", ios.platform());
    assertEquals("3.1.0", ios.app().version());
    assertEquals("77", ios.app().build());
    assertEquals("EXC_BAD_ACCESS", ios.exceptions().get(0).mechanism().machException());

    assertEquals("MACOS", decode(CrashTexts.event("macos11-segv.crash")).platform());
  }

  @Test
  void garbageIsRejectedAtLineOne() {
    CrashTextException e = assertThrows(CrashTextException.class,
        () -> CrashTexts.parse("garbage.txt"));
    assertEquals(1, e.line());
    assertTrue(e.getMessage().startsWith("not a recognised crash report"), e.getMessage());
    CrashTextException java = assertThrows(CrashTextException.class, () -> new CrashTextParser(
        null, CrashTexts.FALLBACK).parse("java.lang.IllegalStateException: boom\n"
            + "\tat com.example.Game.tick(Game.java:12)\n", null));
    assertEquals(1, java.line());
    CrashTextException empty = assertThrows(CrashTextException.class, () -> new CrashTextParser(
        null, CrashTexts.FALLBACK).parse("\n\n", null));
    assertEquals("empty report", empty.getMessage());
  }

  @Test
  void forcedFormatThatDoesNotFitIsAnError() {
    CrashTextParser p = new CrashTextParser(null, CrashTexts.FALLBACK);
    assertThrows(CrashTextException.class,
        () -> p.parse(CrashTexts.text("tombstone-arm64.txt"), CrashTextFormat.IPS));
    assertThrows(CrashTextException.class,
        () -> p.parse(CrashTexts.text("ios-crash.ips"), CrashTextFormat.TOMBSTONE));
  }

  /** Decodes as the pipeline does, received a minute after the event (inside the age limits). */
  private CrashEvent decode(ObjectNode e) throws Exception {
    long received = Instant.parse(e.get("timestamp").asText()).toEpochMilli() + 60_000;
    RawMessage m = new RawMessage(JSON.writeValueAsBytes(e), Map.of(), null, null);
    return decoder.decode(m, received).event();
  }
}
