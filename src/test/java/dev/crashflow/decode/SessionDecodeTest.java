package dev.crashflow.decode;

import static dev.crashflow.decode.Fixtures.RECEIVED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crashflow.model.AppInfo;
import dev.crashflow.model.RawMessage;
import dev.crashflow.model.SessionUpdate;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Release-health session updates decode into {@link SessionUpdate}. */
class SessionDecodeTest {
  private final EventDecoder decoder = new EventDecoder(DecodeLimits.defaults());

  private SessionUpdate decode(RawMessage m) throws DecodeException {
    Decoded d = decoder.decode(m, RECEIVED);
    assertNull(d.event());
    return d.session();
  }

  @Test
  void sessionWithoutItemTypeIsRecognisedBySidAndNormalised() throws Exception {
    RawMessage m = Fixtures.message(Fixtures.json("session.json"),
        Map.of("platform", "android"));
    SessionUpdate s = decode(m);
    assertEquals(new SessionUpdate("7c7b6a5f-4e3d-4c2b-9a1f-0e9d8c7b6a59", "installation-42", true,
        Instant.parse("2024-05-01T11:50:00Z").toEpochMilli(),
        Instant.parse("2024-05-01T12:00:00Z").toEpochMilli(), RECEIVED, "crashed", 1, 600.5,
        "com.example.puzzle@2.4.1+2041", "production",
        new AppInfo("com.example.puzzle", "2.4.1", "2041", null, null), "ANDROID", m), s);
  }

  @Test
  void itemTypeAttributeDecidesEvenWithAnEventId() throws Exception {
    ObjectNode json = Fixtures.json("session.json").put("event_id", "0123456789abcdef0123456789abcdef");
    SessionUpdate s = decode(Fixtures.message(json, Map.of("item_type", "session")));
    assertEquals("crashed", s.status());
  }

  @Test
  void startedOnlySessionUsesItForBothTimesAndDefaults() throws Exception {
    ObjectNode json = Fixtures.MAPPER.createObjectNode().put("sid", "s-1").put("status", "ok")
        .put("started", 1714564800.25);
    RawMessage m = Fixtures.message(json, Map.of("platform", "IOS", "app_id", "com.example.a"));
    SessionUpdate s = decode(m);
    assertEquals(1714564800250L, s.startedMillis());
    assertEquals(1714564800250L, s.timestampMillis());
    assertEquals(0, s.errors());
    assertEquals(false, s.init());
    assertNull(s.durationSeconds());
    assertNull(s.distinctId());
    assertEquals("IOS", s.platform());
    assertEquals(new AppInfo("com.example.a", null, null, null, null), s.app());
  }

  @Test
  void unknownOrMissingPlatformAttributeIsUnknown() throws Exception {
    assertEquals("UNKNOWN", decode(Fixtures.message(Fixtures.json("session.json"))).platform());
    assertEquals("UNKNOWN", decode(Fixtures.message(Fixtures.json("session.json"),
        Map.of("platform", "symbian"))).platform());
  }

  @Test
  void gzipSessionDecodes() throws Exception {
    byte[] gz = Fixtures.gzip(Fixtures.bytes(Fixtures.json("session.json")));
    assertEquals("installation-42", decode(RawMessage.of(gz)).distinctId());
  }
}
