package dev.crashflow.decode;

import static dev.crashflow.decode.Fixtures.RECEIVED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crashflow.model.RawMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Each class of bad input is rejected with its own reason code and a useful message. */
class EventDecoderRejectsTest {
  private final EventDecoder decoder = new EventDecoder(DecodeLimits.defaults());

  private DecodeException reject(RawMessage m, String reason) {
    DecodeException e = assertThrows(DecodeException.class, () -> decoder.decode(m, RECEIVED));
    assertEquals(reason, e.reason(), e.getMessage());
    assertTrue(e.getMessage().startsWith(reason + ": "), e.getMessage());
    return e;
  }

  private DecodeException reject(ObjectNode json, String reason) {
    return reject(Fixtures.message(json), reason);
  }

  private static RawMessage bytes(byte[] b) {
    return RawMessage.of(b);
  }

  private static RawMessage text(String s) {
    return RawMessage.of(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void malformedJsonTruncatedGarbageTrailingAndEmpty() {
    reject(text("{\"event_id\": \"0123"), "malformed_json");
    reject(text("this is not json"), "malformed_json");
    reject(text("{} {}"), "malformed_json");
    reject(text(""), "malformed_json");
    reject(text("{\"a\": NaN}"), "malformed_json");
  }

  @Test
  void invalidUtf8IsRejectedNotReplaced() {
    byte[] prefix = "{\"event_id\":\"".getBytes(StandardCharsets.UTF_8);
    byte[] bad = Arrays.copyOf(prefix, prefix.length + 2);
    bad[prefix.length] = (byte) 0xC3; // a lead byte followed by an ASCII byte
    bad[prefix.length + 1] = (byte) 0x28;
    reject(bytes(bad), "invalid_utf8");
    reject(bytes(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}), "invalid_utf8");
  }

  @Test
  void corruptAndTruncatedGzipIsBadGzip() {
    reject(bytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7}), "bad_gzip");
    byte[] gz = Fixtures.gzip(Fixtures.message("android-java.json").payload());
    reject(bytes(Arrays.copyOf(gz, gz.length / 2)), "bad_gzip");
  }

  @Test
  void oversizePayloadsRawCompressedAndInflated() throws Exception {
    DecodeLimits small = new DecodeLimits(10_000, 2_000, 100, 10_000, 250,
        Duration.ofDays(30), Duration.ofDays(1), true);
    EventDecoder d = new EventDecoder(small);
    byte[] big = ("{\"pad\": \"" + "x".repeat(10_001) + "\"}").getBytes(StandardCharsets.UTF_8);
    assertEquals("oversize_payload",
        assertThrows(DecodeException.class, () -> d.decode(bytes(big), RECEIVED)).reason());

    // Random hex compresses about 2:1, so 3,000 compressed bytes exceed the compressed limit.
    byte[] random = randomHexJson(6_000);
    byte[] gz = Fixtures.gzip(random);
    assertTrue(gz.length > 2_000);
    assertEquals("oversize_payload",
        assertThrows(DecodeException.class, () -> d.decode(bytes(gz), RECEIVED)).reason());

    // Within the compressed limit and a plausible ratio, but more than 1 MiB inflated.
    byte[] inflatesBig = Fixtures.gzip(randomHexJson(1_500_000));
    reject(bytes(inflatesBig), "oversize_payload");
  }

  @Test
  void gzipBombOf50MbZerosIsStoppedEarly() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 50; i++) {
        gz.write(zeros);
      }
    }
    byte[] bomb = out.toByteArray();
    assertTrue(bomb.length < 100_000, "50 MB of zeros compresses to " + bomb.length);
    DecodeException e = reject(bytes(bomb), "gzip_bomb");
    assertTrue(e.getMessage().contains("stopped reading"), e.getMessage());
  }

  @Test
  void missingRequiredFields() {
    ObjectNode noId = Fixtures.minimalEvent();
    noId.remove("event_id");
    reject(noId, "missing_field");
    ObjectNode noPlatform = Fixtures.minimalEvent();
    noPlatform.remove("platform");
    assertTrue(reject(noPlatform, "missing_field").getMessage().contains("platform"));
    ObjectNode noTime = Fixtures.minimalEvent();
    noTime.remove("timestamp");
    assertTrue(reject(noTime, "missing_field").getMessage().contains("publish time"));
    reject(Fixtures.minimalEvent().put("platform", " "), "missing_field");
  }

  @Test
  void wrongTypesNameTheJsonPath() {
    assertEquals("wrong_type: top level: expected an object, got array",
        reject(text("[1, 2]"), "wrong_type").getMessage());

    ObjectNode exceptionString = Fixtures.minimalEvent().put("exception", "boom");
    assertTrue(reject(exceptionString, "wrong_type").getMessage().contains("exception:"));

    ObjectNode framesObject = Fixtures.minimalEvent();
    framesObject.putObject("exception").putArray("values").addObject()
        .putObject("stacktrace").putObject("frames");
    assertTrue(reject(framesObject, "wrong_type").getMessage()
        .contains("exception.values[0].stacktrace.frames: expected an array, got object"));

    ObjectNode linenoObject = Fixtures.minimalEvent();
    ObjectNode frames = Fixtures.stacktrace(3);
    ((ObjectNode) frames.get("frames").get(2)).putObject("lineno");
    linenoObject.putObject("threads").putArray("values").addObject().set("stacktrace", frames);
    assertTrue(reject(linenoObject, "wrong_type").getMessage()
        .contains("threads.values[0].stacktrace.frames[2].lineno: expected an integer"));

    reject(Fixtures.minimalEvent().put("tags", "a=b"), "wrong_type");
    ObjectNode osString = Fixtures.minimalEvent();
    osString.putObject("contexts").put("os", "Android 14");
    assertTrue(reject(osString, "wrong_type").getMessage().contains("contexts.os"));
    reject(Fixtures.minimalEvent().put("timestamp", "yesterday"), "wrong_type");
    reject(Fixtures.minimalEvent().put("timestamp", true), "wrong_type");
    ObjectNode lineno = Fixtures.minimalEvent();
    lineno.putArray("exception").addObject().putObject("stacktrace").putArray("frames")
        .addObject().put("lineno", "twelve");
    assertTrue(reject(lineno, "wrong_type").getMessage().contains("exception[0]"));
  }

  @Test
  void invalidEventIds() {
    reject(Fixtures.minimalEvent().put("event_id", "not-an-id"), "invalid_event_id");
    reject(Fixtures.minimalEvent().put("event_id", "0123456789abcdef0123456789abcde"),
        "invalid_event_id");
    reject(Fixtures.minimalEvent().put("event_id", "0123456789abcdef0123456789abcdeg"),
        "invalid_event_id");
    reject(Fixtures.minimalEvent().put("event_id", "01234567-89ab-cdef-0123-456789abcdef0"),
        "invalid_event_id");
  }

  @Test
  void timestampsOutsideTheWindowNameTheOptionToChange() throws Exception {
    ObjectNode old = Fixtures.minimalEvent().put("timestamp", "2024-03-31T12:04:59Z");
    DecodeException e = reject(old, "timestamp_out_of_range");
    assertTrue(e.getMessage().contains("2024-03-31T12:04:59Z"), e.getMessage());
    assertTrue(e.getMessage().contains("2024-05-01T12:05:00Z"), e.getMessage());
    assertTrue(e.getMessage().contains("--maxEventAge"), e.getMessage());
    assertTrue(e.getMessage().contains("30d"), e.getMessage());
    assertEquals("0123456789abcdef0123456789abcdef", e.eventId(), "dead letters can name it");

    ObjectNode future = Fixtures.minimalEvent().put("timestamp", "2024-05-02T12:05:01Z");
    assertTrue(reject(future, "timestamp_out_of_range").getMessage().contains("--maxFutureSkew"));

    ObjectNode edgeOld = Fixtures.minimalEvent().put("timestamp", "2024-04-01T12:05:00Z");
    ObjectNode edgeNew = Fixtures.minimalEvent().put("timestamp", "2024-05-02T12:05:00Z");
    decoder.decode(Fixtures.message(edgeOld), RECEIVED);
    decoder.decode(Fixtures.message(edgeNew), RECEIVED);

    reject(Fixtures.minimalEvent().put("timestamp", 1e300), "timestamp_out_of_range");
    reject(Fixtures.minimalEvent().put("timestamp", 1714564800000L), "timestamp_out_of_range");
  }

  @Test
  void tooManyFramesInAnyStackTrace() {
    ObjectNode e = Fixtures.minimalEvent();
    e.putObject("threads").putArray("values").addObject()
        .set("stacktrace", Fixtures.stacktrace(10_001));
    DecodeException x = reject(e, "too_many_frames");
    assertTrue(x.getMessage().contains("threads.values[0].stacktrace.frames has 10001 frames"));
  }

  @Test
  void unsupportedItemTypeAttribute() {
    RawMessage m = Fixtures.message(Fixtures.minimalEvent(), Map.of("item_type", "attachment"));
    reject(m, "unsupported_item_type");
  }

  @Test
  void badSessionsAreRejected() {
    ObjectNode s = Fixtures.json("session.json");
    s.remove("sid");
    s.put("event_id", "0123456789abcdef0123456789abcdef");
    reject(Fixtures.message(s, Map.of("item_type", "session")), "missing_field");

    ObjectNode badStatus = Fixtures.json("session.json").put("status", "paused");
    reject(badStatus, "wrong_type");
    ObjectNode noStatus = Fixtures.json("session.json");
    noStatus.remove("status");
    reject(noStatus, "missing_field");
    ObjectNode noTimes = Fixtures.json("session.json");
    noTimes.remove("started");
    noTimes.remove("timestamp");
    reject(noTimes, "missing_field");
    reject(Fixtures.json("session.json").put("timestamp", "2023-01-01T00:00:00Z"),
        "timestamp_out_of_range");
  }

  @Test
  void failuresBeforeTheIdIsKnownCarryNoEventId() {
    DecodeException e = reject(text("nope"), "malformed_json");
    assertNull(e.eventId());
  }

  /** A JSON object padded with random hex, so gzip gets about 2:1. */
  private static byte[] randomHexJson(int hexChars) {
    Random r = new Random(42);
    StringBuilder sb = new StringBuilder("{\"pad\": \"");
    for (int i = 0; i < hexChars; i++) {
      sb.append(Character.forDigit(r.nextInt(16), 16));
    }
    return sb.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
  }
}
