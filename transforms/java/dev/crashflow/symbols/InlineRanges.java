package dev.crashflow.symbols;

import java.util.Arrays;

/**
 * The address ranges of all INLINE records, one entry per range, grouped by FUNC and sorted
 * within a FUNC by (start, depth). The starts sit in their own array, so the search over a FUNC's
 * ranges reads one or two cache lines; the rest of an entry (length, link, call site packed like
 * {@link LinePairs} when it fits, and the origin's name id, resolved through the INLINE_ORIGIN
 * table when indexing) carries everything a frame needs, so a lookup reads one place per frame
 * instead of chasing record and origin tables. Depths sit apart too: only the scan below and the
 * build need them.
 *
 * <p>In a well-formed FUNC the ranges nest: every range of depth d+1 lies inside a range of depth
 * d and ranges of one depth do not overlap. Then each entry links to its parent and a lookup is a
 * binary search for the last range starting at or before the address, followed by a walk up the
 * parent links: the first range that covers the address is the innermost frame, its ancestors are
 * the rest. FUNCs whose ranges do not nest (broken dumpers) are flagged and looked up by a
 * backwards scan that applies Breakpad's rule directly (per depth, the covering range starting
 * last wins; depth gaps are closed up); there the link slot holds the longest range so far, which
 * bounds the scan.
 */
final class InlineRanges {
  static final int LEN = 0;
  /** Parent entry (or -1) in nested FUNCs; the longest range up to here in the others. */
  static final int LINK = 1;
  /** Call line and file packed into one int, or the call line alone when they do not fit. */
  static final int CALL = 2;
  static final int ORIGIN = 3;
  /** The call file, in entries of {@link #WIDE_STRIDE} ints only. */
  static final int CALL_FILE = 4;
  static final int STRIDE = 4;
  static final int WIDE_STRIDE = 5;

  /** Range starts (offsets from the FUNC start), one per entry. */
  final int[] starts;
  final int[] data;
  final short[] depths;
  final int stride;
  /** Bits of the call line in a packed CALL; 32 when unpacked. */
  private final int lineBits;
  private final int maxDepth;

  private InlineRanges(Builder b, int n) {
    this.starts = b.starts.length == n ? b.starts : Arrays.copyOf(b.starts, n);
    this.data = b.data.length == b.stride * n ? b.data : Arrays.copyOf(b.data, b.stride * n);
    this.depths = b.depths.length == n ? b.depths : Arrays.copyOf(b.depths, n);
    this.stride = b.stride;
    this.lineBits = b.lineBits;
    this.maxDepth = b.maxDepth;
  }

  /** Collects entries FUNC by FUNC, in the index's FUNC order. */
  static final class Builder {
    private final SymParser p;
    private final int stride;
    private final int lineBits;
    private int[] starts;
    private int[] data;
    private short[] depths;
    private int n;
    private int maxDepth = -1;
    private int[] stack = new int[16];

    Builder(SymParser p) {
      this.p = p;
      long maxLine = 0;
      long maxFile = 0;
      for (int r = 0; r < p.inlDepth.n; r++) {
        maxLine = Math.max(maxLine, p.inlCallLine.a[r] + 1L);
        maxFile = Math.max(maxFile, p.inlCallFile.a[r] + 1L);
      }
      int bits = 64 - Long.numberOfLeadingZeros(maxLine);
      // At least one file bit, so the line never takes all 32 (shifts by 32 do nothing in Java).
      boolean packed = bits + Math.max(1, 64 - Long.numberOfLeadingZeros(maxFile)) <= 32;
      this.stride = packed ? STRIDE : WIDE_STRIDE;
      this.lineBits = packed ? bits : 32;
      // Sized for every range the parser kept: usually exact, so build() copies nothing.
      this.starts = new int[p.rngOff.n];
      this.data = new int[stride * starts.length];
      this.depths = new short[starts.length];
    }

    /** The index the next FUNC's entries start at. */
    int size() {
      return n;
    }

