package dev.crashflow.retrace;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * Splits a {@link Reader} into lines inside one reusable {@code char[]}, so a parser can read
 * every line without a {@code String} per line; static helpers scan such a line in place. Line
 * ends are {@code \n}, {@code \r\n} or a lone {@code \r}, as
 * {@link java.io.BufferedReader#readLine()} accepts; the buffer grows for a line longer than
 * itself.
 */
final class CharLines {
  private final Reader in;
  private char[] buf = new char[1 << 16];
  private int limit;
  private int next;
  private boolean eof;
  private boolean skipLf;
  private int start;
  private int end;

  CharLines(Reader in) {
    this.in = in;
  }

  /** The buffer holding the current line; valid until the next call to {@link #next()}. */
  char[] buffer() {
    return buf;
  }

  int start() {
    return start;
  }

  int end() {
    return end;
  }

  /** Advances to the next line; false at the end of the input. */
  boolean next() throws IOException {
    int scan = next;
    while (true) {
      if (skipLf && scan < limit) {
        skipLf = false;
        if (buf[scan] == '\n') {
          scan++;
          next = scan;
        }
      }
      for (int i = scan; i < limit; i++) {
        char c = buf[i];
        if (c == '\n' || c == '\r') {
          start = next;
          end = i;
          next = i + 1;
          skipLf = c == '\r';
          return true;
        }
      }
      if (eof) {
        if (next == limit) {
          return false;
        }
        start = next;
        end = limit;
        next = limit;
        return true;
      }
      scan = limit - next;
      fill();
    }
  }

  /** Moves the partial line to the front, grows the buffer if it is full, and reads more. */
  private void fill() throws IOException {
    int partial = limit - next;
    if (next > 0) {
      System.arraycopy(buf, next, buf, 0, partial);
    } else if (partial == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    next = 0;
    limit = partial;
    int read = in.read(buf, limit, buf.length - limit);
    if (read < 0) {
      eof = true;
    } else {
      limit += read;
    }
  }

  // Helpers for parsing a line in place: ranges are [from, to) of a char array.

  /** The first {@code " -> "} in {@code [from, to)}, or -1. */
  static int indexOfArrow(char[] b, int from, int to) {
    for (int i = from; i + 3 < to; i++) {
      if (b[i] == ' ' && b[i + 1] == '-' && b[i + 2] == '>' && b[i + 3] == ' ') {
        return i;
      }
    }
    return -1;
  }

  static int indexOf(char[] b, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  static int lastIndexOf(char[] b, char c, int from, int to) {
    for (int i = to - 1; i >= from; i--) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  static boolean startsWith(char[] b, int from, int to, String prefix) {
    if (to - from < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (b[from + i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  static int skipSpace(char[] b, int from, int to) {
    while (from < to && isWhitespace(b[from])) {
      from++;
    }
    return from;
  }

  static int trimEnd(char[] b, int from, int to) {
    while (to > from && isWhitespace(b[to - 1])) {
      to--;
    }
    return to;
  }

  /**
   * {@link Character#isWhitespace(char)}, answered inline for ASCII: the library call goes
   * through a table lookup per character, and every line is trimmed on both sides.
   */
  static boolean isWhitespace(char c) {
    if (c > ' ') {
      return c >= 0x80 && Character.isWhitespace(c);
    }
    return c == ' ' || (c >= '\t' && c <= '\r') || c >= 0x1C;
  }
}
