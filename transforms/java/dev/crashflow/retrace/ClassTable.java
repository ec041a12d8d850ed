package dev.crashflow.retrace;

import dev.crashflow.retrace.CompactMapping.ClassEntry;
import java.util.Collection;

/**
 * Obfuscated class name to a class record, built once per mapping and read on every frame.
 *
 * <p>A {@code HashMap} lookup reads a bucket, a node, the key string and its characters, then the
 * entry; in a large mapping each is a cache miss, and finding the member costs more. Here a frame
 * reads one slot of an open-addressing table (a quarter full, so rarely a second one) and one
 * record of {@link #records}: the class's member range and obfuscated name (two chars an int)
 * right before the hashes of its members' obfuscated names (sorted, see {@link CompactMapping}),
 * for an ordinary class one or two cache lines. The {@link ClassEntry} itself is only read to
 * print the class (member lines carry their own class and source file).
 */
final class ClassTable {
  private static final int HASH = 0;
  private static final int LENGTH = 1;
  private static final int START = 2;
  private static final int END = 3;
  private static final int ENTRY = 4;
  private static final int COLLISION = 5;
  private static final int NAME = 6;

  /** Record offset + 1 of the class in each slot; 0 for none. */
  private final int[] slots;
  final int[] records;
  private final ClassEntry[] entries;

  /** @param memberHashes {@code String.hashCode()} of each member's obfuscated name */
  ClassTable(Collection<ClassEntry> classes, int[] memberHashes) {
    int capacity = Integer.highestOneBit(Math.max(4, classes.size() * 4 - 1)) << 1;
    slots = new int[capacity];
    entries = classes.toArray(new ClassEntry[0]);
    int total = 0;
    for (ClassEntry c : entries) {
      total += NAME + (c.obfuscated.length() + 1) / 2 + c.end - c.start;
    }
    records = new int[total];
    int at = 0;
    for (int e = 0; e < entries.length; e++) {
      ClassEntry c = entries[e];
      String name = c.obfuscated;
      int h = name.hashCode();
      records[at + HASH] = h;
      records[at + LENGTH] = name.length();
      records[at + START] = c.start;
      records[at + END] = c.end;
      records[at + ENTRY] = e;
      records[at + COLLISION] = c.hashCollision ? 1 : 0;
      for (int i = 0; i < name.length(); i++) {
        records[at + NAME + i / 2] |= name.charAt(i) << (16 * (i & 1));
      }
      int hashes = at + NAME + (name.length() + 1) / 2;
      System.arraycopy(memberHashes, c.start, records, hashes, c.end - c.start);
      int slot = spread(h) & (capacity - 1);
      while (slots[slot] != 0) {
        slot = (slot + 1) & (capacity - 1);
      }
      slots[slot] = at + 1;
      at = hashes + c.end - c.start;
    }
  }

  /** The record of the class whose obfuscated name is {@code name}, or -1. */
  int find(String name) {
    int h = name.hashCode();
    int mask = slots.length - 1;
    for (int slot = spread(h) & mask; ; slot = (slot + 1) & mask) {
      int rec = slots[slot] - 1;
      if (rec < 0) {
        return -1;
      }
      if (records[rec + HASH] == h && sameName(name, rec)) {
        return rec;
      }
    }
  }

  /** The class whose obfuscated name is {@code name}, or null. */
  ClassEntry get(String name) {
    int rec = find(name);
    return rec < 0 ? null : entry(rec);
  }

  ClassEntry entry(int rec) {
    return entries[records[rec + ENTRY]];
  }

  /** The class's members are {@code [start, end)}. */
  int start(int rec) {
    return records[rec + START];
  }

  int end(int rec) {
    return records[rec + END];
  }

  /** Whether two member names of the class share a hash. */
  boolean hashCollision(int rec) {
    return records[rec + COLLISION] != 0;
  }

  /** Where the member name hashes of the class start in {@link #records}. */
  int memberHashes(int rec) {
    return rec + NAME + (records[rec + LENGTH] + 1) / 2;
  }

  int size() {
    return entries.length;
  }

  private boolean sameName(String name, int rec) {
    int length = records[rec + LENGTH];
    if (name.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (name.charAt(i) != (char) (records[rec + NAME + i / 2] >>> (16 * (i & 1)))) {
        return false;
      }
    }
    return true;
  }

  private static int spread(int h) {
    int x = h * 0x9E3779B9;
    return x ^ (x >>> 16);
  }
}
