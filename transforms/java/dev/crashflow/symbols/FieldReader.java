package dev.crashflow.symbols;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reads the space-separated fields of one line straight from the file's bytes: hex and decimal
 * numbers by hand (no String, no regex), so the parser allocates nothing per record but names.
 * A malformed field sets {@link #bad} instead of throwing, letting the parser skip and count the
 * line. Line ends are found here too, eight bytes at a time.
 */
abstract class FieldReader {
  static final byte[] HEX_VALUE = new byte[256];
  private static final VarHandle WORDS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  static {
    Arrays.fill(HEX_VALUE, (byte) -1);
    for (int c = '0'; c <= '9'; c++) {
      HEX_VALUE[c] = (byte) (c - '0');
    }
    for (int c = 'a'; c <= 'f'; c++) {
      HEX_VALUE[c] = (byte) (c - 'a' + 10);
      HEX_VALUE[c - 'a' + 'A'] = (byte) (c - 'a' + 10);
    }
  }

  /** The bytes being parsed: a whole file, or the current chunk of a stream. */
  byte[] b = new byte[0];
  /** The next unread byte of the current line. */
  int pos;
  /** The end of the current line, without its line terminator. */
  int end;
  /** Set when a field of the current line is malformed. */
  boolean bad;
  /** The end of the bytes in {@link #b} that may be read (a chunk may end mid-line). */
  int limit;

  /**
   * The index of the first newline at or after {@code p}, or {@link #limit}. Eight bytes at a
   * time: finding line ends is most of the work on STACK lines, which are most of a file.
   */
  final int nextNewline(int p) {
    int last = limit - 8;
    while (p <= last) {
      // Bytes equal to '\n' become zero; the lowest zero byte sets its top bit in t (higher
      // bytes may be flagged spuriously, but only above a real zero byte, so the lowest is right).
      long x = (long) WORDS.get(b, p) ^ 0x0A0A0A0A0A0A0A0AL;
      long t = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
      if (t != 0) {
        return p + (Long.numberOfTrailingZeros(t) >>> 3);
      }
      p += 8;
    }
    while (p < limit && b[p] != '\n') {
      p++;
    }
    return p;
  }

  /** Consumes {@code keyword} when the line continues with it. */
  final boolean startsWith(String keyword) {
    int n = keyword.length();
    if (end - pos < n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (b[pos + i] != keyword.charAt(i)) {
        return false;
      }
    }
    pos += n;
    return true;
  }

  /** A hex field (at most 16 digits) and its separator; sets {@link #bad} when malformed. */
  final long hex() {
    int p = pos;
    int s = p;
    long v = 0;
    while (p < end) {
      int d = HEX_VALUE[b[p] & 0xFF];
      if (d < 0) {
        break;
      }
      v = (v << 4) | d;
      p++;
    }
    if (p == s || p - s > 16) {
      bad = true;
    }
    pos = separator(p);
    return v;
  }

  /** A decimal field (optionally negative) and its separator; sets {@link #bad} when malformed. */
  final long dec() {
    int p = pos;
    boolean neg = p < end && b[p] == '-';
    if (neg) {
      p++;
    }
    int s = p;
    long v = 0;
    while (p < end && b[p] >= '0' && b[p] <= '9') {
      v = v * 10 + (b[p] - '0');
      p++;
    }
    if (p == s || p - s > 12) {
      bad = true;
    }
    pos = separator(p);
    return neg ? -v : v;
  }

  /** Skips the spaces after a field; anything else glued to a number makes the line bad. */
  private int separator(int p) {
    if (p < end && b[p] != ' ') {
      bad = true;
      return p;
    }
    while (p < end && b[p] == ' ') {
      p++;
    }
    return p;
  }
}
