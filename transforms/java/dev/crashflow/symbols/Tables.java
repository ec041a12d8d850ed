package dev.crashflow.symbols;

import dev.crashflow.symbols.Buffers.Names;
import java.util.Arrays;

/**
 * The arrays behind a {@link SymbolIndex}, in their final, lookup-ready shape, laid out so that a
 * lookup at a random address touches few cache lines:
 *
 * <ul>
 *   <li>per FUNC one {@link #FUNC_STRIDE}-long record (start; length and name; first line entry
 *       and first inline entry), sorted by start without duplicates, where the next record gives
 *       the ends of the line and inline slices; a bucket table over the address range narrows
 *       the search to a handful of neighbouring records, so finding the FUNC reads one bucket
 *       and one or two cache lines that already hold the whole record, instead of twenty levels
 *       of a binary search and then the record;
 *   <li>line records as (offset, line/file) {@link LinePairs}, with an explicit gap entry
 *       wherever a record ends before the next begins (so no size is needed);
 *   <li>inline ranges as {@link InlineRanges};
 *   <li>names as ids into {@link Names}.
 * </ul>
 *
 * <p>Built once by {@link #from(SymParser)}; never mutated afterwards.
 */
final class Tables {
  static final int FUNC_STRIDE = 3;
  /** The FUNC's start address. */
  static final int START = 0;
  /** Length (unsigned, high half) and name id (low half). */
  static final int LENGTH_NAME = 1;
  /** First line entry (high half) and first inline entry (low half). */
  static final int SLICES = 2;
  /** Set in a record's inline-entry half when the FUNC's inline ranges do not nest. */
  static final int NOT_NESTED = 1 << 31;
  /** A length of all ones: the length does not fit in 32 bits, see {@link #wideEnd}. */
  static final int WIDE = -1;

  Names names;
  /** Name ids of FILE names by FILE id (-1 when undeclared). */
  int[] fileName;
  /** Records of {@link #FUNC_STRIDE} longs, plus one closing record holding the slice ends. */
  long[] func;
  int funcCount;
  /** FUNC ends when some FUNC is 4 GB or longer, else null. */
  long[] wideEnd;
  /** First FUNC of each address bucket of {@code 1 << bucketShift} bytes from the lowest start. */
  int[] buckets;
  int bucketShift;
  LinePairs lines;
  InlineRanges inlines;
  int inlineRecords;
  long[] pubAddr;
  int[] pubName;
  long duplicates;

  private Tables() {}

  static Tables from(SymParser p) {
    Tables t = new Tables();
    t.names = p.names;
    // Names as Strings when they cost at most a quarter of the file (any big symbol file).
    t.names.trim(p.length() / 4);
    int fileCount = p.fileName.length; // the parser's table grows by doubling: trim the slack
    while (fileCount > 0 && p.fileName[fileCount - 1] < 0) {
      fileCount--;
    }
    t.fileName = Arrays.copyOf(p.fileName, fileCount);
    t.records(p, t.functions(p));
    t.publics(p);
    t.buckets();
    t.inlineRecords = p.inlDepth.n;
    return t;
  }

  /** Sorts FUNCs by start, dropping repeats; returns the parser's index of each FUNC kept. */
  private int[] functions(SymParser p) {
    int n = p.funcStart.n;
    long[] start = p.funcStart.trimmed();
    int[] order = Sorting.isSorted(start, n) ? null : Sorting.order(start, n);
    if (order != null) {
      start = Sorting.pick(start, order);
    }
    // Drop FUNCs whose start repeats an earlier one (the sort is stable: the first in the file
    // wins), so a search lands on exactly one candidate.
    int[] keep = distinctStarts(start, n);
    if (order != null) {
      for (int i = 0; i < keep.length; i++) {
        keep[i] = order[keep[i]];
      }
    }
    duplicates += n - keep.length;
    return keep;
  }

