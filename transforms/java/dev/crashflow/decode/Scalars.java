package dev.crashflow.decode;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Scalar normalisation shared by the readers: event ids, timestamps, addresses. */
final class Scalars {
  private Scalars() {}

  /**
   * 32 hex digits (any case) or a dashed UUID, as 32 lowercase hex digits; null if neither.
   */
  static String normaliseEventId(String id) {
    if (id == null) {
      return null;
    }
    String s = id.trim();
    if (s.length() == 36) {
      if (s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-' || s.charAt(23) != '-') {
        return null;
      }
      s = s.substring(0, 8) + s.substring(9, 13) + s.substring(14, 18) + s.substring(19, 23)
          + s.substring(24);
    }
    if (s.length() != 32) {
      return null;
    }
    for (int i = 0; i < 32; i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return null;
      }
    }
    return s.toLowerCase(Locale.ROOT);
  }

  /**
   * A timestamp as epoch milliseconds: a number of Unix seconds (fractional allowed), or an RFC
   * 3339 date-time string (a missing offset means UTC, as Sentry reads it). Sub-millisecond
   * precision is truncated toward the past.
   */
  static long timestampMillis(JsonNode v, String path) throws DecodeException {
    if (v.isNumber()) {
      return secondsToMillis(v.decimalValue(), path);
    }
    if (!v.isTextual()) {
      throw new DecodeException("wrong_type", path + ": expected an RFC 3339 string or Unix"
          + " seconds, got " + v.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    String s = v.asText().trim();
    if (!s.isEmpty() && (Character.isDigit(s.charAt(0)) || s.charAt(0) == '-') && s.indexOf('T') < 0
        && s.indexOf('t') < 0 && s.indexOf(' ') < 0 && s.indexOf(':') < 0) {
      try {
        return secondsToMillis(new BigDecimal(s), path);
      } catch (NumberFormatException e) {
        // falls through to the date-time parser and its message
      }
    }
    return rfc3339Millis(s, path);
  }

  static long rfc3339Millis(String text, String path) throws DecodeException {
    long fast = FastTimestamps.parse(text);
    if (fast != FastTimestamps.NOT_SIMPLE) {
      return fast;
    }
    String s = text.trim();
    if (s.length() > 10 && (s.charAt(10) == ' ' || s.charAt(10) == 't')) {
      s = s.substring(0, 10) + 'T' + s.substring(11);
    }
    s = s.replace('z', 'Z');
    try {
      return OffsetDateTime.parse(s).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli();
      } catch (DateTimeParseException e2) {
        throw new DecodeException("wrong_type", path + ": not an RFC 3339 date-time or Unix seconds: "
            + shorten(text));
      } catch (ArithmeticException e2) {
        throw outOfRange(path, text);
      }
    } catch (ArithmeticException e) {
      throw outOfRange(path, text);
    }
  }

  private static long secondsToMillis(BigDecimal seconds, String path) throws DecodeException {
    try {
      return seconds.movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact();
    } catch (ArithmeticException e) {
      throw outOfRange(path, seconds.toString());
    }
  }

  private static DecodeException outOfRange(String path, String value) {
    return new DecodeException("timestamp_out_of_range", path + ": " + shorten(value)
        + " is outside any representable time");
  }

  /**
   * An address string: {@code 0x..} hex is lowercased; a decimal string (some SDKs send numbers as
   * strings) becomes {@code 0x..} hex; anything else is kept as sent.
   */
  static String address(String text) {
    String s = text.trim();
    if (s.startsWith("0x") || s.startsWith("0X")) {
      return "0x" + s.substring(2).toLowerCase(Locale.ROOT);
    }
    if (!s.isEmpty() && s.length() <= 20 && s.chars().allMatch(Character::isDigit)) {
      return "0x" + new BigInteger(s).toString(16);
    }
    return s;
  }

  static String shorten(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  static String instant(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }

  /** A duration as people and CLI flags write it: {@code 30d}, {@code 12h}, {@code 90s}. */
  static String human(Duration d) {
    long s = d.getSeconds();
    if (s % 86_400 == 0 && s > 0) {
      return s / 86_400 + "d";
    }
    if (s % 3_600 == 0 && s > 0) {
      return s / 3_600 + "h";
    }
    if (s % 60 == 0 && s > 0) {
      return s / 60 + "m";
    }
    return d.toMillis() % 1000 == 0 ? s + "s" : d.toMillis() + "ms";
  }
}
