package dev.crashflow.crashtext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Fixture reports under {@code src/test/resources/crashtext/} and small JSON helpers. */
final class CrashTexts {
  /** The fallback time tests parse with: in 2024, so logcat lines take that year. */
  static final Instant FALLBACK = Instant.parse("2024-06-01T00:00:00Z");
  static final List<String> GOOD = List.of("tombstone-arm64.txt", "tombstone-arm32-abort.txt",
      "logcat-crash.txt", "tombstone-truncated.txt", "ios-crash.ips", "ios-nsexception.ips",
      "ios14-nsexception.crash", "macos11-segv.crash");

  private CrashTexts() {}

  static String text(String name) {
    try (InputStream in = CrashTexts.class.getClassLoader()
        .getResourceAsStream("crashtext/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture crashtext/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CrashTextParser.Result parse(String name) throws CrashTextException {
    return new CrashTextParser(null, FALLBACK).parse(text(name), null);
  }

  /** The only event of a fixture. */
  static ObjectNode event(String name) throws CrashTextException {
    List<ObjectNode> events = parse(name).events();
    if (events.size() != 1) {
      throw new AssertionError(name + " has " + events.size() + " events");
    }
    return events.get(0);
  }

  static JsonNode exception(JsonNode event) {
    return event.get("exception").get("values").get(0);
  }

  /** The exception's frames, caller first as in the event. */
  static List<JsonNode> frames(JsonNode event) {
    List<JsonNode> out = new ArrayList<>();
    exception(event).get("stacktrace").get("frames").forEach(out::add);
    return out;
  }

  static List<String> functions(List<JsonNode> frames) {
    return frames.stream().map(f -> f.path("function").asText(null)).toList();
  }

  /** The debug_meta image whose code_file ends with {@code suffix}. */
  static JsonNode image(JsonNode event, String suffix) {
    for (JsonNode i : event.get("debug_meta").get("images")) {
      if (i.path("code_file").asText().endsWith(suffix)) {
        return i;
      }
    }
    throw new AssertionError("no image " + suffix + " in " + event.get("debug_meta"));
  }

  static long addr(JsonNode n, String field) {
    return Long.parseUnsignedLong(n.get(field).asText().substring(2), 16);
  }
}
