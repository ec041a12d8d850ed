package dev.crashflow.decode;

import static dev.crashflow.decode.Fixtures.RECEIVED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.RawMessage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Holds the input contract in {@code schemas/input/} and the decoder in step: the fields the
 * decoder reads are exactly the fields the schemas declare, every fixture validates, and the
 * maximal sample's every field shows up in the decoded event.
 */
class InputSchemaTest {
  private static final List<String> EVENT_FIXTURES = List.of("android-java.json",
      "android-ndk.json", "ios-cocoa.json", "unity-csharp.json", "maximal-event.json",
      "alternate-forms-event.json");

  private final JsonSchemaSubset eventSchema = JsonSchemaSubset.load("schemas/input/event.schema.json");
  private final JsonSchemaSubset sessionSchema =
      JsonSchemaSubset.load("schemas/input/session.schema.json");
  private final EventDecoder decoder = new EventDecoder(DecodeLimits.defaults());

  @Test
  void topLevelFieldsEqualTheSchemaProperties() {
    assertEquals(new TreeSet<>(EventDecoder.TOP_LEVEL_FIELDS), eventSchema.topLevelProperties());
    assertEquals(new TreeSet<>(EventDecoder.SESSION_FIELDS), sessionSchema.topLevelProperties());
  }

  @Test
  void contextFieldsEqualTheSchemaContexts() {
    Map<String, Set<String>> fromSchema = new TreeMap<>();
    for (String p : eventSchema.propertyPaths()) {
      String[] parts = p.split("\\.");
      if (parts.length == 3 && parts[0].equals("contexts")) {
        fromSchema.computeIfAbsent(parts[1], k -> new TreeSet<>()).add(parts[2]);
      }
    }
    Map<String, Set<String>> fromDecoder = new TreeMap<>();
    EventDecoder.CONTEXT_FIELDS.forEach((k, v) -> fromDecoder.put(k, new TreeSet<>(v)));
    assertEquals(fromDecoder, fromSchema);
  }

  @Test
  void everyFixtureValidatesAgainstItsSchema() {
    for (String f : EVENT_FIXTURES) {
      assertEquals(List.of(), eventSchema.validate(Fixtures.json(f)), f);
    }
    assertEquals(List.of(), sessionSchema.validate(Fixtures.json("session.json")));
  }

  @Test
  void theSchemaRejectsWhatTheDecoderRejects() {
    assertFalse(eventSchema.validate(Fixtures.minimalEvent().put("exception", "boom")).isEmpty());
    assertFalse(eventSchema.validate(Fixtures.minimalEvent().put("event_id", "nope")).isEmpty());
    JsonNode noPlatform = Fixtures.minimalEvent().without("platform");
    assertFalse(eventSchema.validate(noPlatform).isEmpty());
    assertFalse(sessionSchema.validate(Fixtures.json("session.json").put("status", "paused"))
        .isEmpty());
  }

  /**
   * Decoding the maximal sample and the alternate-forms sample reads every path the schema
   * declares, and nothing else: no documented field is ignored, no undocumented one is read.
   */
  @Test
  void decoderReadsExactlyTheSchemaPaths() throws Exception {
    Set<String> read = new TreeSet<>();
    for (String f : List.of("maximal-event.json", "alternate-forms-event.json")) {
      decoder.decode(Fixtures.message(f), RECEIVED, read);
    }
    assertSamePaths(eventSchema.propertyPaths(), read);

    Set<String> sessionRead = new TreeSet<>();
    decoder.decode(Fixtures.message("session.json"), RECEIVED, sessionRead);
    assertSamePaths(sessionSchema.propertyPaths(), sessionRead);
  }

  private static void assertSamePaths(Set<String> declared, Set<String> read) {
    Set<String> ignored = new TreeSet<>(declared);
    ignored.removeAll(read);
    Set<String> undeclared = new TreeSet<>(read);
    undeclared.removeAll(declared);
    assertEquals("", (ignored.isEmpty() ? "" : "declared but not read: " + ignored)
        + (undeclared.isEmpty() ? "" : " read but not declared: " + undeclared));
  }

  @Test
  void everyFixtureOnlyReadsDeclaredPaths() throws Exception {
    Set<String> declared = eventSchema.propertyPaths();
    for (String f : EVENT_FIXTURES) {
      Set<String> read = new TreeSet<>();
      decoder.decode(Fixtures.message(f), RECEIVED, read);
      Set<String> undeclared = read.stream().filter(p -> !declared.contains(p))
          .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(Set.of(), undeclared, f);
    }
  }

  /** Every field of the maximal sample is reflected somewhere in the decoded event. */
  @Test
  void maximalSampleFillsEveryModelField() throws Exception {
    RawMessage m = Fixtures.message("maximal-event.json");
    CrashEvent e = decoder.decode(m, RECEIVED).event();
    // grouping comes later in the pipeline; email and IP are scrubbed (see PiiScrubber tests).
    assertNoNullComponents(e, "event", Set.of("grouping", "email", "ipAddress"));
    assertEquals("warning", e.level());
    assertEquals("IOS", e.platform(), "iPadOS is IOS");
    assertEquals("com.example.max", e.app().appId(), "release wins over contexts.app");
    assertEquals("655", e.app().build(), "dist wins");
    assertEquals("Apple M1", e.engine().processorType(), "processor_type over cpu_description");
    assertEquals(true, e.engine().debugBuild(), "DeveloperBuild");
    assertEquals("2023.2.1f1", e.engine().engineVersion(), "unity_version over editor_version");
    assertEquals(7L, e.exceptions().get(0).threadId(), "numeric string");
    assertEquals(-6, e.exceptions().get(0).mechanism().signalCode());
    assertEquals("0x1000", e.exceptions().get(0).mechanism().faultAddress());
    assertEquals("0x7f00001234", e.exceptions().get(0).frames().get(0).instructionAddr());
    assertEquals("0x" + Long.toHexString(548682072576L), e.exceptions().get(0).frames().get(0).symbolAddr(),
        "decimal string address");
    assertEquals("formatted text", e.message());
    assertEquals(1000L, e.device().freeMemory());
    assertEquals(Map.of("host", "[ip]", "attempt", "3", "ok", "false", "extra", "{\"a\":[1,2]}"),
        e.breadcrumbs().get(0).data());
    assertEquals("error", e.breadcrumbs().get(0).level());
  }

  /** Fails naming the first null record component (recursing into model records and lists). */
  private static void assertNoNullComponents(Object o, String path, Set<String> allowed)
      throws Exception {
    assertNotNull(o, path);
    if (!o.getClass().isRecord() || !o.getClass().getPackageName().equals("dev.crashflow.model")) {
      if (o instanceof List<?> list) {
        assertFalse(list.isEmpty(), path + " is empty");
        for (int i = 0; i < list.size(); i++) {
          assertNoNullComponents(list.get(i), path + "[" + i + "]", allowed);
        }
      }
      return;
    }
    for (var c : o.getClass().getRecordComponents()) {
      String p = path + "." + c.getName();
      if (allowed.contains(c.getName())) {
        continue;
      }
      if (c.getName().equals("missingDebugIds")) {
        assertTrue(((List<?>) c.getAccessor().invoke(o)).isEmpty());
        continue;
      }
      assertNoNullComponents(c.getAccessor().invoke(o), p, allowed);
    }
  }
}
