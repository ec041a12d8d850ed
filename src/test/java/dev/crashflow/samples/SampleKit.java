package dev.crashflow.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Deterministic building blocks for the sample corpus: one seeded {@link Random} for everything
 * that varies per event, seed-derived hashes for identifiers that must stay fixed per build
 * (build ids, debug ids, mapping uuids), and terse JSON constructors.
 */
final class SampleKit {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DOTNET =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'+00:00'").withZone(ZoneOffset.UTC);

  final long seed;
  final Random rng;

  SampleKit(long seed) {
    this.seed = seed;
    this.rng = new Random(seed);
  }

  int between(int lo, int hiInclusive) {
    return lo + rng.nextInt(hiInclusive - lo + 1);
  }

  boolean chance(double p) {
    return rng.nextDouble() < p;
  }

  <T> T pick(List<T> xs) {
    return xs.get(rng.nextInt(xs.size()));
  }

  /** Random lowercase hex of the given length. */
  String hex(int digits) {
    StringBuilder sb = new StringBuilder(digits);
    for (int i = 0; i < digits; i++) {
      sb.append(Character.forDigit(rng.nextInt(16), 16));
    }
    return sb.toString();
  }

  String eventId() {
    return hex(32);
  }

  String uuid() {
    return dashed(hex(32));
  }

  /** Base64url-ish random token, like the segments of Android's randomised install paths. */
  String token(int length) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(rng.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  /** Hex derived from the seed and a key, so build ids do not shift when event counts change. */
  String stableHex(String key, int digits) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] h = sha.digest((seed + ":" + key).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h).substring(0, digits);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  String stableUuid(String key) {
    return dashed(stableHex(key, 32));
  }

  static String dashed(String hex32) {
    return hex32.substring(0, 8) + "-" + hex32.substring(8, 12) + "-" + hex32.substring(12, 16)
        + "-" + hex32.substring(16, 20) + "-" + hex32.substring(20);
  }

  /**
   * The Sentry debug id of an ELF image from its GNU build-id: the first 16 bytes with the
   * first three fields byte-swapped (the little-endian GUID layout Breakpad uses).
   */
  static String elfDebugId(String buildIdHex) {
    String b = buildIdHex.substring(0, 32);
    String swapped = swap(b.substring(0, 8)) + swap(b.substring(8, 12)) + swap(b.substring(12, 16))
        + b.substring(16);
    return dashed(swapped);
  }

  private static String swap(String hex) {
    StringBuilder sb = new StringBuilder();
    for (int i = hex.length() - 2; i >= 0; i -= 2) {
      sb.append(hex, i, i + 2);
    }
    return sb.toString();
  }

  static String addr(long value) {
    return "0x" + Long.toHexString(value);
  }

  static String isoMillis(Instant t) {
    return MILLIS.format(t);
  }

  static String isoMicros(Instant t) {
    return MICROS.format(t);
  }

  static String isoDotnet(Instant t) {
    return DOTNET.format(t);
  }

  /** Unix seconds with millisecond precision, written without an exponent. */
  static BigDecimal unixSeconds(Instant t) {
    return BigDecimal.valueOf(t.toEpochMilli(), 3);
  }

  /** An object from key/value pairs; null values are left out, as SDKs omit unset fields. */
  static ObjectNode obj(Object... kv) {
    ObjectNode o = NODES.objectNode();
    for (int i = 0; i < kv.length; i += 2) {
      Object v = kv[i + 1];
      if (v != null) {
        o.set((String) kv[i], node(v));
      }
    }
    return o;
  }

  static ArrayNode arr(Object... items) {
    ArrayNode a = NODES.arrayNode();
    for (Object item : items) {
      a.add(node(item));
    }
    return a;
  }

  static ArrayNode arr(List<? extends JsonNode> items) {
    ArrayNode a = NODES.arrayNode();
    a.addAll(items);
    return a;
  }

  private static JsonNode node(Object v) {
    if (v instanceof JsonNode n) {
      return n;
    } else if (v instanceof String s) {
      return NODES.textNode(s);
    } else if (v instanceof Integer i) {
      return NODES.numberNode(i);
    } else if (v instanceof Long l) {
      return NODES.numberNode(l);
    } else if (v instanceof Boolean b) {
      return NODES.booleanNode(b);
    } else if (v instanceof BigDecimal d) {
      return NODES.numberNode(d);
    }
    throw new IllegalArgumentException("unsupported JSON value " + v.getClass());
  }

  static byte[] bytes(JsonNode n) {
    try {
      return JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] gzip(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
