package dev.crashflow.retrace;

/**
 * Recognizes the two kinds of stack trace lines R8 retrace rewrites, by hand rather than with
 * R8's regular expression (linear time, no backtracking on long log lines):
 *
 * <ul>
 *   <li>a frame: {@code <anything>at [module/]pkg.Class.method(File.java:12)[ ~[...]]}, where the
 *       parentheses hold an optional file name and an optional {@code :line};
 *   <li>a class line: {@code pkg.Exception[: message]}, {@code <prefix>: pkg.Exception[: ...]} or
 *       {@code <prefix>" pkg.Exception[: ...]} (exception headers, {@code Caused by:},
 *       {@code Suppressed:}, {@code Exception in thread "main" ...}).
 * </ul>
 */
final class StackTraceLine {
  /** Offsets of a parsed frame line; the line number group is absent when lineStart is -1. */
  record Frame(int classStart, int classEnd, int methodEnd, int fileStart, int fileEnd,
      int lineStart, int lineEnd) {}

  private StackTraceLine() {}

  /** Parses a frame line, or returns null. */
  static Frame parseFrame(String line) {
    int close = closingParen(line);
    if (close < 0) {
      return null;
    }
    int from = 0;
    while (true) {
      int at = line.indexOf("at", from);
      if (at < 0 || at >= close) {
        return null;
      }
      from = at + 1;
      if (at > 0 && isWordChar(line.charAt(at - 1))) {
        continue;
      }
      int j = at + 2;
      if (j >= close || !Character.isWhitespace(line.charAt(j))) {
        continue;
      }
      while (j < close && Character.isWhitespace(line.charAt(j))) {
        j++;
      }
      Frame f = parseTail(line, j, close);
      if (f != null) {
        return f;
      }
    }
  }

  /** The ')' that ends a frame: last on the line, or before a logback-style {@code ~[...]}. */
  private static int closingParen(String line) {
    int end = line.length();
    while (end > 0 && Character.isWhitespace(line.charAt(end - 1))) {
      end--;
    }
    if (end > 0 && line.charAt(end - 1) == ']') {
      int tilde = line.lastIndexOf("~[");
      if (tilde > 0) {
        int e = tilde;
        while (e > 0 && Character.isWhitespace(line.charAt(e - 1))) {
          e--;
        }
        if (e > 0 && line.charAt(e - 1) == ')') {
          return e - 1;
        }
      }
    }
    return end > 0 && line.charAt(end - 1) == ')' ? end - 1 : -1;
  }

  private static Frame parseTail(String line, int start, int close) {
    int i = start;
    int slash = -1;
    while (i < close && line.charAt(i) != '(' && !Character.isWhitespace(line.charAt(i))) {
      if (line.charAt(i) == '/') {
        slash = i;
      }
      i++;
    }
    int nameEnd = i;
    while (i < close && Character.isWhitespace(line.charAt(i))) {
      i++;
    }
    if (i >= close || line.charAt(i) != '(') {
      return null;
    }
    int paren = i;
    int classStart = slash + 1 > start ? slash + 1 : start;
    int dot = line.lastIndexOf('.', nameEnd - 1);
    if (dot <= classStart || dot >= nameEnd - 1) {
      return null;
    }
    if (!isClassName(line, classStart, dot) || !isMethodName(line, dot + 1, nameEnd)) {
      return null;
    }
    int fileStart = paren + 1;
    int colon = line.lastIndexOf(':', close - 1);
    if (colon >= fileStart && allDigits(line, colon + 1, close)
        && isSourceFile(line, fileStart, colon)) {
      return new Frame(classStart, dot, nameEnd, fileStart, colon, colon + 1, close);
    }
    if (isSourceFile(line, fileStart, close)) {
      return new Frame(classStart, dot, nameEnd, fileStart, close, -1, -1);
    }
    return null;
  }

  /**
   * Finds the class in a class line, as {@code {start, end}}, or returns null. Mirrors R8's
   * {@code (?:(?:%c|.*)?[:"]\s+)?%c(?::.*)?}: a leading class followed by another class, else the
   * last {@code ": Class"} on the line, else a class at the start.
   */
  static int[] parseClassLine(String line) {
    int first = classEnd(line, 0);
    if (first > 0 && first < line.length()) {
      char c = line.charAt(first);
      if (c == ':' || c == '"') {
        int second = afterSeparator(line, first);
        if (second > 0) {
          boolean suppressed = line.substring(0, first).equals("Suppressed");
          return suppressed ? new int[] {afterWhitespace(line, first + 1), second}
              : new int[] {0, first};
        }
      }
    }
    for (int p = line.length() - 1; p >= 0; p--) {
      char c = line.charAt(p);
      if (c == ':' || c == '"') {
        int end = afterSeparator(line, p);
        if (end > 0) {
          return new int[] {afterWhitespace(line, p + 1), end};
        }
      }
    }
    if (first > 0 && endsClassLine(line, first)) {
      return new int[] {0, first};
    }
    return null;
  }

  /** After a separator at p: whitespace, a class, then the end or a message. Returns its end. */
  private static int afterSeparator(String line, int p) {
    int s = p + 1;
    if (s >= line.length() || !Character.isWhitespace(line.charAt(s))) {
      return -1;
    }
    s = afterWhitespace(line, s);
    int end = classEnd(line, s);
    return end > s && endsClassLine(line, end) ? end : -1;
  }

  /** A class ends the line, or is followed by ':' and anything. */
  private static boolean endsClassLine(String line, int end) {
    return end == line.length() || line.charAt(end) == ':';
  }

  private static int afterWhitespace(String line, int s) {
    while (s < line.length() && Character.isWhitespace(line.charAt(s))) {
      s++;
    }
    return s;
  }

  /** End of the longest dotted Java name starting at s, or -1. */
  private static int classEnd(String line, int s) {
    return classEnd(line, s, line.length());
  }

  private static int classEnd(String line, int s, int limit) {
    int i = s;
    int end = -1;
    while (i < limit && Character.isJavaIdentifierStart(line.charAt(i))) {
      i++;
      while (i < limit
          && (line.charAt(i) == '-' || Character.isJavaIdentifierPart(line.charAt(i)))
          && !Character.isWhitespace(line.charAt(i)) && !Character.isISOControl(line.charAt(i))) {
        i++;
      }
      end = i;
      if (i + 1 < limit && line.charAt(i) == '.') {
        i++;
      } else {
        break;
      }
    }
    return end;
  }

  private static boolean isClassName(String line, int from, int to) {
    return classEnd(line, from, to) == to;
  }

  private static boolean isMethodName(String line, int from, int to) {
    String m = line.substring(from, to);
    if (m.equals("<init>") || m.equals("<clinit>")) {
      return true;
    }
    return classEnd(line, from, to) == to && m.indexOf('.') < 0;
  }

  /** R8's file group: no ':' directly followed by a digit or the end. */
  private static boolean isSourceFile(String line, int from, int to) {
    for (int i = from; i < to; i++) {
      if (line.charAt(i) == ':') {
        int j = i;
        while (j < to && line.charAt(j) == ':') {
          j++;
        }
        if (j == to || Character.isDigit(line.charAt(j))) {
          return false;
        }
        i = j;
      }
    }
    return true;
  }

  private static boolean allDigits(String line, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Character.isDigit(line.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
