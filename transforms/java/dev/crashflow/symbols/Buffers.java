package dev.crashflow.symbols;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Growable primitive arrays and a byte-backed string pool, so the index holds no boxed values. */
final class Buffers {
  private Buffers() {}

  /** An append-only int array. */
  static final class Ints {
    int[] a;
    int n;

    Ints(int capacity) {
      a = new int[Math.max(4, capacity)];
    }

    void add(int v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, grow(a.length));
      }
      a[n++] = v;
    }

    int[] trimmed() {
      return Arrays.copyOf(a, n);
    }
  }

  /** An append-only long array. */
  static final class Longs {
    long[] a;
    int n;

    Longs(int capacity) {
      a = new long[Math.max(4, capacity)];
    }

    void add(long v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, grow(a.length));
      }
      a[n++] = v;
    }

    long[] trimmed() {
      return Arrays.copyOf(a, n);
    }
  }

  /**
   * Names stored as UTF-8 bytes back to back: one int per name instead of one String object per
   * name, and decoded only for the few frames a lookup returns.
   */
  static final class Names {
    byte[] bytes;
    int used;
    int[] offsets = new int[64];
    int count;

    Names(int capacity) {
      bytes = new byte[Math.max(64, capacity)];
    }

    /** Appends bytes {@code [from, to)} of {@code src} and returns the new name's id. */
    int add(byte[] src, int from, int to) {
      int len = to - from;
      if (used + len > bytes.length) {
        long want = Math.max((long) used + len, (long) grow(bytes.length));
        if (want > Integer.MAX_VALUE - 16) {
          throw new IllegalStateException("names exceed 2 GB");
        }
        bytes = Arrays.copyOf(bytes, (int) want);
      }
      System.arraycopy(src, from, bytes, used, len);
      if (count + 1 >= offsets.length) {
        offsets = Arrays.copyOf(offsets, grow(offsets.length));
      }
      offsets[count] = used;
      used += len;
      offsets[count + 1] = used;
      return count++;
    }

    String get(int id) {
      if (id < 0 || id >= count) {
        return null;
      }
      return new String(bytes, offsets[id], offsets[id + 1] - offsets[id], StandardCharsets.UTF_8);
    }

    void trim() {
      bytes = Arrays.copyOf(bytes, used);
      offsets = Arrays.copyOf(offsets, count + 1);
    }

    long footprint() {
      return bytes.length + 4L * offsets.length + 32;
    }
  }

  static int grow(int n) {
    long g = n + (n >> 1) + 16L;
    return (int) Math.min(g, Integer.MAX_VALUE - 16);
  }
}
