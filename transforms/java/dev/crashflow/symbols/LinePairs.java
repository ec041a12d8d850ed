package dev.crashflow.symbols;

import java.util.Arrays;

/**
 * The line table: per entry a code offset (from its FUNC's start) and a (line, file) pair, kept
 * side by side in one array so that the binary search and the answer touch the same cache lines.
 * The pair is packed into one int when the largest line and file id fit together in 32 bits
 * (nearly always: files and lines rarely pass 65535), else kept as two ints. Halving the pairs is
 * what keeps the index below the size of a file made mostly of line records.
 */
final class LinePairs {
  /** The line of a gap entry: no line record covers the addresses from here to the next entry. */
  static final int GAP = -1;

  /** Stride 2 (offset, packed pair) or 3 (offset, line, file). */
  private final int[] data;
  private final int stride;
  private final int lineBits;
  private final int lineMask;
  private final int size;

  private LinePairs(int[] data, int stride, int lineBits, int size) {
    this.data = data;
    this.stride = stride;
    this.lineBits = lineBits;
    this.lineMask = lineBits >= 32 ? -1 : (1 << lineBits) - 1;
    this.size = size;
  }

  /** Appends entries straight into their final, interleaved form. */
  static final class Builder {
    private final int stride;
    private final int lineBits;
    private int[] data;
    private int n;

    /**
     * A builder for lines up to {@code maxLine} and file ids up to {@code maxFile}, with room for
     * about {@code capacity} entries.
     */
    Builder(long maxLine, long maxFile, int capacity) {
      int bits = 64 - Long.numberOfLeadingZeros(maxLine + 1);
      int fileBits = 64 - Long.numberOfLeadingZeros(maxFile + 1);
      // At least one file bit, so the line never takes all 32 (shifts by 32 do nothing in Java).
      boolean packed = bits + Math.max(1, fileBits) <= 32;
      stride = packed ? 2 : 3;
      lineBits = packed ? bits : 32;
      data = new int[stride * Math.max(16, capacity)];
    }

    /** Adds an entry; {@code line} is non-negative or {@link #GAP}, {@code file} an id or -1. */
    void add(int off, int line, int file) {
      int e = stride * n;
      if (e + stride > data.length) {
        data = Arrays.copyOf(data, stride * Math.max(n + 1, Buffers.grow(n)));
      }
      data[e] = off;
      if (stride == 3) {
        data[e + 1] = line;
        data[e + 2] = file;
      } else {
        // Both stored plus one so that 0 means GAP / no file.
        data[e + 1] = ((file + 1) << lineBits) | (line + 1);
      }
      n++;
    }

    /** Entries added so far. */
    int size() {
      return n;
    }

    LinePairs build() {
      int[] d = data.length == stride * n ? data : Arrays.copyOf(data, stride * n);
      return new LinePairs(d, stride, lineBits, n);
    }
  }

  /**
   * The last entry in {@code [from, to)} whose offset is at most {@code off}, or {@code from-1}.
   * Line records spread fairly evenly over a function, so the search starts where {@code off}
   * would fall if they were even ({@code span} is the function's length) and gallops outwards
   * from there: usually the answer is in the cache line of that first guess, where a plain binary
   * search over a few hundred bytes would touch three or four lines.
   */
  int floor(int from, int to, int off, long span) {
    int n = to - from;
    if (n <= 0) {
      return from - 1;
    }
    int[] d = data;
    int s = stride;
    int g = from + (int) Math.min(n - 1, span > 0 ? (long) off * n / span : 0);
    int lo;
    int hi;
    if (d[g * s] <= off) {
      // The answer is at g or after: widen the step until an entry lies beyond off.
      lo = g;
      int step = 1;
      while (lo + step < to && d[(lo + step) * s] <= off) {
        lo += step;
        step <<= 1;
      }
      hi = Math.min(lo + step, to) - 1;
      lo++;
    } else {
      hi = g - 1;
      int step = 1;
      while (hi - step >= from && d[(hi - step + 1) * s] > off) {
        hi -= step;
        step <<= 1;
      }
      lo = Math.max(hi - step + 1, from);
    }
    // Here entries before lo are at most off and entries after hi are beyond it.
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (d[mid * s] <= off) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return hi;
  }

  int line(int k) {
    return stride == 3 ? data[3 * k + 1] : (data[2 * k + 1] & lineMask) - 1;
  }

  int file(int k) {
    return stride == 3 ? data[3 * k + 2] : (data[2 * k + 1] >>> lineBits) - 1;
  }

  int size() {
    return size;
  }

  long bytes() {
    return 4L * data.length + 32;
  }
}
