package dev.crashflow.grouping;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces the variable parts of an error message with placeholders, so "Item 3141 not found" and
 * "Item 27 not found" group together: URLs, emails, UUIDs, dates and times (ISO 8601, RFC 1123,
 * {@code Date.toString()}, numeric forms), IPv4 (with port) and IPv6 addresses, hex numbers and
 * long hex ids, Java identity hashes ({@code Foo@1b6d3586}), quoted values, and numbers. Only the
 * first two lines and first {@value #MAX_CHARS} characters count; the patterns are fixed and
 * bounded, so a hostile message costs at most linear time in that prefix.
 */
public final class MessageNormalizer {
  static final int MAX_CHARS = 1024;
  private static final String DAY = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
  private static final String MONTH = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
  private static final Pattern[] PATTERNS = {
    Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s'\"<>]+"),
    Pattern.compile("[\\w.+-]+@[\\w-]+\\.[\\w.-]*[A-Za-z]"),
    Pattern.compile("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b"),
    Pattern.compile("\\b\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?"
        + "(?:Z|[+-]\\d{2}:?\\d{2})?)?\\b"
        + "|" + DAY + ",? \\d{1,2} " + MONTH + " \\d{4} \\d{2}:\\d{2}:\\d{2}(?: [A-Z]{1,5}|[+-]\\d{4})?"
        + "|" + DAY + " " + MONTH + " \\d{1,2} \\d{2}:\\d{2}:\\d{2} [A-Za-z]{1,5} \\d{4}"
        + "|\\b\\d{4}/\\d{2}/\\d{2}\\b|\\b\\d{1,2}[/.]\\d{1,2}[/.]\\d{4}\\b"),
    Pattern.compile("\\b\\d{1,2}:\\d{2}:\\d{2}(?:[.,]\\d{1,9})?\\b"),
    Pattern.compile("\\b\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}(?::\\d{1,5})?\\b"),
    Pattern.compile("(?<![\\w:.])(?=[0-9a-fA-F:]{0,39}\\d)(?=(?:[0-9a-fA-F]{0,4}:){2})"
        + "[0-9a-fA-F:]{3,39}(?![\\w:])"),
    Pattern.compile("\\b0[xX][0-9a-fA-F]+\\b"),
    Pattern.compile("(?<=[\\w$]@)[0-9a-fA-F]{4,16}\\b"),
    Pattern.compile("\\b(?=[0-9a-fA-F]{0,64}\\d)(?=[0-9a-fA-F]{0,64}[a-fA-F])[0-9a-fA-F]{8,64}\\b"
        + "|\\b[0-9a-fA-F]{16,}\\b"),
    Pattern.compile("(?<!\\w)(?:'[^'\\n]{0,200}'|\"[^\"\\n]{0,200}\"|`[^`\\n]{0,200}`)(?!\\w)"),
    Pattern.compile("(?<![\\w.-])-?\\d+(?:\\.\\d+)*"),
  };
  private static final String[] PLACEHOLDERS = {
    "<url>", "<email>", "<uuid>", "<date>", "<time>", "<ip>", "<ip>", "<hex>", "<hex>", "<hex>",
    "<quoted>", "<int>",
  };

  private MessageNormalizer() {}

  /** The message as it counts for grouping; empty for null. */
  public static String normalize(String message) {
    if (message == null) {
      return "";
    }
    String s = firstLines(message.strip(), 2);
    if (s.length() > MAX_CHARS) {
      s = s.substring(0, MAX_CHARS);
    }
    for (int i = 0; i < PATTERNS.length; i++) {
      Matcher m = PATTERNS[i].matcher(s);
      if (m.find()) {
        s = m.replaceAll(PLACEHOLDERS[i]);
      }
    }
    return s;
  }

  /** The first {@code n} lines of a text. */
  public static String firstLines(String s, int n) {
    int end = -1;
    for (int i = 0; i < n; i++) {
      end = s.indexOf('\n', end + 1);
      if (end < 0) {
        return s;
      }
    }
    return s.substring(0, end).stripTrailing();
  }
}
