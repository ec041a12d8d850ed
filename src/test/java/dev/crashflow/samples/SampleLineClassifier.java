package dev.crashflow.samples;

import static dev.crashflow.samples.SampleCorpusFacts.BAD_ENVELOPE;
import static dev.crashflow.samples.SampleCorpusFacts.BAD_GZIP;
import static dev.crashflow.samples.SampleCorpusFacts.GZIP_BOMB;
import static dev.crashflow.samples.SampleCorpusFacts.INVALID_EVENT_ID;
import static dev.crashflow.samples.SampleCorpusFacts.INVALID_UTF8;
import static dev.crashflow.samples.SampleCorpusFacts.MALFORMED_JSON;
import static dev.crashflow.samples.SampleCorpusFacts.MISSING_FIELD;
import static dev.crashflow.samples.SampleCorpusFacts.TIMESTAMP_OUT_OF_RANGE;
import static dev.crashflow.samples.SampleCorpusFacts.TOO_MANY_FRAMES;
import static dev.crashflow.samples.SampleCorpusFacts.WRONG_TYPE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * An independent reading of the corpus with the documented decoder rules, so the corpus facts
 * are checked against the file rather than against the generator's own bookkeeping. It is a
 * test oracle, not the pipeline's decoder. Stateful: it remembers event ids to spot duplicates.
 */
final class SampleLineClassifier {
  static final int MAX_DECOMPRESSED = 1024 * 1024;
  static final int MAX_FRAMES = 10_000;
  static final Duration MAX_FUTURE = Duration.ofDays(1);
  private static final Pattern EVENT_ID = Pattern.compile("[0-9a-f]{32}");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a line is; {@code event} is set for good events and their duplicates. */
  record Verdict(String kind, JsonNode envelope, JsonNode event, byte[] payload, Instant publish,
      Instant eventTime) {}

  private final Set<String> seen = new HashSet<>();

  Verdict classify(String line) {
    JsonNode env;
    try {
      env = JSON.readTree(line);
    } catch (IOException e) {
      return bad(MALFORMED_JSON, null); // not JSON: a bare payload, which the decoder rejects
    }
    if (env == null || !env.path("payload").isTextual() || !env.path("publish_time").isTextual()) {
      return bad(BAD_ENVELOPE, env);
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(env.get("payload").asText());
    } catch (IllegalArgumentException e) {
      return bad(BAD_ENVELOPE, env);
    }
    Instant publish = Instant.parse(env.get("publish_time").asText());
    byte[] payload = bytes;
    if (bytes.length > 1 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
      try {
        payload = gunzip(bytes);
      } catch (IOException e) {
        return bad(BAD_GZIP, env);
      }
      if (payload.length > MAX_DECOMPRESSED) {
        long total;
        try {
          total = inflatedSize(bytes, 64L * MAX_DECOMPRESSED);
        } catch (IOException e) {
          return bad(BAD_GZIP, env);
        }
        return bad(total / bytes.length > 100 ? GZIP_BOMB : "too_large", env);
      }
    }
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload));
    } catch (CharacterCodingException e) {
      return bad(INVALID_UTF8, env);
    }
    JsonNode event;
    try {
      event = JSON.readTree(payload);
    } catch (IOException e) {
      return bad(MALFORMED_JSON, env);
    }
    if (event == null || !event.isObject()) {
      return bad(WRONG_TYPE, env);
    }
    if ("session".equals(env.path("attributes").path("item_type").asText())) {
      boolean complete = event.path("sid").isTextual() && event.path("status").isTextual()
          && event.path("started").isTextual() && event.path("timestamp").isTextual();
      return new Verdict(complete ? SampleCorpusGenerator.SESSION : MISSING_FIELD, env, event,
          payload, publish, complete ? Instant.parse(event.get("timestamp").asText()) : null);
    }
    if (!event.has("event_id") || !event.has("platform") || !event.has("timestamp")) {
      return bad(MISSING_FIELD, env);
    }
    if (!EVENT_ID.matcher(event.get("event_id").asText()).matches()) {
      return bad(INVALID_EVENT_ID, env);
    }
    if (event.has("exception") && !event.get("exception").isObject()
        || event.has("threads") && !event.get("threads").isObject()) {
      return bad(WRONG_TYPE, env);
    }
    if (maxFrames(event) > MAX_FRAMES) {
      return bad(TOO_MANY_FRAMES, env);
    }
    Instant time = eventTime(event.get("timestamp"));
    if (time.isAfter(publish.plus(MAX_FUTURE))) {
      return bad(TIMESTAMP_OUT_OF_RANGE, env);
    }
    String kind = seen.add(event.get("event_id").asText()) ? SampleCorpusGenerator.EVENT
        : SampleCorpusGenerator.DUPLICATE;
    return new Verdict(kind, env, event, payload, publish, time);
  }

  /** The longest stack trace among exceptions and threads. */
  static int maxFrames(JsonNode event) {
    int max = 0;
    for (String part : new String[] {"exception", "threads"}) {
      for (JsonNode v : event.path(part).path("values")) {
        max = Math.max(max, v.path("stacktrace").path("frames").size());
      }
    }
    return max;
  }

  static Instant eventTime(JsonNode ts) {
    if (ts.isNumber()) {
      return Instant.ofEpochMilli(ts.decimalValue().movePointRight(3).longValue());
    }
    return OffsetDateTime.parse(ts.asText()).toInstant();
  }

  static byte[] gunzip(byte[] gz) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      // Stop just past the limit: a bomb must not be inflated in full.
      while ((n = in.read(buf)) > 0 && out.size() <= MAX_DECOMPRESSED) {
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    }
  }

  /** Inflated size, counted without keeping the bytes, up to {@code cap}. */
  static long inflatedSize(byte[] gz, long cap) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      byte[] buf = new byte[8192];
      long total = 0;
      int n;
      while (total <= cap && (n = in.read(buf)) > 0) {
        total += n;
      }
      return total;
    }
  }

  private static Verdict bad(String reason, JsonNode env) {
    return new Verdict(reason, env, null, null, null, null);
  }
}
