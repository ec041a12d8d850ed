package dev.crashflow.decode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.RawMessage;
import dev.crashflow.model.SessionUpdate;
import java.io.IOException;
import java.io.Serializable;
import java.util.Map;
import java.util.Set;

/**
 * Decodes one raw message (a Sentry event or session update, maybe gzip) into the canonical
 * model, or fails with a {@link DecodeException} whose reason says why. Plain Java, no Beam:
 * {@code DecodeCrashEvent} wraps it.
 *
 * <p>The accepted input is documented in {@code schemas/input/*.json}; {@link #TOP_LEVEL_FIELDS},
 * {@link #CONTEXT_FIELDS} and {@link #SESSION_FIELDS} list what this class reads, and a test holds
 * them equal to the schemas.
 */
public final class EventDecoder implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Top-level event fields read. */
  public static final Set<String> TOP_LEVEL_FIELDS = Set.of(
      "event_id", "timestamp", "platform", "level", "release", "dist", "environment", "tags",
      "fingerprint", "exception", "threads", "debug_meta", "contexts", "user", "sdk",
      "breadcrumbs", "logentry", "message");

  /** Context objects read ({@code contexts.<name>}) and the fields read in each. */
  public static final Map<String, Set<String>> CONTEXT_FIELDS = ContextReader.CONTEXT_FIELDS;

  /** Top-level session fields read. */
  public static final Set<String> SESSION_FIELDS = Set.of(
      "sid", "did", "init", "started", "timestamp", "status", "errors", "duration", "attrs");

  /** Message attributes honoured (see {@code schemas/input/attributes.json}). */
  public static final Set<String> ATTRIBUTES = Set.of("item_type", "app_id", "event_id", "platform");

  private final DecodeLimits limits;
  private transient ObjectMapper mapper;

  public EventDecoder(DecodeLimits limits) {
    this.limits = java.util.Objects.requireNonNull(limits, "limits");
  }

  /**
   * Decodes a message.
   *
   * @param receivedMillis when crashflow received the message (publish time if known, else now);
   *     used for the age/skew range check and {@code CrashEvent.receivedMillis}.
   */
  public Decoded decode(RawMessage message, long receivedMillis) throws DecodeException {
    return decode(message, receivedMillis, null);
  }

  /** As {@link #decode(RawMessage, long)}, recording every field path read into {@code trace}. */
  Decoded decode(RawMessage message, long receivedMillis, Set<String> trace)
      throws DecodeException {
    byte[] bytes = Payloads.inflate(message.payload(), limits);
    JsonNode root = parse(bytes, Payloads.checkUtf8(bytes));
    if (!root.isObject()) {
      throw new DecodeException("wrong_type",
          "top level: expected an object, got " + root.getNodeType().name().toLowerCase());
    }
    JsonObj obj = JsonObj.root(root, trace);
    if (isSession(message, root)) {
      SessionUpdate s = new SessionReader(limits).read(obj, message, receivedMillis);
      return new Decoded(null, s);
    }
    CrashEvent e = new EventReader(limits).read(obj, message, receivedMillis);
    return new Decoded(e, null);
  }

  private static boolean isSession(RawMessage message, JsonNode root) throws DecodeException {
    String type = message.attribute("item_type");
    if (type == null) {
      return root.hasNonNull("sid") && !root.hasNonNull("event_id");
    }
    switch (type) {
      case "event":
        return false;
      case "session":
        return true;
      default:
        throw new DecodeException("unsupported_item_type", "item_type attribute is \""
            + Scalars.shorten(type) + "\"; supported: event, session");
    }
  }

  /**
   * Parses checked UTF-8 from {@code start} (past a byte-order mark). Jackson reads the bytes
   * directly: decoding them into characters first cost a copy twice their size and Jackson's
   * slower character parser.
   */
  private JsonNode parse(byte[] bytes, int start) throws DecodeException {
    try {
      JsonNode root = mapper().readTree(bytes, start, bytes.length - start);
      if (root == null || root.isMissingNode()) {
        throw new DecodeException("malformed_json", "payload is empty");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new DecodeException("malformed_json", e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
              + " column " + e.getLocation().getColumnNr()), e);
    } catch (IOException e) {
      throw new DecodeException("malformed_json", String.valueOf(e.getMessage()), e);
    }
  }

  private ObjectMapper mapper() {
    if (mapper == null) {
      mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
    return mapper;
  }

  /** Rejects event times too far before or after the receive time. */
  static void checkRange(long eventMillis, long receivedMillis, DecodeLimits limits, String what)
      throws DecodeException {
    long oldest = saturatedAdd(receivedMillis, -saturatedMillis(limits.maxEventAge()));
    long newest = saturatedAdd(receivedMillis, saturatedMillis(limits.maxFutureSkew()));
    if (eventMillis < oldest) {
      throw new DecodeException("timestamp_out_of_range", what + " time "
          + Scalars.instant(eventMillis) + " is more than " + Scalars.human(limits.maxEventAge())
          + " before its received time " + Scalars.instant(receivedMillis)
          + "; raise --maxEventAge to accept older " + what + "s");
    }
    if (eventMillis > newest) {
      throw new DecodeException("timestamp_out_of_range", what + " time "
          + Scalars.instant(eventMillis) + " is more than " + Scalars.human(limits.maxFutureSkew())
          + " after its received time " + Scalars.instant(receivedMillis)
          + "; raise --maxFutureSkew to accept clocks further ahead");
    }
  }

  private static long saturatedMillis(java.time.Duration d) {
    try {
      return d.toMillis();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    // Overflow only when both operands share a sign that the result lacks.
    return ((a ^ r) & (b ^ r)) < 0 ? (b < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
  }
}
