package dev.crashflow.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crashflow.model.RawMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Test inputs: the fixture events under {@code src/test/resources/decode/} and builders. */
public final class Fixtures {
  public static final ObjectMapper MAPPER = new ObjectMapper();
  /** Receive time used with the fixtures, five minutes after their event time. */
  public static final long RECEIVED = Instant.parse("2024-05-01T12:05:00Z").toEpochMilli();

  private Fixtures() {}

  public static String text(String name) {
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream("decode/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ObjectNode json(String name) {
    try {
      return (ObjectNode) MAPPER.readTree(text(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static RawMessage message(String name) {
    return RawMessage.of(text(name).getBytes(StandardCharsets.UTF_8));
  }

  public static RawMessage message(JsonNode json) {
    return RawMessage.of(bytes(json));
  }

  public static RawMessage message(JsonNode json, Map<String, String> attributes) {
    return new RawMessage(bytes(json), attributes, null, null);
  }

  public static byte[] bytes(JsonNode json) {
    try {
      return MAPPER.writeValueAsBytes(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A minimal valid event: id, time and platform only. */
  public static ObjectNode minimalEvent() {
    ObjectNode e = MAPPER.createObjectNode();
    e.put("event_id", "0123456789abcdef0123456789abcdef");
    e.put("timestamp", "2024-05-01T12:00:00Z");
    e.put("platform", "java");
    return e;
  }

  /** A stack trace of {@code n} frames named {@code f0} (outermost) to {@code f<n-1>} (crash). */
  public static ObjectNode stacktrace(int n) {
    ObjectNode st = MAPPER.createObjectNode();
    ArrayNode frames = st.putArray("frames");
    for (int i = 0; i < n; i++) {
      frames.addObject().put("function", "f" + i).put("module", "m").put("lineno", i + 1);
    }
    return st;
  }
}
