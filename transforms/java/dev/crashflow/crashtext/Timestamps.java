package dev.crashflow.crashtext;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The date formats crash reports print: tombstones' {@code 2024-05-01 12:00:00.123456789+0000},
 * Apple's {@code 2024-05-01 12:00:00.00 +0000}, RFC 3339, and logcat's {@code 05-01 12:00:00.123}
 * (no year, no zone: read as UTC in the year of a reference time).
 */
final class Timestamps {
  private static final Pattern DATE_TIME = Pattern.compile(
      "(\\d{4})-(\\d\\d)-(\\d\\d)[ T](\\d\\d):(\\d\\d):(\\d\\d)(?:\\.(\\d{1,9}))?\\s*"
          + "(Z|[+-]\\d\\d:?\\d\\d)?");
  private static final Pattern LOGCAT = Pattern.compile(
      "(?:(\\d{4})-)?(\\d\\d)-(\\d\\d) (\\d\\d):(\\d\\d):(\\d\\d)(?:\\.(\\d{1,9}))?");

  private Timestamps() {}

  /** The instant a full date-time denotes (no offset means UTC), or null when it is not one. */
  static Instant parse(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = DATE_TIME.matcher(text.trim());
    if (!m.lookingAt()) {
      return null;
    }
    return instant(m.group(1), m, offsetSeconds(m.group(8)));
  }

  /** A logcat time, in the year of {@code reference} unless the line carried one. */
  static Instant parseLogcat(String text, Instant reference) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    Matcher m = LOGCAT.matcher(text);
    if (!m.matches()) {
      return null;
    }
    String year = m.group(1) != null ? m.group(1)
        : Integer.toString(reference.atOffset(ZoneOffset.UTC).getYear());
    return instant(year, m, 0);
  }

  private static Instant instant(String year, Matcher m, Integer offset) {
    if (offset == null) {
      return null;
    }
    try {
      String fraction = m.group(7) == null ? "0" : m.group(7);
      int nanos = Integer.parseInt((fraction + "000000000").substring(0, 9));
      LocalDateTime t = LocalDateTime.of(Integer.parseInt(year), Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
          Integer.parseInt(m.group(6)), nanos);
      return t.toInstant(ZoneOffset.ofTotalSeconds(offset));
    } catch (DateTimeException | NumberFormatException e) {
      return null;
    }
  }

  /** Seconds east of UTC for {@code Z}, {@code +hhmm} or {@code +hh:mm}; 0 when absent. */
  private static Integer offsetSeconds(String zone) {
    if (zone == null || zone.equals("Z")) {
      return 0;
    }
    String digits = zone.replace(":", "");
    int hours = Integer.parseInt(digits.substring(1, 3));
    int minutes = Integer.parseInt(digits.substring(3, 5));
    if (hours > 18 || minutes > 59) {
      return null;
    }
    int seconds = hours * 3600 + minutes * 60;
    return digits.charAt(0) == '-' ? -seconds : seconds;
  }
}
