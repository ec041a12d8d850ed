package dev.crashflow.issues;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An app version (display version plus optional build number) with the order "later version"
 * means in issue signals. App stores enforce no format, so the order is semantic-ish rather than
 * strict SemVer:
 *
 * <ul>
 *   <li>A version splits into runs of digits and runs of letters; {@code . - _ + ~} and spaces
 *       only separate. A leading {@code v} before a digit is dropped ({@code v1.2} = {@code 1.2}).
 *   <li>Numbers compare as numbers: {@code 1.10 > 1.9}, {@code 2.0 > 1.99}. Missing numbers count
 *       as zero: {@code 1.0 = 1.0.0}.
 *   <li>A word is a pre-release marker and sorts below a number or nothing: {@code 1.0-beta <
 *       1.0 < 1.0.1}. Words rank {@code alpha/a < beta/b < milestone/m < rc/cr/pre/preview <} any
 *       other word (then case-insensitive alphabetical): {@code 1.0-rc1 < 1.0-rc2}.
 *   <li>Equal versions are ordered by build number, compared the same way, when both have one.
 *       Without a build on either side they are equal: not "later".
 * </ul>
 *
 * <p>An empty version is unknown: it is never later or earlier than anything.
 */
public record AppVersion(String version, String build) implements Serializable, Comparable<AppVersion> {

  public static final AppVersion UNKNOWN = new AppVersion(null, null);

  public AppVersion {
    version = blankToNull(version);
    build = blankToNull(build);
  }

  /** Parses {@code 1.4.0} or {@code 1.4.0+1402} (a build after {@code +}). */
  public static AppVersion parse(String text) {
    String t = blankToNull(text);
    if (t == null) {
      return UNKNOWN;
    }
    int plus = t.indexOf('+');
    return plus < 0 ? new AppVersion(t, null) : new AppVersion(t.substring(0, plus), t.substring(plus + 1));
  }

  public boolean known() {
    return version != null;
  }

  /**
   * True when both versions are known and this one is strictly later: a later version, or the
   * same version with a later build when both have a build.
   */
  public boolean isLaterThan(AppVersion other) {
    if (!known() || other == null || !other.known()) {
      return false;
    }
    int c = compareVersions(version, other.version);
    if (c != 0 || build == null || other.build == null) {
      return c > 0;
    }
    return compareVersions(build, other.build) > 0;
  }

  /** {@code version+build}, or the version alone; null when unknown. */
  public String label() {
    return version == null ? null : build == null ? version : version + "+" + build;
  }

  /** The version without its build, as a comparable value (NEW_IN_RELEASE works on these). */
  public AppVersion withoutBuild() {
    return build == null ? this : new AppVersion(version, null);
  }

  /**
   * A total order consistent with {@link #equals} for sorting and map keys: unknown first, then by
   * version, then no build before any build, then by build; equivalent spellings ({@code 1.0} and
   * {@code 1.0.0}) are ordered by their text. {@link #isLaterThan} is the comparison signals use.
   */
  @Override
  public int compareTo(AppVersion o) {
    if (!known() || !o.known()) {
      return Boolean.compare(known(), o.known());
    }
    int c = compareVersions(version, o.version);
    if (c == 0) {
      c = build == null || o.build == null ? Boolean.compare(build != null, o.build != null)
          : compareVersions(build, o.build);
    }
    if (c == 0) {
      c = version.compareTo(o.version);
    }
    if (c == 0 && build != null) {
      c = build.compareTo(o.build);
    }
    return c;
  }

  /** Compares two version strings by the rules of the class comment. */
  public static int compareVersions(String a, String b) {
    List<String> x = tokens(a);
    List<String> y = tokens(b);
    for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
      String p = i < x.size() ? x.get(i) : null;
      String q = i < y.size() ? y.get(i) : null;
      int c = compareTokens(p, q);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static int compareTokens(String p, String q) {
    boolean pNum = p == null || isDigit(p.charAt(0));
    boolean qNum = q == null || isDigit(q.charAt(0));
    if (pNum && qNum) { // a missing token counts as 0
      return compareNumbers(p == null ? "0" : p, q == null ? "0" : q);
    }
    if (pNum != qNum) { // a word (pre-release) is below a number or nothing
      return pNum ? 1 : -1;
    }
    int c = Integer.compare(rank(p), rank(q));
    return c != 0 ? c : p.compareTo(q);
  }

  private static int compareNumbers(String p, String q) {
    String a = stripZeros(p);
    String b = stripZeros(q);
    return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
  }

  private static String stripZeros(String s) {
    int i = 0;
    while (i < s.length() - 1 && s.charAt(i) == '0') {
      i++;
    }
    return s.substring(i);
  }

  private static int rank(String word) {
    switch (word) {
      case "a": case "alpha": return 1;
      case "b": case "beta": return 2;
      case "m": case "milestone": return 3;
      case "rc": case "cr": case "pre": case "preview": return 4;
      default: return 5;
    }
  }

  /** Digit runs and lower-cased letter runs; everything else separates. */
  static List<String> tokens(String s) {
    List<String> out = new ArrayList<>();
    String t = s.trim();
    if (t.length() > 1 && (t.charAt(0) == 'v' || t.charAt(0) == 'V') && isDigit(t.charAt(1))) {
      t = t.substring(1);
    }
    int i = 0;
    while (i < t.length()) {
      char c = t.charAt(i);
      int j = i + 1;
      if (isDigit(c)) {
        while (j < t.length() && isDigit(t.charAt(j))) {
          j++;
        }
        out.add(t.substring(i, j));
      } else if (Character.isLetter(c)) {
        while (j < t.length() && Character.isLetter(t.charAt(j))) {
          j++;
        }
        out.add(t.substring(i, j).toLowerCase(Locale.ROOT));
      }
      i = j;
    }
    return out;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
