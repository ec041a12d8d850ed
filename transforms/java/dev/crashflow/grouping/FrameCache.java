package dev.crashflow.grouping;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A fixed-size cache of what grouping worked out per distinct frame: open addressing over two
 * slots, a new entry replacing an old one when both are taken, so a burst of new frames never
 * empties it and memory stays bounded. Entries are immutable (final fields), so threads may share
 * the table without locks: a reader sees an entry whole or not at all, and every hit is checked
 * field by field.
 */
final class FrameCache {
  /** One frame's identity and what was worked out for it. */
  static final class Entry {
    final int hash;
    final String family;
    final String function;
    final String module;
    final String filename;
    final String absPath;
    final String pkg;
    final FrameFacts facts;
    final int[] rules;

    Entry(int hash, String family, String function, String module, String filename,
        String absPath, String pkg, FrameFacts facts, int[] rules) {
      this.hash = hash;
      this.family = family;
      this.function = function;
      this.module = module;
      this.filename = filename;
      this.absPath = absPath;
      this.pkg = pkg;
      this.facts = facts;
      this.rules = rules;
    }

    boolean is(int h, String fam, String fn, String mod, String file, String abs, String p) {
      return hash == h && family.equals(fam) && Objects.equals(function, fn)
          && Objects.equals(module, mod) && Objects.equals(pkg, p)
          && Objects.equals(filename, file) && Objects.equals(absPath, abs);
    }
  }

  private final Entry[] table;
  private final int mask;

  /** A cache of {@code 2^bits} slots. */
  FrameCache(int bits) {
    table = new Entry[1 << bits];
    mask = table.length - 1;
  }

  /**
   * Hashes a frame's identity for the cache slot. Decoded events bring fresh strings whose {@link
   * String#hashCode} has never been computed, and on JDK 17 that is a serial multiply per
   * character, over some 6 KB of names per event: here each string is copied (one low byte per
   * character, a plain array copy for Latin-1 strings) into a scratch buffer and mixed 8 bytes at
   * a time. Only the slot depends on this hash: a hit is confirmed by {@link Entry#is}, field by
   * field with {@link String#equals}, so two frames that hash alike never share an entry. One per
   * thread at a time (it holds the buffer).
   */
  static final class KeyHasher {
    private static final VarHandle LONGS =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long M = 0x9E3779B97F4A7C15L;
    private byte[] buf = new byte[256];

    int hash(String family, String function, String module, String filename, String absPath,
        String pkg) {
      long h = family.hashCode(); // a constant: its hash is cached
      h = add(h, function);
      h = add(h, module);
      h = add(h, filename);
      h = add(h, absPath);
      h = add(h, pkg);
      h ^= h >>> 31;
      h *= 0xBF58476D1CE4E5B9L;
      return (int) (h ^ (h >>> 29));
    }

    @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int): low bytes, no allocation
    private long add(long h, String s) {
      if (s == null) {
        return (h + 0x2545F4914F6CDD1DL) * M;
      }
      int n = s.length();
      if (buf.length < n + 8) {
        buf = new byte[Math.max(n + 8, buf.length * 2)];
      }
      s.getBytes(0, n, buf, 0);
      h = (h ^ n) * M;
      int i = 0;
      for (; i + 8 <= n; i += 8) {
        h = (h ^ (long) LONGS.get(buf, i)) * M;
        h ^= h >>> 32;
      }
      if (i < n) { // the last 1-7 bytes; the buffer has room to read a whole word past them
        long w = (long) LONGS.get(buf, i) & (-1L >>> (64 - 8 * (n - i)));
        h = (h ^ w) * M;
        h ^= h >>> 32;
      }
      return h;
    }
  }

  Entry get(int hash, String family, String function, String module, String filename,
      String absPath, String pkg) {
    int i = hash & mask;
    Entry e = table[i];
    if (e != null && e.is(hash, family, function, module, filename, absPath, pkg)) {
      return e;
    }
    e = table[(i + 1) & mask];
    return e != null && e.is(hash, family, function, module, filename, absPath, pkg) ? e : null;
  }

  /**
   * Reads the entry a lookup of {@code hash} would compare, and what it refers to, so that the
   * lookup after it finds them in the CPU's caches; returns something computed from them, for
   * the caller to keep.
   */
  int touch(int hash) {
    int i = hash & mask;
    Entry e = table[i];
    if (e == null || e.hash != hash) {
      e = table[(i + 1) & mask];
      if (e == null || e.hash != hash) {
        return 0;
      }
    }
    return e.function == null ? 1 : e.function.length() + (e.module == null ? 0 : e.module.length())
        + (e.filename == null ? 0 : e.filename.length()) + e.rules.length + e.facts.touch();
  }

  void put(Entry e) {
    int i = e.hash & mask;
    if (table[i] == null) {
      table[i] = e;
    } else if (table[(i + 1) & mask] == null) {
      table[(i + 1) & mask] = e;
    } else {
      table[(e.hash >>> 20 & 1) == 0 ? i : (i + 1) & mask] = e; // evict one of the two
    }
  }
}
