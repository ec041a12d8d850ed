package dev.crashflow.decode;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks email addresses as {@code [email]} and IPv4/IPv6 addresses as {@code [ip]} in free text.
 * IPv6 candidates are validated by hand so that C++ scopes ({@code std::vector}), clock times and
 * MAC addresses stay readable; a candidate without a digit is left alone for the same reason.
 * Every pattern is bounded or anchored at a boundary, so megabyte-long values scrub in linear time.
 */
final class PiiScrubber {
  static final String EMAIL_MASK = "[email]";
  static final String IP_MASK = "[ip]";

  private static final Pattern EMAIL = Pattern.compile(
      "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}(?![A-Za-z0-9-])");
  private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
  private static final Pattern IPV4 = Pattern.compile(
      "(?<![\\w.])" + OCTET + "(?:\\." + OCTET + "){3}(?!\\w|\\.[0-9])");
  private static final Pattern IPV6_CANDIDATE = Pattern.compile(
      "(?<![\\w:.])([0-9A-Fa-f:][0-9A-Fa-f:.]{1,44})(%[0-9A-Za-z]{1,16})?(?![\\w:])");

  private PiiScrubber() {}

  static String scrub(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String s = text;
    if (s.indexOf('@') >= 0) {
      s = EMAIL.matcher(s).replaceAll(EMAIL_MASK);
    }
    if (colons(s) >= 2) { // every IPv6 text form has two colons or more
      s = replaceIpv6(s);
    }
    if (digitDotDigit(s)) { // every IPv4 address has a digit, a dot and a digit in a row
      s = IPV4.matcher(s).replaceAll(IP_MASK);
    }
    return s;
  }

  /** {@link #scrub} without the scans that skip the address patterns: what the scans must not change. */
  static String scrubEveryPattern(String text) {
    String s = text;
    s = EMAIL.matcher(s).replaceAll(EMAIL_MASK);
    s = replaceIpv6(s);
    return IPV4.matcher(s).replaceAll(IP_MASK);
  }

  /**
   * How many colons {@code s} has, counting up to two. The address patterns look behind at every
   * position, so most of a message's scrubbing cost was regexes that could not match: these scans
   * skip them where no address can be.
   */
  private static int colons(String s) {
    int n = 0;
    for (int i = s.indexOf(':'); i >= 0 && n < 2; i = s.indexOf(':', i + 1)) {
      n++;
    }
    return n;
  }

  /** True when {@code s} has a digit, a dot and a digit in a row. */
  private static boolean digitDotDigit(String s) {
    for (int i = s.indexOf('.'); i >= 0; i = s.indexOf('.', i + 1)) {
      if (i > 0 && i + 1 < s.length() && isDigit(s.charAt(i - 1)) && isDigit(s.charAt(i + 1))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String replaceIpv6(String s) {
    Matcher m = IPV6_CANDIDATE.matcher(s);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      String addr = m.group(1);
      int end = m.end();
      if (m.group(2) == null) {
        while (addr.endsWith(".")) { // a sentence may end right after an address
          addr = addr.substring(0, addr.length() - 1);
        }
        end = m.start() + addr.length();
      }
      if (!isIpv6(addr)) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(s.length());
      }
      out.append(s, last, m.start()).append(IP_MASK);
      last = end;
    }
    return out == null ? s : out.append(s, last, s.length()).toString();
  }

  /** RFC 4291 text form: 8 groups, or fewer with one {@code ::}, optionally ending in IPv4. */
  static boolean isIpv6(String a) {
    if (a.chars().noneMatch(Character::isDigit)) {
      return false;
    }
    int dbl = a.indexOf("::");
    if (dbl >= 0 && a.indexOf("::", dbl + 1) >= 0) {
      return false;
    }
    String head = dbl >= 0 ? a.substring(0, dbl) : a;
    String tail = dbl >= 0 ? a.substring(dbl + 2) : "";
    int groups = 0;
    for (String part : new String[] {head, tail}) {
      if (part.isEmpty()) {
        continue;
      }
      String[] g = part.split(":", -1);
      for (int i = 0; i < g.length; i++) {
        boolean lastGroup = i == g.length - 1 && (part == tail || dbl < 0);
        if (lastGroup && g[i].indexOf('.') >= 0) {
          if (!IPV4.matcher(g[i]).matches()) {
            return false;
          }
          groups += 2;
        } else if (g[i].length() >= 1 && g[i].length() <= 4 && g[i].chars()
            .allMatch(c -> Character.digit(c, 16) >= 0)) {
          groups++;
        } else {
          return false;
        }
      }
    }
    return dbl >= 0 ? groups <= 7 : groups == 8;
  }
}
