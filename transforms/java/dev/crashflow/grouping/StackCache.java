package dev.crashflow.grouping;

/**
 * A fixed-size cache of stack rule results by stack shape ({@link StackRules#apply}): open
 * addressing over two slots, a new entry replacing an old one when both are taken, like {@link
 * FrameCache}. Entries are immutable (final fields; the result they hold is never written once
 * cached), so threads share the table without locks.
 */
final class StackCache {
  /** One stack shape and its result. */
  static final class Entry {
    final long k1;
    final long k2;
    /**
     * The exception fields the rules read (type, module, value, mechanism), compared on every hit;
     * null when no rule reads the exception.
     */
    final String[] exception;
    /** The result, with the entries of the stack that made it (only its flags are reused). */
    final StackResult result;

    Entry(long k1, long k2, String[] exception, StackResult result) {
      this.k1 = k1;
      this.k2 = k2;
      this.exception = exception;
      this.result = result;
    }
  }

  private final Entry[] table;
  private final int mask;

  /** A cache of {@code 2^bits} slots. */
  StackCache(int bits) {
    table = new Entry[1 << bits];
    mask = table.length - 1;
  }

  /** The entry whose key is {@code k1, k2}, or null. */
  Entry get(long k1, long k2) {
    int i = (int) k1 & mask;
    Entry e = table[i];
    if (e != null && e.k1 == k1 && e.k2 == k2) {
      return e;
    }
    e = table[(i + 1) & mask];
    return e != null && e.k1 == k1 && e.k2 == k2 ? e : null;
  }

  void put(Entry e) {
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
