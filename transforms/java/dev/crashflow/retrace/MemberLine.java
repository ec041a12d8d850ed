package dev.crashflow.retrace;

import java.util.Arrays;

/**
 * Splits a method line in its canonical form, {@code [a:b:]type name(args)[:c[:d]] -> obf} with
 * single spaces and no space inside the arguments (how R8 and ProGuard write them), in one pass
 * over its characters: the fields are left as positions, the numbers parsed on the way. Anything
 * else (fields, extra spaces, malformed lines) is refused, and {@link MappingFile} parses it the
 * general way, which also words the errors; for every line this accepts, the general parser
 * finds the same fields. Reused from line to line: it allocates nothing.
 */
final class MemberLine {
  int minStart;
  int minEnd;
  int typeFrom;
  int nameFrom;
  /** The last '.' of a qualified name (the holder ends there), or -1. */
  int dot;
  int paren;
  int close;
  int origStart;
  int origEnd;
  boolean cardinal;
  int obfFrom;

  // The fields as pooled strings, after intern(); holder is null for an unqualified name.
  String type;
  String holder;
  String name;
  String params;
  String obf;
  int obfHash;

  private int pos;
  /** The characters of the last line's method part (type to ')') and obfuscated name. */
  private char[] method = new char[128];
  private int methodLength = -1;
  private char[] lastObf = new char[16];
  private int lastObfLength = -1;

  /** Splits {@code b[from, to)} (trimmed); false when the line is not in the canonical form. */
  boolean split(char[] b, int from, int to) {
    pos = from;
    minStart = CompactMapping.NONE;
    minEnd = CompactMapping.NONE;
    if (isDigit(b[from])) {
      minStart = number(b, to);
      if (minStart < 0 || !at(b, to, ':')) {
        return false;
      }
      minEnd = number(b, to);
      if (minEnd < 0 || !at(b, to, ':')) {
        return false;
      }
      if (minStart > minEnd) { // R8 tolerates inverted ranges; stored normalized
        int t = minStart;
        minStart = minEnd;
        minEnd = t;
      }
    }
    typeFrom = pos;
    int p = pos;
    char c = 0;
    while (p < to && (c = b[p]) != ' ' && c != '(' && c != ')') {
      p++;
    }
    if (p == typeFrom || p + 1 >= to || c != ' ') {
      return false;
    }
    nameFrom = ++p;
    dot = -1;
    while (p < to && (c = b[p]) != '(') {
      if (c == ' ' || c == ')') {
        return false;
      } else if (c == '.') {
        dot = p;
      }
      p++;
    }
    if (p == nameFrom || p == to) {
      return false;
    }
    paren = p++;
    while (p < to && (c = b[p]) != ')') {
      if (c == ' ') {
        return false;
      }
      p++;
    }
    if (p == to) {
      return false;
    }
    close = p;
    pos = p + 1;
    return positions(b, to) && arrow(b, to);
  }

  /**
   * Fills the string fields of the line just split. A mapping lists the ranges of one method on
   * consecutive lines, so the method part and the obfuscated name usually equal the line above:
   * one vectorized compare of characters still in the L1 cache then replaces four or five
   * lookups in the pool.
   */
  void intern(NamePool pool, char[] b, int to) {
    int length = close + 1 - typeFrom;
    if (length != methodLength || !Arrays.equals(method, 0, length, b, typeFrom, close + 1)) {
      type = pool.intern(b, typeFrom, nameFrom - 1);
      holder = dot < 0 ? null : pool.intern(b, nameFrom, dot);
      name = pool.intern(b, dot < 0 ? nameFrom : dot + 1, paren);
      params = pool.intern(b, paren + 1, close);
      if (length > method.length) {
        method = new char[Math.max(length, 2 * method.length)];
      }
      System.arraycopy(b, typeFrom, method, 0, length);
      methodLength = length;
    }
    length = to - obfFrom;
    if (length != lastObfLength || !Arrays.equals(lastObf, 0, length, b, obfFrom, to)) {
      obf = pool.intern(b, obfFrom, to);
      obfHash = pool.lastHash();
      if (length > lastObf.length) {
        lastObf = new char[Math.max(length, 2 * lastObf.length)];
      }
      System.arraycopy(b, obfFrom, lastObf, 0, length);
      lastObfLength = length;
    }
  }

  /** The optional {@code :c[:d]} after the arguments. */
  private boolean positions(char[] b, int to) {
    origStart = CompactMapping.NONE;
    origEnd = CompactMapping.NONE;
    cardinal = false;
    if (!at(b, to, ':')) {
      return true;
    }
    origStart = number(b, to);
    if (origStart < 0) {
      return false;
    }
    if (!at(b, to, ':')) {
      origEnd = origStart;
      cardinal = true;
      return true;
    }
    origEnd = number(b, to);
    return origEnd >= 0;
  }

  /** {@code " -> "} then an obfuscated name without spaces up to the end. */
  private boolean arrow(char[] b, int to) {
    int p = pos;
    if (to - p < 5 || b[p] != ' ' || b[p + 1] != '-' || b[p + 2] != '>' || b[p + 3] != ' '
        || b[p + 4] == ' ') {
      return false;
    }
    obfFrom = p + 4;
    for (int i = obfFrom; i < to; i++) {
      if (b[i] == ' ') {
        return false;
      }
    }
    return true;
  }

  private boolean at(char[] b, int to, char c) {
    if (pos < to && b[pos] == c) {
      pos++;
      return true;
    }
    return false;
  }

  /** One to nine digits as a number, or -1. */
  private int number(char[] b, int to) {
    int p = pos;
    int v = 0;
    while (p < to && isDigit(b[p]) && p - pos < 9) {
      v = v * 10 + (b[p++] - '0');
    }
    if (p == pos || (p < to && isDigit(b[p]))) {
      return -1;
    }
    pos = p;
    return v;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
