package dev.crashflow.grouping;


/**
 * A fixed-size cache from an event's hash input (the component digests the fingerprint's SHA-256
 * reads, {@link Fingerprinter}) and app id to its fingerprint and issue id (and, for events
 * grouped by their frames, variant id). Most events of an
 * issue hash the very same input, and the two SHA-256 runs over it (some 50 blocks' worth of
 * frame digests, then the issue id) and their hex strings were a tenth of grouping's cost.
 *
 * <p>The input is found by a 128-bit key, mixed from its 16-byte components in two lanes, each
 * step a bijection of its lane; the app id is kept in the entry and compared, so a key can only
 * ever be shared within one app. Two distinct inputs of one app share an entry with a chance of
 * about 2^-128, the same bar as {@link FrameKey} (and an app's SDK can choose its fingerprint
 * outright anyway). A {@link TwoWayTable}: bounded, shared by threads without locks.
 */
final class IssueIdCache {
  /** One hash input's key, app and what it makes. */
  static final class Entry extends TwoWayTable.Entry {
    final String app;
    final String fingerprint;
    final String issueId;
    /** The issue id's two halves, as {@link EventGrouping#variantId} seeds from them. */
    final long id1;
    final long id2;
    /** The variant id, when the key covers every frame of the all-frames variant; else null. */
    final String variantId;

    Entry(long k1, long k2, String app, String fingerprint, String issueId, String variantId) {
      super(k1, k2);
      this.app = app;
      this.fingerprint = fingerprint;
      this.issueId = issueId;
      this.id1 = EventGrouping.idHalf(issueId, 0);
      this.id2 = EventGrouping.idHalf(issueId, 1);
      this.variantId = variantId;
    }

  }

  private final TwoWayTable<Entry> table;
  /**
   * One string per app id for the entries (a small table, a newer app taking an older one's
   * slot): every event reads its entry's app id, and one string read by all stays in the CPU's
   * caches, where each entry's own copy of it would be a memory miss.
   */
  private final String[] apps = new String[256];

  /** A cache of {@code 2^bits} slots. */
  IssueIdCache(int bits) {
    table = new TwoWayTable<>(bits);
  }

  /**
   * The key of {@code len} bytes of component digests (a multiple of 16) into {@code out[0..1]}:
   * four lanes, each half folded from two of them, each lane reading both halves of every
   * component.
   */
  static void key(byte[] buf, int len, long[] out) {
    long a = 0x243F6A8885A308D3L;
    long b = 0x13198A2E03707344L;
    long c = 0xA4093822299F31D0L;
    long d = 0x082EFA98EC4E6C89L;
    for (int i = 0; i < len; i += 16) {
      long x = (long) FrameKey.LONGS.get(buf, i);
      long y = (long) FrameKey.LONGS.get(buf, i + 8);
      a = (a ^ x) * FrameKey.M1;
      b = (b ^ y) * FrameKey.M2;
      c = (c ^ y) * FrameKey.M3;
      d = (d ^ x) * FrameKey.M4;
      a ^= a >>> 29;
      b ^= b >>> 31;
      c ^= c >>> 27;
      d ^= d >>> 30;
    }
    out[0] = FrameKey.mix(a * FrameKey.M3 + Long.rotateLeft(b, 23) * FrameKey.M4
        + Long.rotateLeft(c, 7) + len);
    out[1] = FrameKey.mix(c * FrameKey.M1 + Long.rotateLeft(d, 41) * FrameKey.M2
        + Long.rotateLeft(a, 19) + len * FrameKey.M1);
  }

  /** The entry with this key and app, or null. */
  Entry get(long k1, long k2, String app) {
    return table.get(k1, k2, e -> e.app.equals(app));
  }

  /** The string entries keep for this app id. */
  String app(String app) {
    int slot = app.hashCode() & (apps.length - 1);
    String kept = apps[slot];
    if (app.equals(kept)) {
      return kept;
    }
    apps[slot] = app;
    return app;
  }

  void put(Entry e) {
    table.put(e);
  }
}
