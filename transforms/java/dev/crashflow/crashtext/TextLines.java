package dev.crashflow.crashtext;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A report split into numbered lines, with logcat's per-line prefixes removed so that a tombstone
 * copied out of {@code adb logcat} parses like the file in {@code /data/tombstones}. Line numbers
 * stay those of the original text, for error messages.
 */
final class TextLines {
  /** {@code threadtime}, {@code -v year}: {@code 05-01 12:00:00.123  1234  1234 F DEBUG : }. */
  private static final Pattern THREADTIME = Pattern.compile(
      "^(?:(\\d{4})-)?(\\d\\d-\\d\\d)\\s+(\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?)\\s+\\d+\\s+\\d+\\s+"
          + "[VDIWEFAS]\\s+[^:]*?\\s*: ?(.*)$");
  /** {@code brief}: {@code F/DEBUG   ( 1234): }. */
  private static final Pattern BRIEF = Pattern.compile("^[VDIWEFAS]/[^(]*\\(\\s*\\d+\\): ?(.*)$");
  /** Android Studio: {@code 2024-05-01 12:00:00.123 12345-12378 DEBUG  pid-12378  A  }. */
  private static final Pattern STUDIO = Pattern.compile(
      "^(\\d{4})-(\\d\\d-\\d\\d)\\s+(\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?)\\s+\\d+-\\d+\\s+\\S+\\s+\\S+"
          + "\\s+[VDIWEFA]\\s+(.*)$");

  /**
   * One line: its 1-based number, its content without any logcat prefix, and the logcat time as
   * {@code [yyyy-]MM-dd HH:mm:ss.SSS} (null when the line had no prefix).
   */
  record Line(int number, String text, String logTime) {}

  private TextLines() {}

  /** The lines of {@code text} (any line ending), prefixes stripped where present. */
  static List<Line> of(String text) {
    String[] raw = text.split("\r\n|\r|\n", -1);
    int n = raw.length;
    if (n > 0 && raw[n - 1].isEmpty()) {
      n--; // a final line ending does not start another line
    }
    List<Line> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(strip(i + 1, raw[i]));
    }
    return out;
  }

  private static Line strip(int number, String s) {
    Matcher m = STUDIO.matcher(s);
    if (m.matches()) {
      return new Line(number, m.group(4), m.group(1) + "-" + m.group(2) + " " + m.group(3));
    }
    m = THREADTIME.matcher(s);
    if (m.matches()) {
      String year = m.group(1) == null ? "" : m.group(1) + "-";
      return new Line(number, m.group(4), year + m.group(2) + " " + m.group(3));
    }
    m = BRIEF.matcher(s);
    if (m.matches()) {
      return new Line(number, m.group(1), "");
    }
    return new Line(number, s, null);
  }
}
