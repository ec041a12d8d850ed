package dev.crashflow.grouping;

import java.util.function.Predicate;

/**
 * A fixed-size table of immutable entries found by a 128-bit key: open addressing over two slots,
 * a new entry replacing one of the two when both are taken, so a burst of new keys never empties
 * it and memory stays bounded. Entries have final fields only, so threads share the table without
 * locks: a reader sees an entry whole or not at all. Grouping's three caches are such tables:
 * frames ({@link FrameCache}), stack shapes ({@link CachedStack}) and hash inputs ({@link
 * IssueIdCache}).
 */
final class TwoWayTable<E extends TwoWayTable.Entry> {
  /** What a table holds: an immutable entry with its key. */
  abstract static class Entry {
    final long k1;
    final long k2;

    Entry(long k1, long k2) {
      this.k1 = k1;
      this.k2 = k2;
    }
  }

  private final Entry[] table;
  private final int mask;

  /** A table of {@code 2^bits} slots. */
  TwoWayTable(int bits) {
    table = new Entry[1 << bits];
    mask = table.length - 1;
  }

  /** The entry with key {@code k1, k2}, or null. */
  @SuppressWarnings("unchecked")
  E get(long k1, long k2) {
    int i = (int) k1 & mask;
    Entry e = table[i];
    if (e != null && e.k1 == k1 && e.k2 == k2) {
      return (E) e;
    }
    e = table[(i + 1) & mask];
    return e != null && e.k1 == k1 && e.k2 == k2 ? (E) e : null;
  }

  /** The entry with key {@code k1, k2} that is also {@code also}, or null. */
  @SuppressWarnings("unchecked")
  E get(long k1, long k2, Predicate<E> also) {
    int i = (int) k1 & mask;
    Entry e = table[i];
    if (e != null && e.k1 == k1 && e.k2 == k2 && also.test((E) e)) {
      return (E) e;
    }
    e = table[(i + 1) & mask];
    return e != null && e.k1 == k1 && e.k2 == k2 && also.test((E) e) ? (E) e : null;
  }

  void put(E e) {
    int i = (int) e.k1 & mask;
    if (table[i] == null) {
      table[i] = e;
    } else if (table[(i + 1) & mask] == null) {
      table[(i + 1) & mask] = e;
    } else {
      table[(e.k2 & 1) == 0 ? i : (i + 1) & mask] = e; // evict one of the two
    }
  }
}
