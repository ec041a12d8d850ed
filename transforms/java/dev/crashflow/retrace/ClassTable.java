package dev.crashflow.retrace;

import dev.crashflow.retrace.CompactMapping.ClassEntry;
import java.util.Collection;

/**
 * Obfuscated class name to {@link ClassEntry}, and a class's member names to member indexes:
 * built once per mapping, read on every frame.
 *
 * <p>A {@code HashMap} lookup reads a bucket, a node, the key string and its characters, then the
 * entry; in a large mapping each is a cache miss, and finding the member costs more. Here a frame
 * reads a slot of an open-addressing table (a quarter full, so rarely a second slot), the entry,
 * and one record of {@link #records} holding the class's obfuscated name (two chars an int) right
 * before the hashes of its members' obfuscated names (sorted, see {@link CompactMapping}): for an
 * ordinary class, one or two cache lines.
 */
final class ClassTable {
  private final ClassEntry[] slots;
  /** Per class, at {@code ClassEntry.record}: its name's chars, then its member name hashes. */
  final int[] records;
  private final int size;

  /** @param memberHashes {@code String.hashCode()} of each member's obfuscated name */
  ClassTable(Collection<ClassEntry> entries, int[] memberHashes) {
    int capacity = Integer.highestOneBit(Math.max(4, entries.size() * 4 - 1)) << 1;
    slots = new ClassEntry[capacity];
    int total = 0;
    for (ClassEntry c : entries) {
      total += (c.obfuscated.length() + 1) / 2 + c.end - c.start;
    }
    records = new int[total];
    int at = 0;
    for (ClassEntry c : entries) {
      String name = c.obfuscated;
      c.hash = name.hashCode();
      c.nameLength = name.length();
      c.record = at;
      for (int i = 0; i < name.length(); i++) {
        records[at + i / 2] |= name.charAt(i) << (16 * (i & 1));
      }
      at += (name.length() + 1) / 2;
      System.arraycopy(memberHashes, c.start, records, at, c.end - c.start);
      at += c.end - c.start;
      int slot = spread(c.hash) & (capacity - 1);
      while (slots[slot] != null) {
        slot = (slot + 1) & (capacity - 1);
      }
      slots[slot] = c;
    }
    size = entries.size();
  }

  /** The class whose obfuscated name is {@code name}, or null. */
  ClassEntry get(String name) {
    int h = name.hashCode();
    int mask = slots.length - 1;
    for (int slot = spread(h) & mask; ; slot = (slot + 1) & mask) {
      ClassEntry c = slots[slot];
      if (c == null) {
        return null;
      }
      if (c.hash == h && sameName(name, c)) {
        return c;
      }
    }
  }

  /** Where the member name hashes of {@code c} start in {@link #records}. */
  static int memberHashes(ClassEntry c) {
    return c.record + (c.nameLength + 1) / 2;
  }

  int size() {
    return size;
  }

  private boolean sameName(String name, ClassEntry c) {
    if (name.length() != c.nameLength) {
      return false;
    }
    for (int i = 0; i < c.nameLength; i++) {
      if (name.charAt(i) != (char) (records[c.record + i / 2] >>> (16 * (i & 1)))) {
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
