package dev.crashflow.grouping;

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

  /** The slot hash of a frame's identity. */
  static int hash(String family, String function, String module, String filename, String absPath,
      String pkg) {
    int h = family.hashCode();
    h = h * 31 + Objects.hashCode(function);
    h = h * 31 + Objects.hashCode(module);
    h = h * 31 + Objects.hashCode(filename);
    h = h * 31 + Objects.hashCode(absPath);
    h = h * 31 + Objects.hashCode(pkg);
    h ^= h >>> 16; // spread the high bits into the slot index
    h *= 0x85ebca6b;
    return h ^ (h >>> 13);
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
