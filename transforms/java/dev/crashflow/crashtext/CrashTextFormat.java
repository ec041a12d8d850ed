package dev.crashflow.crashtext;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The crash text formats crashflow parses. {@link #TOMBSTONE} covers Android tombstones and the
 * same output as it appears in logcat (with logcat's line prefixes); {@link #IPS} covers Apple's
 * iOS 15+ JSON {@code .ips} reports and the older text reports ({@code .crash}, or an {@code .ips}
 * whose body is text), which share one parser entry point because users cannot always tell them
 * apart by file name.
 */
public enum CrashTextFormat {
  TOMBSTONE,
  IPS;

  private static final Pattern FRAME = Pattern.compile("#\\d+\\s+pc\\s+[0-9a-fA-F]{8}");
  private static final Pattern APPLE_TEXT = Pattern.compile(
      "(?m)^(Incident Identifier:|Binary Images:|Exception Type:)");

  /** Parses a {@code --format} value other than {@code auto}, case-insensitively. */
  public static CrashTextFormat of(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown format '" + name
          + "': expected auto, tombstone or ips");
    }
  }

  /**
   * The format of a report from its content, or null when it looks like none of them. A first
   * line that opens a JSON object means {@code .ips}; Apple's text headers mean a legacy report;
   * a backtrace frame ({@code #00 pc ...}) or the tombstone banner means a tombstone.
   */
  public static CrashTextFormat detect(String text) {
    String first = text.stripLeading();
    if (first.startsWith("{")) {
      return IPS;
    }
    if (APPLE_TEXT.matcher(text).find()) {
      return IPS;
    }
    if (text.contains("*** *** ***") || FRAME.matcher(text).find()) {
      return TOMBSTONE;
    }
    return null;
  }
}
