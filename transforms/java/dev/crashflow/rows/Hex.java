package dev.crashflow.rows;

/** Parses the hex address strings of the Sentry model ({@code 0x1a2b}, or decimal digits). */
public final class Hex {
  private Hex() {}

  /** The value, or null when absent or unparseable (addresses beyond 2^63 keep their low bits). */
  public static Long parse(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    try {
      if (s.startsWith("0x") || s.startsWith("0X")) {
        return Long.parseUnsignedLong(s.substring(2), 16);
      }
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
