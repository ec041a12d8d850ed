package dev.crashflow.transforms;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.joda.time.Duration;

/** Parses the duration strings of crashflow's options: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 6h}, {@code 3d}. */
public final class Durations {
  private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  public static Duration parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration: '" + text
          + "' (use a number and a unit: ms, s, m, h or d, e.g. 30s, 10m, 3d)");
    }
    long n = Long.parseLong(m.group(1));
    switch (m.group(2)) {
      case "ms": return Duration.millis(n);
      case "s": return Duration.standardSeconds(n);
      case "m": return Duration.standardMinutes(n);
      case "h": return Duration.standardHours(n);
      default: return Duration.standardDays(n);
    }
  }

  public static java.time.Duration parseJava(String text) {
    return java.time.Duration.ofMillis(parse(text).getMillis());
  }
}
