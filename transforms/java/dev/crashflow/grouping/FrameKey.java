package dev.crashflow.grouping;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The 128-bit key of a frame's identity for the {@link FrameCache}: family, function, module,
 * filename, path (when the key needs it) and canonical package.
 *
 * <p>Decoded events bring fresh strings whose {@link String#hashCode} was never computed (on JDK 17
 * a serial multiply per character, over some 5 KB of names per event), so each string is copied
 * (one low byte per character: a plain array copy for Latin-1 strings) behind its length into a
 * scratch buffer, and the buffer is mixed 32 bytes at a time in four independent lanes, each step
 * a bijection of its lane, then folded into two 64-bit halves that both depend on every lane.
 * Two frames share an entry only when all 128 bits agree: for distinct Latin-1 identities that is
 * a chance of about 2^-128 per pair, far below anything else in the engine (the fingerprint
 * itself is 128 bits). Names with characters beyond Latin-1 lose their high bytes here, so the
 * entries of such frames keep their fields and compare them on every hit ({@link
 * FrameCache.Entry#exact}). What that leaves: a frame beyond Latin-1 whose low bytes spell, in
 * every field, a Latin-1 frame already cached (say {@code Łoad} for {@code Aoad}, U+0141 and
 * U+0041) would take that frame's entry; telling them apart on every hit would mean scanning
 * every character of every event.
 *
 * <p>One per thread at a time (it holds the buffer).
 */
final class FrameKey {
  static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONGS_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  static final long M1 = 0x9E3779B97F4A7C15L;
  static final long M2 = 0xC2B2AE3D27D4EB4FL;
  static final long M3 = 0x165667B19E3779F9L;
  static final long M4 = 0xD6E8FEB86659FD93L;

  private byte[] buf = new byte[8192];
  private int[] starts = new int[64];
  private int frames;
  private int at;
  /** What the caller's pass over the frames read, kept so that the reads are not optimised away. */
  int touched;
  /** The keys of the frames added since {@link #reset}, after {@link #finish}. */
  long[] h1 = new long[64];
  long[] h2 = new long[64];

  /** Starts a new stack. */
  void reset() {
    frames = 0;
    at = 0;
  }

  /**
   * Adds a frame's identity; its key is worked out by {@link #finish}, once all frames are in the
   * buffer (reading back bytes just written, word by word, would stall on every string).
   */
  void add(String family, String function, String module, String filename, String absPath,
      String pkg) {
    if (frames == starts.length) {
      starts = Arrays.copyOf(starts, frames * 2);
    }
    starts[frames++] = at;
    int n = family(at, family);
    n = put(n, function);
    n = put(n, module);
    n = put(n, filename);
    n = put(n, absPath);
    n = put(n, pkg);
    int end = (n + 31) & ~31;
    for (int z = n; z < end; z += 8) { // zeros after the last string (put left room for them)
      LONGS.set(buf, z, 0L);
    }
    at = end;
  }

  /** Works out the keys of the frames added, into {@link #h1} and {@link #h2}. */
  void finish() {
    if (h1.length < frames) {
      h1 = new long[Math.max(frames, h1.length * 2)];
      h2 = new long[h1.length];
    }
    for (int f = 0; f < frames; f++) {
      int from = starts[f];
      int end = f + 1 < frames ? starts[f + 1] : at;
      hash(f, from, end);
    }
  }

  private void hash(int f, int from, int end) {
    long a = 0x243F6A8885A308D3L;
    long b = 0x13198A2E03707344L;
    long c = 0xA4093822299F31D0L;
    long d = 0x082EFA98EC4E6C89L;
    for (int i = from; i < end; i += 32) {
      a = (a ^ (long) LONGS.get(buf, i)) * M1;
      b = (b ^ (long) LONGS.get(buf, i + 8)) * M2;
      c = (c ^ (long) LONGS.get(buf, i + 16)) * M3;
      d = (d ^ (long) LONGS.get(buf, i + 24)) * M4;
      a ^= a >>> 29;
      b ^= b >>> 31;
      c ^= c >>> 27;
      d ^= d >>> 30;
    }
    int n = end - from;
    h1[f] = mix(a * M2 + Long.rotateLeft(b, 13) * M3 + Long.rotateLeft(c, 29) * M4 + d + n);
    h2[f] = mix(d * M1 + Long.rotateLeft(c, 17) * M2 + Long.rotateLeft(b, 41) * M4 + a + n * M3);
  }

  /**
   * Appends a family ({@link Families}): one of its five names as a code below -1 (no string's
   * length), any other name as a string.
   */
  private int family(int at, String family) {
    int code = family == Families.JVM ? -2 : family == Families.NATIVE ? -3
        : family == Families.CSHARP ? -4 : family == Families.JAVASCRIPT ? -5
        : family == Families.OTHER ? -6 : 0;
    if (code == 0) {
      return put(at, family);
    }
    if (buf.length < at + 80) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    INTS.set(buf, at, code);
    return at + 4;
  }

  /** Appends a string (its length, then one byte per character); -1 for null. */
  @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int): low bytes, no allocation
  private int put(int at, String s) {
    int len = s == null ? -1 : s.length();
    if (buf.length < at + Math.max(len, 0) + 80) {
      buf = Arrays.copyOf(buf, Math.max(at + len + 80, buf.length * 2));
    }
    INTS.set(buf, at, len);
    if (len > 0) {
      s.getBytes(0, len, buf, at + 4);
    }
    return at + 4 + Math.max(len, 0);
  }

  /** MurmurHash3's 64-bit finaliser: every input bit moves every output bit. */
  static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    return h ^ (h >>> 33);
  }

  /** True when some field has a character beyond Latin-1 (its key lost high bytes). */
  static boolean beyondLatin1(String... fields) {
    for (String s : fields) {
      if (s != null) {
        for (int i = 0; i < s.length(); i++) {
          if (s.charAt(i) > 0xFF) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** The big-endian long at {@code at} of a digest (its bytes in hash order). */
  static long longAt(byte[] digest, int at) {
    return (long) LONGS_BE.get(digest, at);
  }

  /** Writes {@code v} big-endian at {@code at} (the inverse of {@link #longAt}). */
  static void putLong(byte[] out, int at, long v) {
    LONGS_BE.set(out, at, v);
  }
}
