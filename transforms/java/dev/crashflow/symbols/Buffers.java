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
   * The names of a symbol file: while parsing, UTF-8 bytes back to back with an id per distinct
   * name (equal names are stored once, because the same function usually appears both as a FUNC
   * and as an INLINE_ORIGIN). Once parsing is done, {@link #trim(long)} turns them into one String
   * per distinct name and drops the bytes, so a lookup hands out those Strings without touching or
   * copying name bytes: decoding a name at a random address of a big file costs a cache miss and
   * an allocation per frame, which was most of a lookup's time. The Strings cost about 40 bytes
   * per distinct name more than the bytes; when that would exceed the given budget (small files
   * that are mostly names, where everything stays in cache anyway), the bytes are kept instead and
   * each name is decoded when a lookup returns it.
   */
  static final class Names {
    byte[] bytes;
    int used;
    int[] offsets = new int[64];
    int count;
    /** Open-addressing dedup table of name ids (-1 = empty); dropped by {@link #trim()}. */
    private int[] table;
    private String[] strings;
    private long stringBytes;

    Names(int capacity) {
      bytes = new byte[Math.max(64, capacity)];
      // Sized for a name per 16 bytes of pool at half load: big files then never rehash.
      table = new int[Integer.highestOneBit(Math.max(1024, capacity / 8))];
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

    /** The name with this id, or null for a negative id (an undeclared FILE or origin). */
    String get(int id) {
      if (id < 0) {
        return null;
      }
      if (strings != null) {
        return strings[id];
      }
      return new String(bytes, offsets[id], offsets[id + 1] - offsets[id], StandardCharsets.UTF_8);
    }

    /**
     * Ends parsing: drops the dedup table and either decodes every name once (when the Strings
     * take at most {@code budget} bytes of heap) and drops the bytes, or trims the bytes.
     */
    void trim(long budget) {
      table = new int[0];
      long heap = 16 + 4L * count;
      for (int id = 0; id < count && heap <= budget; id++) {
        heap += stringHeap(offsets[id], offsets[id + 1]);
      }
      if (heap > budget) {
        bytes = Arrays.copyOf(bytes, used);
        offsets = Arrays.copyOf(offsets, count + 1);
        return;
      }
      strings = new String[count];
      for (int id = 0; id < count; id++) {
        strings[id] = new String(bytes, offsets[id], offsets[id + 1] - offsets[id],
            StandardCharsets.UTF_8);
      }
      stringBytes = heap;
      bytes = new byte[0];
      offsets = new int[0];
    }

    /**
     * The heap of the String for bytes {@code [from, to)}: a 24-byte object and its value array
     * (16-byte header, then one byte per char for Latin-1 text, at most two per UTF-8 byte
     * otherwise), each rounded up to 8 bytes.
     */
    private long stringHeap(int from, int to) {
      long value = to - from;
      for (int i = from; i < to; i++) {
        if (bytes[i] < 0) {
          value = 2L * (to - from);
          break;
        }
      }
      return 24 + ((16 + value + 7) & ~7L);
    }

    long footprint() {
      return bytes.length + 4L * offsets.length + 4L * table.length + stringBytes + 48;
    }
  }

  static int grow(int n) {
    long g = n + (n >> 1) + 16L;
    return (int) Math.min(g, Integer.MAX_VALUE - 16);
  }
}
