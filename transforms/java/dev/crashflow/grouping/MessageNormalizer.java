package dev.crashflow.grouping;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces the variable parts of an error message (numbers, hex, UUIDs, IPs, emails, URLs, dates,
 * quoted values) with placeholders, so "Item 3141 not found" and "Item 27 not found" group
 * together. Only the first two lines count. All patterns are linear (no nested quantifiers).
 */
public final class MessageNormalizer {
  private static final Pattern[] PATTERNS = {
    Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s'\"]+"),
    Pattern.compile("[\\w.+-]+@[\\w-]+\\.[\\w.-]+"),
    Pattern.compile("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b"),
    Pattern.compile("\\b\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?)?\\b"),
    Pattern.compile("\\b\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\b"),
    Pattern.compile("\\b0[xX][0-9a-fA-F]+\\b"),
    Pattern.compile("\\b[0-9a-fA-F]{16,}\\b"),
    Pattern.compile("'[^'\\n]{0,200}'|\"[^\"\\n]{0,200}\""),
    Pattern.compile("-?\\b\\d+(\\.\\d+)?\\b"),
  };
  private static final String[] PLACEHOLDERS = {
    "<url>", "<email>", "<uuid>", "<date>", "<ip>", "<hex>", "<hex>", "<quoted>", "<int>",
  };

  private MessageNormalizer() {}

  public static String normalize(String message) {
    if (message == null) {
      return "";
    }
    String s = firstLines(message.strip(), 2);
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