  /** Writes the FUNC records, the line table (with gap entries) and the inline ranges. */
  private void records(SymParser p, int[] keep) {
    int n = keep.length;
    funcCount = n;
    func = new long[FUNC_STRIDE * (n + 1)];
    int[] off = p.lineOff.a;
    int[] size = p.lineSize.a;
    long maxLine = 0;
    long maxFile = 0;
    for (int k = 0; k < p.lineOff.n; k++) {
      maxLine = Math.max(maxLine, p.lineNo.a[k]);
      maxFile = Math.max(maxFile, p.lineFile.a[k]);
    }
    LinePairs.Builder out = new LinePairs.Builder(maxLine, maxFile, p.lineOff.n + p.lineOff.n / 8);
    InlineRanges.Builder ranges = new InlineRanges.Builder(p);
    for (int f = 0; f < n; f++) {
      int src = keep[f];
      long start = p.funcStart.a[src];
      long funcLen = p.funcEnd.a[src] - start;
      int r = FUNC_STRIDE * f;
      int len = (int) funcLen;
      if (Long.compareUnsigned(funcLen, 0xFFFFFFFFL) >= 0) {
        len = WIDE;
        if (wideEnd == null) {
          wideEnd = new long[n];
          for (int k = 0; k < f; k++) {
            wideEnd[k] = funcEnd(k);
          }
        }
      }
      if (wideEnd != null) {
        wideEnd[f] = p.funcEnd.a[src];
      }
      func[r + START] = start;
      func[r + LENGTH_NAME] = pack(len, p.funcName.a[src]);
      int lineFrom = out.size();
      int to = p.funcLineTo.a[src];
      for (int k = p.funcLineFrom.a[src]; k < to; k++) {
        out.add(off[k], p.lineNo.a[k], p.lineFile.a[k]);
        long stop = (long) off[k] + size[k];
        long next = k + 1 < to ? off[k + 1] : funcLen;
        if (Long.compareUnsigned(stop, next) < 0 && stop <= Integer.MAX_VALUE) {
          out.add((int) stop, LinePairs.GAP, -1);
        }
      }
      int rangeFrom = ranges.size();
      if (!ranges.addFunction(p.funcRngFrom.a[src], p.funcRngTo.a[src])) {
        rangeFrom |= NOT_NESTED;
      }
      func[r + SLICES] = pack(lineFrom, rangeFrom);
    }
    func[FUNC_STRIDE * n + SLICES] = pack(out.size(), ranges.size());
    lines = out.build();
    inlines = ranges.build();
  }

  private static long pack(int high, int low) {
    return ((long) high << 32) | (low & 0xFFFFFFFFL);
  }

  private void publics(SymParser p) {
    long[] pa = p.pubAddr.trimmed();
    int[] pn = p.pubName.trimmed();
    if (!Sorting.isSorted(pa, pa.length)) {
      int[] order = Sorting.order(pa, pa.length);
      pa = Sorting.pick(pa, order);
      pn = Sorting.pick(pn, order);
    }
    int[] keep = distinctStarts(pa, pa.length);
    pubAddr = Sorting.pick(pa, keep);
    pubName = Sorting.pick(pn, keep);
    duplicates += pa.length - keep.length;
  }

  /**
   * Splits the range from the lowest to the highest FUNC start into at most about 2n equal
   * buckets (a power of two bytes each) and records the first FUNC of each.
   */
  private void buckets() {
    int n = funcCount;
    if (n == 0) {
      buckets = new int[] {0, 0};
      return;
    }
    long base = func[START];
    long span = func[FUNC_STRIDE * (n - 1) + START] - base;
    int spanBits = 64 - Long.numberOfLeadingZeros(span);
    // About four FUNCs per bucket: the bucket table stays small enough to stay in cache.
    int countBits = Math.max(0, 32 - Integer.numberOfLeadingZeros(n) - 2);
    bucketShift = Math.min(63, Math.max(0, spanBits - countBits)); // Java shifts are mod 64
    int count = (int) (span >>> bucketShift) + 1;
    buckets = new int[count + 1];
    int i = 0;
    for (int b = 0; b < count; b++) {
      long low = base + ((long) b << bucketShift);
      while (i < n && Long.compareUnsigned(func[FUNC_STRIDE * i + START], low) < 0) {
        i++;
      }
      buckets[b] = i;
    }
    buckets[count] = n;
  }

  /** The last FUNC whose start is at most {@code address} (unsigned), or -1. */
  int floorFunction(long address) {
    long[] fn = func;
    int n = funcCount;
    if (n == 0 || Long.compareUnsigned(address, fn[START]) < 0) {
      return -1;
    }
    long b = (address - fn[START]) >>> bucketShift;
    if (Long.compareUnsigned(b, buckets.length - 2) > 0) {
      return n - 1; // beyond the last start
    }
    // Starts before this bucket are below the address, starts after it above.
    int lo = buckets[(int) b];
    int hi = buckets[(int) b + 1] - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (Long.compareUnsigned(fn[FUNC_STRIDE * mid + START], address) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return hi;
  }

  long funcStart(int f) {
    return func[FUNC_STRIDE * f + START];
  }

  /** The end (exclusive) of FUNC {@code f}. */
  long funcEnd(int f) {
    int len = (int) (func[FUNC_STRIDE * f + LENGTH_NAME] >>> 32);
    return len == WIDE && wideEnd != null ? wideEnd[f] : funcStart(f) + (len & 0xFFFFFFFFL);
  }

  int funcName(int f) {
    return (int) func[FUNC_STRIDE * f + LENGTH_NAME];
  }

  /** The FILE name with this id, or null. */
  String file(int id) {
    return id >= 0 && id < fileName.length ? names.get(fileName[id]) : null;
  }

  private static int[] distinctStarts(long[] sorted, int n) {
    int[] keep = new int[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        keep[m++] = i;
      }
    }
    return Arrays.copyOf(keep, m);
  }

  /** The heap these arrays hold, in bytes, counting a 16-byte header per array. */
  long bytes() {
    long ints = fileName.length + buckets.length + pubName.length;
    long longs = func.length + pubAddr.length + (wideEnd == null ? 0 : wideEnd.length);
    return names.footprint() + lines.bytes() + inlines.bytes() + 4 * ints + 8 * longs + 10 * 16L;
  }
}
