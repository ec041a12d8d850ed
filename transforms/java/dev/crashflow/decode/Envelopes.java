package dev.crashflow.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crashflow.model.RawMessage;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The file form of a message, one per line (see {@code schemas/input/envelope.schema.json}):
 * either a bare Sentry event JSON object, or an envelope {@code {"payload": "<base64>",
 * "attributes": {...}, "message_id": "...", "publish_time": "RFC 3339"}} that carries a Pub/Sub
 * message exactly, so dead letters and archives replay through the same pipeline.
 */
public final class Envelopes {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private Envelopes() {}

  /**
   * A line of an input file: either a bare Sentry event JSON object, or an envelope {@code
   * {"payload": "<base64 of message bytes>", "attributes": {...} or [{"key":..,"value":..}],
   * "message_id": "...", "publish_time": "RFC3339"}} (message_id and publish_time optional; extra
   * fields ignored). Bare lines become {@code RawMessage(lineBytes, {}, null, null)}. A JSON
   * object with a string "payload" field is an envelope; a bad base64 / bad attributes in an
   * envelope => DecodeException("bad_envelope"). Anything else (even non-JSON garbage) is returned
   * as a bare RawMessage so that the decoder dead-letters it with the right reason.
   */
  public static RawMessage parseLine(String line) throws DecodeException {
    if (!hasStringPayload(line)) {
      return RawMessage.of(line.getBytes(StandardCharsets.UTF_8));
    }
    JsonNode env;
    try {
      env = MAPPER.readTree(line);
    } catch (IOException e) {
      throw new DecodeException("bad_envelope", "envelope is not valid JSON: " + e.getMessage(), e);
    }
    byte[] payload;
    try {
      payload = Base64.getDecoder().decode(env.get("payload").asText());
    } catch (IllegalArgumentException e) {
      throw new DecodeException("bad_envelope", "payload is not base64: " + e.getMessage(), e);
    }
    return new RawMessage(payload, attributes(env.get("attributes")),
        text(env, "message_id"), publishTime(env.get("publish_time")));
  }

  /**
   * The envelope line for a message (round-trips exactly with parseLine: payload bytes,
   * attributes, message id, publish time).
   */
  public static String toLine(RawMessage message) {
    StringWriter out = new StringWriter(message.payload().length * 4 / 3 + 128);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("payload", Base64.getEncoder().encodeToString(message.payload()));
      g.writeObjectFieldStart("attributes");
      for (Map.Entry<String, String> a : message.attributes().entrySet()) {
        g.writeStringField(a.getKey(), a.getValue());
      }
      g.writeEndObject();
      if (message.messageId() != null) {
        g.writeStringField("message_id", message.messageId());
      }
      if (message.publishTimeMillis() != null) {
        g.writeStringField("publish_time",
            Instant.ofEpochMilli(message.publishTimeMillis()).toString());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  /**
   * True for a JSON object with a top-level string {@code payload}. Streams over the line without
   * building a tree: bare events (the common case) are parsed in full only once, by the decoder.
   */
  private static boolean hasStringPayload(String line) {
    try (JsonParser p = FACTORY.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String name = p.getCurrentName();
        JsonToken value = p.nextToken();
        if ("payload".equals(name)) {
          return value == JsonToken.VALUE_STRING;
        }
        p.skipChildren();
      }
      return false;
    } catch (IOException e) {
      return false; // not JSON: a bare line, for the decoder to dead-letter as malformed_json
    }
  }

  private static Map<String, String> attributes(JsonNode attrs) throws DecodeException {
    Map<String, String> out = new LinkedHashMap<>();
    if (attrs == null || attrs.isNull()) {
      return out;
    }
    if (attrs.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = attrs.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> a = it.next();
        if (!a.getValue().isTextual()) {
          throw new DecodeException("bad_envelope",
              "attributes." + a.getKey() + ": expected a string");
        }
        out.put(a.getKey(), a.getValue().asText());
      }
      return out;
    }
    if (attrs.isArray()) {
      for (int i = 0; i < attrs.size(); i++) {
        JsonNode a = attrs.get(i);
        if (!a.isObject() || !a.path("key").isTextual() || !a.path("value").isTextual()) {
          throw new DecodeException("bad_envelope",
              "attributes[" + i + "]: expected {\"key\": string, \"value\": string}");
        }
        out.put(a.get("key").asText(), a.get("value").asText());
      }
      return out;
    }
    throw new DecodeException("bad_envelope",
        "attributes: expected an object or a list of {key, value}");
  }

  private static String text(JsonNode env, String field) throws DecodeException {
    JsonNode v = env.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new DecodeException("bad_envelope", field + ": expected a string");
    }
    return v.asText();
  }

  private static Long publishTime(JsonNode v) throws DecodeException {
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new DecodeException("bad_envelope", "publish_time: expected an RFC 3339 string");
    }
    try {
      return OffsetDateTime.parse(v.asText().trim()).toInstant().toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new DecodeException("bad_envelope",
          "publish_time: not an RFC 3339 date-time: " + Scalars.shorten(v.asText()), e);
    }
  }
}
