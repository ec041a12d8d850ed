package dev.crashflow.retrace;

import java.util.Arrays;

/**
 * Interns names straight from a character buffer: a name already seen costs a hash and a compare,
 * no allocation, and every occurrence shares one {@code String}. A mapping file repeats its type,
 * method and obfuscated names many times over, so this is what keeps both parsing fast and the
 * parsed form small.
 *
 * <p>Built for the cache: the open-addressing table holds only {@code (hash, id)} longs, and the
 * characters of every name sit in one array in first-seen order, so a lookup compares against
 * plain chars (never a {@code String}'s fields) and the frequent names, seen first, stay close
 * together. Hashes are {@link String#hashCode()}'s. The pool lives while one file is parsed.
 */
final class NamePool {
  private long[] table;
  private String[] strings;
  /** Name {@code id} is {@code chars[offsets[id], offsets[id + 1])}. */
  private int[] offsets;
  private char[] chars;
  private int size;
  private int lastHash;
  /** Ids of recently seen names by hash: the frequent names hit here, in a few cache lines. */
  private final int[] recent = new int[1024];

  /** Sized for about {@code expectedNames} names of {@code expectedChars} in all (it grows). */
  NamePool(int expectedNames, int expectedChars) {
    int names = Math.max(1 << 12, Integer.highestOneBit(Math.max(1, expectedNames)) << 1);
    table = new long[names * 2];
    strings = new String[names];
    offsets = new int[names + 1];
    chars = new char[Math.max(1 << 16, expectedChars)];
  }

  /** The hash of the last name interned, i.e. its {@code hashCode()}, without touching it. */
  int lastHash() {
    return lastHash;
  }

  /** The pooled string equal to {@code buf[from, to)}. */
  String intern(char[] buf, int from, int to) {
    // String.hashCode(), four chars a step: the same sum, a quarter of the multiply chain.
    int h = 0;
    int i = from;
    for (; i + 3 < to; i += 4) {
      h = h * 923521 + buf[i] * 29791 + buf[i + 1] * 961 + buf[i + 2] * 31 + buf[i + 3];
    }
    for (; i < to; i++) {
      h = 31 * h + buf[i];
    }
    lastHash = h;
    int r = spread(h) & (recent.length - 1);
    int id = recent[r] - 1;
    if (id >= 0 && sameChars(offsets[id], offsets[id + 1], buf, from, to)) {
      return strings[id];
    }
    int mask = table.length - 1;
    for (int slot = spread(h) & mask; ; slot = (slot + 1) & mask) {
      long e = table[slot];
      if (e == 0) {
        String s = add(slot, h, new String(buf, from, to - from));
        recent[r] = size;
        return s;
      }
      if ((int) (e >>> 32) == h) {
        id = (int) e - 1;
        if (sameChars(offsets[id], offsets[id + 1], buf, from, to)) {
          recent[r] = id + 1;
          return strings[id];
        }
      }
    }
  }

  /** The pooled string equal to {@code s}. */
  String intern(String s) {
    int h = s.hashCode();
    lastHash = h;
    int mask = table.length - 1;
    for (int slot = spread(h) & mask; ; slot = (slot + 1) & mask) {
      long e = table[slot];
      if (e == 0) {
        return add(slot, h, s);
      }
      if ((int) (e >>> 32) == h && strings[(int) e - 1].equals(s)) {
        return strings[(int) e - 1];
      }
    }
  }

  private boolean sameChars(int start, int end, char[] buf, int from, int to) {
    // Vectorized by the JIT: names repeat so often that comparing them is much of parsing.
    return end - start == to - from && Arrays.equals(chars, start, end, buf, from, to);
  }

  private String add(int slot, int h, String s) {
    int id = size++;
    if (id == strings.length) {
      strings = Arrays.copyOf(strings, id * 2);
      offsets = Arrays.copyOf(offsets, id * 2 + 1);
    }
    int start = offsets[id];
    if (start + s.length() > chars.length) {
      chars = Arrays.copyOf(chars, Math.max(chars.length * 2, start + s.length()));
    }
    s.getChars(0, s.length(), chars, start);
    offsets[id + 1] = start + s.length();
    strings[id] = s;
    table[slot] = (long) h << 32 | (id + 1L);
    if (size * 2 > table.length) {
      grow();
    }
    return s;
  }

  private static int spread(int h) {
    int x = h * 0x9E3779B9; // short names hash to neighbouring values: scatter them
    return x ^ (x >>> 16);
  }

  private void grow() {
    long[] old = table;
    table = new long[old.length * 2];
    int mask = table.length - 1;
    for (long e : old) {
      if (e != 0) {
        int slot = spread((int) (e >>> 32)) & mask;
        while (table[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        table[slot] = e;
      }
    }
  }
}
