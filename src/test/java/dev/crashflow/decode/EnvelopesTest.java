package dev.crashflow.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crashflow.model.RawMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** File lines: envelopes round-trip messages exactly; bare lines pass through for the decoder. */
class EnvelopesTest {
  private final JsonSchemaSubset schema =
      JsonSchemaSubset.load("schemas/input/envelope.schema.json");

  private static RawMessage roundTrip(RawMessage m) throws DecodeException {
    String line = Envelopes.toLine(m);
    assertEquals(-1, line.indexOf('\n'), "one line");
    return Envelopes.parseLine(line);
  }

  @Test
  void binaryGzipPayloadAttributesIdAndPublishTimeRoundTripExactly() throws Exception {
    byte[] binary = new byte[4096];
    new Random(7).nextBytes(binary);
    RawMessage[] messages = {
        new RawMessage(Fixtures.gzip(Fixtures.message("android-ndk.json").payload()),
            Map.of("item_type", "event", "app_id", "com.example.racer", "ünï", "cödé \"q\"\n"),
            "1234567890123", Instant.parse("2024-05-01T12:00:00.123Z").toEpochMilli()),
        new RawMessage(binary, Map.of(), null, null),
        new RawMessage(new byte[0], Map.of("k", ""), "", 0L),
        new RawMessage("{}".getBytes(StandardCharsets.UTF_8), null, "id", -1L)};
    for (RawMessage m : messages) {
      RawMessage back = roundTrip(m);
      assertEquals(m, back, m.toString());
      assertArrayEquals(m.payload(), back.payload());
      assertEquals(List.of(), schema.validate(Fixtures.MAPPER.readTree(Envelopes.toLine(m))));
    }
  }

  @Test
  void envelopeLinesWrittenByHandParse() throws Exception {
    String payload = java.util.Base64.getEncoder().encodeToString("hello".getBytes());
    RawMessage m = Envelopes.parseLine("{\"message_id\":\"m1\",\"payload\":\"" + payload
        + "\",\"attributes\":[{\"key\":\"item_type\",\"value\":\"session\"},"
        + "{\"key\":\"platform\",\"value\":\"IOS\"}],"
        + "\"publish_time\":\"2024-05-01T14:00:00.123456+02:00\",\"extra\":{\"ignored\":[1]}}");
    assertArrayEquals("hello".getBytes(), m.payload());
    assertEquals(Map.of("item_type", "session", "platform", "IOS"), m.attributes());
    assertEquals("m1", m.messageId());
    assertEquals(Instant.parse("2024-05-01T12:00:00.123Z").toEpochMilli(), m.publishTimeMillis());

    RawMessage minimal = Envelopes.parseLine("{\"payload\":\"" + payload + "\"}");
    assertEquals(new RawMessage("hello".getBytes(), Map.of(), null, null), minimal);
  }

  @Test
  void bareEventsAndGarbageAreReturnedAsBarePayloads() throws Exception {
    String event = Fixtures.text("android-java.json").replace("\n", " ");
    for (String line : new String[] {event, "not json at all", "[1,2,3]", "{\"payload\": {}}",
        "{\"payload\": 12}", "{\"a\": {\"payload\": \"nested is not an envelope\"}}", "{"}) {
      RawMessage m = Envelopes.parseLine(line);
      assertEquals(RawMessage.of(line.getBytes(StandardCharsets.UTF_8)), m, line);
      assertNull(m.publishTimeMillis());
    }
  }

  @Test
  void badEnvelopesAreRejected() {
    String[] bad = {
        "{\"payload\": \"not base64!!\"}",
        "{\"payload\": \"aGVsbG8=\", \"attributes\": \"item_type=event\"}",
        "{\"payload\": \"aGVsbG8=\", \"attributes\": {\"n\": 1}}",
        "{\"payload\": \"aGVsbG8=\", \"attributes\": [{\"key\": \"k\"}]}",
        "{\"payload\": \"aGVsbG8=\", \"publish_time\": \"yesterday\"}",
        "{\"payload\": \"aGVsbG8=\", \"publish_time\": 1714564800}",
        "{\"payload\": \"aGVsbG8=\", \"message_id\": {\"id\": 1}}",
        "{\"payload\": \"aGVsbG8=\", \"attributes\": {}"};
    for (String line : bad) {
      DecodeException e = assertThrows(DecodeException.class, () -> Envelopes.parseLine(line), line);
      assertEquals("bad_envelope", e.reason(), line);
    }
  }

  @Test
  void schemaDescribesTheEnvelopeFields() throws Exception {
    JsonNode valid = Fixtures.MAPPER.readTree("{\"payload\":\"aGVsbG8=\",\"attributes\":"
        + "[{\"key\":\"a\",\"value\":\"b\"}],\"publish_time\":\"2024-05-01T12:00:00Z\"}");
    assertEquals(List.of(), schema.validate(valid));
    assertEquals(1, schema.validate(Fixtures.MAPPER.readTree("{\"payload\": 1}")).size());
  }
}
