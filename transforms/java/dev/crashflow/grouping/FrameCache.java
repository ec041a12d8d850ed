package dev.crashflow.grouping;

import dev.crashflow.model.Frame;

/**
 * A fixed-size cache of what grouping worked out per distinct frame ({@link TwoWayTable}: bounded,
 * immutable entries shared by threads without locks).
 *
 * <p>An entry is found by the 128-bit {@link FrameKey} of the frame's identity and holds, as
 * plain fields, everything the per-event work reads of a frame (value digest, flags, matching
 * rules), so a hit costs one table slot and one entry, not a walk over strings and facts.
 */
final class FrameCache {
  private static final int[] NONE = new int[0];

  /** One frame's identity (its key) and what was worked out for it. */
  static final class Entry extends TwoWayTable.Entry {
    /** The first 16 bytes of the frame's value digest ({@link FrameFacts#digest}), as two longs. */
    final long d1;
    final long d2;
    final boolean hasValue;
    final boolean needsOffset;
    final FrameFacts facts;
    /** The rules whose static matchers match the frame, in order. */
    final int[] rules;
    /**
     * The identity fields of a frame with characters beyond Latin-1 (see {@link FrameKey}), compared
     * on every hit; null for the rest.
     */
    final String[] exact;
    /**
     * The frame's shape, 128 bits: a hash of all that the stack rules and the fingerprint read of
     * it (value digest, flags, family, matching rules, neighbour matches; {@link StackRules}).
     * Frames that differ only in what nothing reads (say a lambda's number) share a shape.
     */
    final long s1;
    final long s2;

    Entry(long h1, long h2, FrameFacts facts, int[] rules, String[] exact, long s1, long s2) {
      super(h1, h2);
      this.s1 = s1;
      this.s2 = s2;
      this.facts = facts;
      this.hasValue = facts.hasValue();
      this.needsOffset = facts.needsOffset;
      this.d1 = facts.digest == null ? 0 : FrameKey.longAt(facts.digest, 0);
      this.d2 = facts.digest == null ? 0 : FrameKey.longAt(facts.digest, 8);
      this.rules = rules.length == 0 ? NONE : rules;
      this.exact = exact;
    }

    /** How the frame reads as a culprit, once worked out (a race only works it out twice). */
    private String culprit;

    /**
     * How {@code f}, a frame of this entry with no per-event offset, reads as a culprit ({@link
     * Fingerprinter#describe}): that reads only what the entry's key holds, except the
     * instruction address of a frame without any function name, which is never kept.
     */
    String culprit(Frame f) {
      String c = culprit;
      if (c == null) {
        c = Fingerprinter.describe(f, facts, null);
        if (facts.function != null || f.function() != null) {
          culprit = c;
        }
      }
      return c;
    }

    /** For an entry with {@link #exact} fields: whether they are these. */
    boolean matches(String... fields) {
      return java.util.Arrays.equals(exact, fields);
    }
  }

  private final TwoWayTable<Entry> table;

  /** A cache of {@code 2^bits} slots. */
  FrameCache(int bits) {
    table = new TwoWayTable<>(bits);
  }

  /** The entry whose key is {@code h1, h2}, or null. */
  Entry get(long h1, long h2) {
    return table.get(h1, h2);
  }

  void put(Entry e) {
    table.put(e);
  }
}
