package dev.crashflow.aggregates;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * {@link DistinctSketch.Format#LOCAL}: the distinct 64-bit hashes of the ids, kept in a sorted
 * array; serialised as lower-case 16-digit hex joined by commas (what DuckDB's
 * {@code left(md5(id), 16)} gives for the same id, so SQL can build compatible sketches).
 */
final class HashSketch implements DistinctSketch {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every JRE", e);
    }
  });

  private long[] hashes = new long[0];
  private long[] pending = new long[8];
  private int pendingCount;

  static HashSketch fromBytes(byte[] bytes) {
    HashSketch s = new HashSketch();
    String text = new String(bytes, StandardCharsets.US_ASCII);
    if (text.isEmpty()) {
      return s;
    }
    String[] parts = text.split(",");
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].length() != 16) {
        throw new IllegalArgumentException("not a local sketch: entry '" + parts[i] + "'");
      }
      values[i] = Long.parseUnsignedLong(parts[i], 16);
    }
    s.hashes = sortedDistinct(values, values.length);
    return s;
  }

  /** The hash of one id: the first 8 bytes of its MD5, big-endian. */
  static long hash(String id) {
    byte[] d = MD5.get().digest(id.getBytes(StandardCharsets.UTF_8));
    long h = 0;
    for (int i = 0; i < 8; i++) {
      h = (h << 8) | (d[i] & 0xff);
    }
    return h;
  }

  @Override
  public void add(String id) {
    if (id == null || id.isEmpty()) {
      return;
    }
    if (pendingCount == pending.length) {
      compact();
      // As many pending as sorted: each fold sorts at most twice what it adds (amortised n log n).
      if (pending.length < hashes.length) {
        pending = new long[hashes.length];
      }
    }
    pending[pendingCount++] = hash(id);
  }

  @Override
  public void merge(DistinctSketch other) {
    if (!(other instanceof HashSketch h)) {
      throw new IllegalArgumentException("cannot merge a " + other.format() + " sketch into a local one");
    }
    h.compact();
    compact();
    long[] all = Arrays.copyOf(hashes, hashes.length + h.hashes.length);
    System.arraycopy(h.hashes, 0, all, hashes.length, h.hashes.length);
    hashes = sortedDistinct(all, all.length);
  }

  @Override
  public long cardinality() {
    compact();
    return hashes.length;
  }

  @Override
  public byte[] toBytes() {
    compact();
    byte[] out = new byte[Math.max(0, hashes.length * 17 - 1)];
    int p = 0;
    for (int i = 0; i < hashes.length; i++) {
      if (i > 0) {
        out[p++] = ',';
      }
      for (int shift = 60; shift >= 0; shift -= 4) {
        out[p++] = (byte) HEX[(int) (hashes[i] >>> shift) & 0xf];
      }
    }
    return out;
  }

  @Override
  public Format format() {
    return Format.LOCAL;
  }

  /** Folds the pending hashes into the sorted array. */
  private void compact() {
    if (pendingCount == 0) {
      return;
    }
    long[] all = Arrays.copyOf(hashes, hashes.length + pendingCount);
    System.arraycopy(pending, 0, all, hashes.length, pendingCount);
    hashes = sortedDistinct(all, all.length);
    pendingCount = 0;
  }

  /** Sorted (unsigned, as the hex text sorts) distinct values of {@code values[0, n)}. */
  private static long[] sortedDistinct(long[] values, int n) {
    // Flipping the sign bit makes signed order equal unsigned order.
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = values[i] ^ Long.MIN_VALUE;
    }
    Arrays.sort(v);
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (m == 0 || v[i] != v[m - 1]) {
        v[m++] = v[i];
      }
    }
    long[] out = new long[m];
    for (int i = 0; i < m; i++) {
      out[i] = v[i] ^ Long.MIN_VALUE;
    }
    return out;
  }
}
