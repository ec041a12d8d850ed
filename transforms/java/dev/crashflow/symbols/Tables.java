package dev.crashflow.symbols;

import dev.crashflow.symbols.Buffers.Ints;
import dev.crashflow.symbols.Buffers.Names;
import java.util.Arrays;

/**
 * The arrays behind a {@link SymbolIndex}, in their final, lookup-ready shape: FUNCs and PUBLICs
 * sorted by address without duplicates, line records compacted to (offset, line/file) with an
 * explicit gap entry wherever a record ends before the next begins (so no size array is needed),
 * inline ranges sorted per FUNC. Built once by {@link #from(SymParser)}; never mutated afterwards.
 */
final class Tables {
  Names names;
  int[] fileName;
  int[] originName;
  long[] funcStart;
  long[] funcEnd;
  int[] funcName;
  int[] funcLineFrom;
  int[] funcLineTo;
  int[] funcRngFrom;
  int[] funcRngTo;
  /** Per FUNC, the longest inline range, which bounds how far back a lookup must look. */
  int[] funcMaxRange;
  int[] lineOff;
  LinePairs lines;
  int[] inlDepth;
  LinePairs inlCallSite;
  int[] inlOrigin;
  int[] rngOff;
  int[] rngSize;
  int[] rngRec;
  int maxDepth;
  long[] pubAddr;
  int[] pubName;
  long duplicates;

  private Tables() {}

  static Tables from(SymParser p) {
    Tables t = new Tables();
    t.names = p.names;
    t.names.trim();
    t.fileName = p.fileName;
    t.originName = p.originName;
    t.functions(p);
    t.lines(p);
    t.inlines(p);
    t.publics(p);
    return t;
  }

  private void functions(SymParser p) {
    int n = p.funcStart.n;
    long[] start = p.funcStart.trimmed();
    int[] order = Sorting.isSorted(start, n) ? null : Sorting.order(start, n);
    if (order != null) {
      start = Sorting.pick(start, order);
    }
    // Drop FUNCs whose start repeats an earlier one (the sort is stable: the first in the file
    // wins), so a binary search lands on exactly one candidate.
    int[] keep = distinctStarts(start, n);
    if (order != null) {
      for (int i = 0; i < keep.length; i++) {
        keep[i] = order[keep[i]];
      }
    }
    funcStart = Sorting.pick(p.funcStart.trimmed(), keep);
    funcEnd = Sorting.pick(p.funcEnd.trimmed(), keep);
    funcName = Sorting.pick(p.funcName.trimmed(), keep);
    funcLineFrom = Sorting.pick(p.funcLineFrom.trimmed(), keep);
    funcLineTo = Sorting.pick(p.funcLineTo.trimmed(), keep);
    funcRngFrom = Sorting.pick(p.funcRngFrom.trimmed(), keep);
    funcRngTo = Sorting.pick(p.funcRngTo.trimmed(), keep);
    duplicates += n - keep.length;
  }

  /** Rewrites each FUNC's sorted line records as (offset, line, file) plus gap entries. */
  private void lines(SymParser p) {
    int[] off = p.lineOff.a;
    int[] size = p.lineSize.a;
    Ints outOff = new Ints(p.lineOff.n + p.lineOff.n / 8);
    Ints outLine = new Ints(outOff.a.length);
    Ints outFile = new Ints(outOff.a.length);
    for (int f = 0; f < funcStart.length; f++) {
      int from = funcLineFrom[f];
      int to = funcLineTo[f];
      long funcLen = funcEnd[f] - funcStart[f];
      funcLineFrom[f] = outOff.n;
      for (int k = from; k < to; k++) {
        outOff.add(off[k]);
        outLine.add(p.lineNo.a[k]);
        outFile.add(p.lineFile.a[k]);
        long stop = (long) off[k] + size[k];
        long next = k + 1 < to ? off[k + 1] : funcLen;
        if (Long.compareUnsigned(stop, next) < 0 && stop <= Integer.MAX_VALUE) {
          outOff.add((int) stop);
          outLine.add(LinePairs.GAP);
          outFile.add(-1);
        }
      }
      funcLineTo[f] = outOff.n;
    }
    lineOff = outOff.trimmed();
    lines = LinePairs.of(outLine.a, outFile.a, outOff.n);
  }

  private void inlines(SymParser p) {
    inlDepth = p.inlDepth.trimmed();
    inlOrigin = p.inlOrigin.trimmed();
    inlCallSite = LinePairs.of(p.inlCallLine.a, p.inlCallFile.a, p.inlCallLine.n);
    rngOff = p.rngOff.trimmed();
    rngSize = p.rngSize.trimmed();
    rngRec = p.rngRec.trimmed();
    funcMaxRange = new int[funcStart.length];
    for (int f = 0; f < funcStart.length; f++) {
      for (int k = funcRngFrom[f]; k < funcRngTo[f]; k++) {
        funcMaxRange[f] = Math.max(funcMaxRange[f], rngSize[k]);
      }
    }
    maxDepth = -1;
    for (int d : inlDepth) {
      maxDepth = Math.max(maxDepth, d);
    }
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
    long ints = fileName.length + originName.length + funcName.length + funcLineFrom.length
        + funcLineTo.length + funcRngFrom.length + funcRngTo.length + funcMaxRange.length
        + lineOff.length + inlDepth.length + inlOrigin.length + rngOff.length * 3L
        + pubName.length;
    long longs = funcStart.length * 2L + pubAddr.length;
    return names.footprint() + lines.bytes() + inlCallSite.bytes() + 4 * ints + 8 * longs
        + 24 * 16L;
  }
}
