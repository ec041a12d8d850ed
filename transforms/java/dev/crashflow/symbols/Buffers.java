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
   * name, decoded only for the few frames a lookup returns. Equal names are stored once, because
   * the same function usually appears both as a FUNC and as an INLINE_ORIGIN.
   */
  static final class Names {
    byte[] bytes;
    int used;
    int[] offsets = new int[64];
    int count;
    private int[] table = new int[1024];

    Names(int capacity) {
      bytes = new byte[Math.max(64, capacity)];
      Arrays.fill(table, -1);
    }

    /** Stores bytes {@code [from, to)} of {@code src} (once) and returns the name's id. */
    int add(byte[] src, int from, int to) {
      int h = 0;
      for (int i = from; i < to; i++) {
        h = 31 * h + src[i];
      }
      h ^= h >>> 16;
      int mask = table.length - 1;
      int slot = h & mask;
      int len = to - from;
      for (int id = table[slot]; id >= 0; id = table[slot]) {
        int o = offsets[id];
        if (offsets[id + 1] - o == len && Arrays.equals(bytes, o, o + len, src, from, to)) {
          return id;
        }
        slot = (slot + 1) & mask;
      }
      int id = append(src, from, to);
      table[slot] = id;
      if (count * 2 > table.length) {
        rehash();
      }
      return id;
    }

    private int append(byte[] src, int from, int to) {
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

    private void rehash() {
      int[] t = new int[table.length * 2];
      Arrays.fill(t, -1);
      int mask = t.length - 1;
      for (int id = 0; id < count; id++) {
        int h = 0;
        for (int i = offsets[id]; i < offsets[id + 1]; i++) {
          h = 31 * h + bytes[i];
        }
        h ^= h >>> 16;
        int slot = h & mask;
        while (t[slot] >= 0) {
          slot = (slot + 1) & mask;
        }
        t[slot] = id;
      }
      table = t;
    }

    String get(int id) {
      if (id < 0 || id >= count) {
        return null;
      }
      return new String(bytes, offsets[id], offsets[id + 1] - offsets[id], StandardCharsets.UTF_8);
    }

    /** Drops growth slack and the dedup table once parsing is done. */
    void trim() {
      bytes = Arrays.copyOf(bytes, used);
      offsets = Arrays.copyOf(offsets, count + 1);
      table = new int[0];
    }

    long footprint() {
      return bytes.length + 4L * offsets.length + 4L * table.length + 48;
    }
  }

  static int grow(int n) {
    long g = n + (n >> 1) + 16L;
    return (int) Math.min(g, Integer.MAX_VALUE - 16);
  }
}
