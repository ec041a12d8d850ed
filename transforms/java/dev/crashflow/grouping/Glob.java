package dev.crashflow.grouping;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A glob from a grouping rule ({@code android.*}, {@code **}{@code /libc.so}, {@code
 * ?[[]Sentry*}), matched against a whole value. Globs are user-written, so anything beyond a
 * literal prefix, suffix or infix runs on RE2 ({@code com.google.re2j}), which matches in time
 * linear in the input: no rule can stall a worker.
 *
 * <p>Syntax: {@code *} any run of characters, {@code ?} one character, {@code [abc]}/{@code [!a-z]}
 * a class, {@code \x} a literal {@code x}. Path-like globs (matchers {@code path}, {@code package})
 * are case-insensitive, {@code *} stops at {@code /} while {@code **} crosses it, and a relative
 * value also matches as if it started with {@code /}, so {@code **}{@code /libc.so} matches {@code
 * libc.so}.
 */
final class Glob {
  static final int MAX_LENGTH = 1000;

  private enum Kind { EXACT, PREFIX, SUFFIX, CONTAINS, ANY, REGEX }

  private final String text;
  private final boolean pathLike;
  private final boolean ignoreCase;
  private final Kind kind;
  private final String literal;
  private final Pattern regex;
  /** Literal runs a value must contain before the regex is worth running (case-sensitive globs). */
  private final String[] required;

  private Glob(String text, boolean pathLike, boolean ignoreCase, Kind kind, String literal,
      Pattern regex, String[] required) {
    this.text = text;
    this.pathLike = pathLike;
    this.ignoreCase = ignoreCase;
    this.kind = kind;
    this.literal = literal;
    this.regex = regex;
    this.required = required;
  }

  /**
   * Compiles a glob.
   *
   * @throws IllegalArgumentException for an empty or overlong glob or a malformed class
   */
  static Glob compile(String glob, boolean pathLike, boolean ignoreCase) {
    if (glob.isEmpty()) {
      throw new IllegalArgumentException("empty pattern");
    }
    if (glob.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("pattern longer than " + MAX_LENGTH + " characters");
    }
    boolean fold = ignoreCase || pathLike;
    String g = pathLike ? glob.toLowerCase(java.util.Locale.ROOT) : glob;
    Glob fast = fastPath(glob, g, pathLike, fold);
    if (fast != null) {
      return fast;
    }
    String re = toRegex(g, pathLike);
    try {
      int flags = Pattern.DOTALL | (fold ? Pattern.CASE_INSENSITIVE : 0);
      String[] required = fold && !pathLike ? new String[0] : literalRuns(g);
      return new Glob(glob, pathLike, fold, Kind.REGEX, null, Pattern.compile(re, flags), required);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("bad pattern '" + glob + "': " + e.getDescription());
    }
  }

  /** Globs of one literal and a leading and/or trailing star skip the regex engine. */
  private static Glob fastPath(String original, String g, boolean pathLike, boolean fold) {
    for (int i = 0; i < g.length(); i++) {
      char c = g.charAt(i);
      if (c == '?' || c == '[' || c == '\\') {
        return null;
      }
    }
    int lead = 0;
    while (lead < g.length() && g.charAt(lead) == '*') {
      lead++;
    }
    int trail = 0;
    while (trail < g.length() - lead && g.charAt(g.length() - 1 - trail) == '*') {
      trail++;
    }
    String lit = g.substring(lead, g.length() - trail);
    if (lit.indexOf('*') >= 0) {
      return null;
    }
    // In a path a single star must not cross '/': only safe when the literal side allows it.
    if (pathLike && ((lead == 1) || (trail == 1))) {
      return null;
    }
    Kind kind = lit.isEmpty() ? Kind.ANY
        : lead == 0 && trail == 0 ? Kind.EXACT
        : lead == 0 ? Kind.PREFIX
        : trail == 0 ? Kind.SUFFIX : Kind.CONTAINS;
    if (kind == Kind.CONTAINS && fold && !pathLike) {
      return null; // case-insensitive infix: let RE2 do it
    }
    return new Glob(original, pathLike, fold, kind, lit, null, null);
  }

  /** The runs of plain characters between wildcards, classes and escapes, 2 characters or more. */
  private static String[] literalRuns(String g) {
    java.util.List<String> runs = new java.util.ArrayList<>();
    StringBuilder run = new StringBuilder();
    for (int i = 0; i <= g.length(); i++) {
      char c = i < g.length() ? g.charAt(i) : '*';
      if (c == '*' || c == '?' || c == '[' || c == '\\') {
        if (run.length() >= 2) {
          runs.add(run.toString());
        }
        run.setLength(0);
        if (c == '[') {
          int end = classEnd(g, i);
          i = end < 0 ? i : end;
        } else if (c == '\\') {
          i++;
        }
      } else {
        run.append(c);
      }
    }
    return runs.toArray(String[]::new);
  }

  private static String toRegex(String g, boolean pathLike) {
    StringBuilder re = new StringBuilder(g.length() * 2);
    for (int i = 0; i < g.length(); i++) {
      char c = g.charAt(i);
      if (c == '*') {
        if (i + 1 < g.length() && g.charAt(i + 1) == '*') {
          re.append(".*");
          while (i + 1 < g.length() && g.charAt(i + 1) == '*') {
            i++;
          }
        } else {
          re.append(pathLike ? "[^/]*" : ".*");
        }
      } else if (c == '?') {
        re.append(pathLike ? "[^/]" : ".");
      } else if (c == '\\' && i + 1 < g.length()) {
        appendLiteral(re, g.charAt(++i));
      } else if (c == '[') {
        int end = classEnd(g, i);
        if (end < 0) {
          appendLiteral(re, c);
        } else {
          re.append('[');
          int j = i + 1;
          if (g.charAt(j) == '!' || g.charAt(j) == '^') {
            re.append('^');
            j++;
          }
          for (; j < end; j++) {
            char k = g.charAt(j);
            if (k == '\\' || k == '[' || k == ']' || k == '^') {
              re.append('\\');
            }
            re.append(k);
          }
          re.append(']');
          i = end;
        }
      } else {
        appendLiteral(re, c);
      }
    }
    return re.toString();
  }

  /** The index of the {@code ]} closing a class at {@code start}, or -1. */
  private static int classEnd(String g, int start) {
    int j = start + 1;
    if (j < g.length() && (g.charAt(j) == '!' || g.charAt(j) == '^')) {
      j++;
    }
    if (j < g.length() && g.charAt(j) == ']') {
      j++; // a leading ']' is a member
    }
    int end = g.indexOf(']', j);
    return end > start + 1 ? end : -1;
  }

  private static void appendLiteral(StringBuilder re, char c) {
    if ("\\.^$|?*+()[]{}".indexOf(c) >= 0) {
      re.append('\\');
    }
    re.append(c);
  }

  /**
   * A literal every matching value starts with (a case-sensitive exact or prefix glob), or null:
   * lets rule sets index their rules by a value's first characters.
   */
  String requiredPrefix() {
    return !ignoreCase && (kind == Kind.EXACT || kind == Kind.PREFIX) ? literal : null;
  }

  /** True when the whole value matches; null never matches. */
  boolean matches(String value) {
    if (value == null) {
      return false;
    }
    return pathLike ? matchesPath(normalizePath(value)) : test(value);
  }

  /** A path as path-like globs read it: lower case, {@code /} separators. */
  static String normalizePath(String path) {
    return path == null ? null : path.toLowerCase(java.util.Locale.ROOT).replace('\\', '/');
  }

  /** {@link #matches} for a path already {@linkplain #normalizePath normalised}. */
  boolean matchesPath(String normalized) {
    if (normalized == null) {
      return false;
    }
    return test(normalized) || (!normalized.startsWith("/") && test("/" + normalized));
  }

  private boolean test(String v) {
    switch (kind) {
      case ANY:
        return true;
      case EXACT:
        return ignoreCase ? v.equalsIgnoreCase(literal) : v.equals(literal);
      case PREFIX:
        return ignoreCase ? v.regionMatches(true, 0, literal, 0, literal.length())
            : v.startsWith(literal);
      case SUFFIX:
        return ignoreCase ? v.length() >= literal.length()
            && v.regionMatches(true, v.length() - literal.length(), literal, 0, literal.length())
            : v.endsWith(literal);
      case CONTAINS:
        return v.contains(literal);
      default:
        for (String r : required) {
          if (!v.contains(r)) {
            return false;
          }
        }
        return regex.matcher(v).matches();
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