    /**
     * Adds the parser's ranges {@code [from, to)} of one FUNC; returns false when they do not
     * nest (the FUNC then needs the scanning lookup).
     */
    boolean addFunction(int from, int to) {
      int m = to - from;
      if (m == 0) {
        return true;
      }
      int[] off = p.rngOff.a;
      int[] rec = p.rngRec.a;
      int[] depth = p.inlDepth.a;
      int[] order = null;
      for (int j = from + 1; j < to && order == null; j++) {
        if (key(off[j - 1], depth[rec[j - 1]]) > key(off[j], depth[rec[j]])) {
          long[] keys = new long[m];
          for (int k = 0; k < m; k++) {
            keys[k] = key(off[from + k], depth[rec[from + k]]);
          }
          order = Sorting.order(keys, m);
        }
      }
      if (starts.length < n + m) {
        starts = Arrays.copyOf(starts, Math.max(n + m, Buffers.grow(n)));
        data = Arrays.copyOf(data, stride * starts.length);
        depths = Arrays.copyOf(depths, starts.length);
      }
      int first = n;
      boolean nested = true;
      int top = -1;
      for (int k = 0; k < m; k++) {
        int j = from + (order == null ? k : order[k]);
        int r = rec[j];
        int e = stride * n;
        int d = depth[r];
        starts[n] = off[j];
        depths[n] = (short) d;
        data[e + LEN] = p.rngSize.a[j];
        int callLine = p.inlCallLine.a[r];
        int callFile = p.inlCallFile.a[r];
        if (stride == STRIDE) {
          // Both stored plus one, as in LinePairs (the line is never negative here).
          data[e + CALL] = ((callFile + 1) << lineBits) | (callLine + 1);
        } else {
          data[e + CALL] = callLine;
          data[e + CALL_FILE] = callFile;
        }
        data[e + ORIGIN] = name(p.originName, p.inlOrigin.a[r]);
        maxDepth = Math.max(maxDepth, d);
        if (nested) {
          // Close the open ranges that end at or before this one starts.
          long start = off[j];
          while (top >= 0 && end(stack[top]) <= start) {
            top--;
          }
          int parent = top >= 0 ? stack[top] : -1;
          if (parent < 0 ? d != 0
              : depths[parent] != d - 1 || start + data[e + LEN] > end(parent)) {
            nested = false;
          } else {
            data[e + LINK] = parent;
            if (++top == stack.length) {
              stack = Arrays.copyOf(stack, top * 2);
            }
            stack[top] = n;
          }
        }
        n++;
      }
      if (!nested) {
        int longest = 0;
        for (int k = first; k < n; k++) {
          longest = Math.max(longest, data[stride * k + LEN]);
          data[stride * k + LINK] = longest;
        }
      }
      return nested;
    }

    private long end(int entry) {
      return (long) starts[entry] + data[stride * entry + LEN];
    }

    InlineRanges build() {
      return new InlineRanges(this, n);
    }

    private static long key(int off, int depth) {
      return ((long) off << 12) | depth; // depth < SymParser.MAX_INLINE_DEPTH = 4096
    }

    private static int name(int[] table, int id) {
      return id >= 0 && id < table.length ? table[id] : -1;
    }
  }

  /** The last entry in {@code [from, to)} starting at or before {@code off}, or {@code from-1}. */
  int floor(int from, int to, int off) {
    int[] s = starts;
    int lo = from;
    int hi = to - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (s[mid] <= off) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return hi;
  }

  /** In a nested FUNC: the innermost entry covering {@code off}, or -1. */
  int innermost(int from, int to, int off) {
    int j = floor(from, to, off);
    if (j < from) {
      return -1;
    }
    int[] s = starts;
    int[] d = data;
    int w = stride;
    // Ancestors start at or before j, so off - start never goes negative on the way up.
    while (j >= 0 && off - s[j] >= d[w * j + LEN]) {
      j = d[w * j + LINK];
    }
    return j;
  }

  /**
   * In a FUNC whose ranges do not nest: the covering entries, outermost first, one per depth (the
   * one starting last wins), depth gaps closed up.
   */
  int[] scan(int from, int to, int off) {
    int[] s = starts;
    int[] d = data;
    int w = stride;
    int[] byDepth = null;
    int found = 0;
    for (int j = floor(from, to, off); j >= from && (long) s[j] + d[w * j + LINK] > off; j--) {
      if (off - s[j] < d[w * j + LEN]) {
        if (byDepth == null) {
          byDepth = new int[maxDepth + 1];
          Arrays.fill(byDepth, -1);
        }
        int depth = depths[j];
        if (byDepth[depth] < 0) {
          byDepth[depth] = j;
          found++;
        }
      }
    }
    int[] chain = new int[found];
    int c = 0;
    for (int depth = 0; byDepth != null && depth < byDepth.length && c < found; depth++) {
      if (byDepth[depth] >= 0) {
        chain[c++] = byDepth[depth];
      }
    }
    return chain;
  }

  int link(int entry) {
    return data[stride * entry + LINK];
  }

  int callLine(int entry) {
    int v = data[stride * entry + CALL];
    return stride == STRIDE ? (v & ((1 << lineBits) - 1)) - 1 : v;
  }

  int callFile(int entry) {
    return stride == STRIDE ? (data[STRIDE * entry + CALL] >>> lineBits) - 1
        : data[WIDE_STRIDE * entry + CALL_FILE];
  }

  int origin(int entry) {
    return data[stride * entry + ORIGIN];
  }

  long bytes() {
    return 4L * (starts.length + data.length) + 2L * depths.length + 64;
  }
}
