package dev.crashflow.symbols;

import dev.crashflow.symbols.Buffers.Names;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable, thread-safe index over one Breakpad {@code .sym} file: module-relative address in,
 * symbolicated frames out.
 *
 * <p>Everything lives in sorted primitive arrays and one byte pool of names, so the resident index
 * stays below the file size (STACK records are not kept at all) and a lookup is a few binary
 * searches. Parsing is tolerant: a malformed line is skipped and counted ({@link #skippedLines()}),
 * duplicate FUNC or PUBLIC addresses keep the first record, line and INLINE records outside their
 * FUNC are dropped, and a file without a final newline is flagged {@link #truncated()} (its last
 * line still counts when it parses). Only a file that is not a symbol file at all is rejected with
 * {@link SymbolFileException}.
 */
public final class SymbolIndex {
  /** How far back a lookup looks for an overlapping FUNC when the nearest one does not cover. */
  private static final int OVERLAP_SCAN = 8;

  private final String os;
  private final String arch;
  private final DebugId debugId;
  private final String name;
  private final String codeId;
  private final Names names;
  private final int[] fileName;
  private final int[] originName;
  private final long[] funcStart;
  private final long[] funcEnd;
  private final int[] funcName;
  private final int[] funcLineFrom;
  private final int[] funcLineTo;
  private final int[] funcRngFrom;
  private final int[] funcRngTo;
  /** Per FUNC, the longest inline range, which bounds how far back a lookup must look. */
  private final int[] funcMaxRange;
  private final int[] lineOff;
  private final int[] lineSize;
  private final int[] lineNo;
  private final int[] lineFile;
  private final int[] inlDepth;
  private final int[] inlCallLine;
  private final int[] inlCallFile;
  private final int[] inlOrigin;
  private final int[] rngOff;
  private final int[] rngSize;
  private final int[] rngRec;
  private final long[] pubAddr;
  private final int[] pubName;
  private final int maxDepth;
  private final long skippedLines;
  private final long firstSkippedLine;
  private final long duplicates;
  private final boolean truncated;

  private SymbolIndex(SymParser p) {
    os = p.os;
    arch = p.arch;
    debugId = p.debugId;
    name = p.moduleName;
    codeId = p.codeId;
    names = p.names;
    names.trim();
    fileName = p.fileName;
    originName = p.originName;
    int n = p.funcStart.n;
    long[] start = p.funcStart.trimmed();
    long[] stop = p.funcEnd.trimmed();
    int[] fName = p.funcName.trimmed();
    int[] lFrom = p.funcLineFrom.trimmed();
    int[] lTo = p.funcLineTo.trimmed();
    int[] rFrom = p.funcRngFrom.trimmed();
    int[] rTo = p.funcRngTo.trimmed();
    if (!Sorting.isSorted(start, n)) {
      int[] order = Sorting.order(start, n);
      start = Sorting.pick(start, order);
      stop = Sorting.pick(stop, order);
      fName = Sorting.pick(fName, order);
      lFrom = Sorting.pick(lFrom, order);
      lTo = Sorting.pick(lTo, order);
      rFrom = Sorting.pick(rFrom, order);
      rTo = Sorting.pick(rTo, order);
    }
    // Drop FUNCs whose start repeats an earlier one (stable sort: the first in the file wins),
    // so a binary search lands on exactly one candidate.
    int[] keep = distinctStarts(start, n);
    funcStart = Sorting.pick(start, keep);
    funcEnd = Sorting.pick(stop, keep);
    funcName = Sorting.pick(fName, keep);
    funcLineFrom = Sorting.pick(lFrom, keep);
    funcLineTo = Sorting.pick(lTo, keep);
    funcRngFrom = Sorting.pick(rFrom, keep);
    funcRngTo = Sorting.pick(rTo, keep);
    lineOff = p.lineOff.trimmed();
    lineSize = p.lineSize.trimmed();
    lineNo = p.lineNo.trimmed();
    lineFile = p.lineFile.trimmed();
    inlDepth = p.inlDepth.trimmed();
    inlCallLine = p.inlCallLine.trimmed();
    inlCallFile = p.inlCallFile.trimmed();
    inlOrigin = p.inlOrigin.trimmed();
    rngOff = p.rngOff.trimmed();
    rngSize = p.rngSize.trimmed();
    rngRec = p.rngRec.trimmed();
    funcMaxRange = new int[funcStart.length];
    for (int f = 0; f < funcStart.length; f++) {
      for (int k = funcRngFrom[f]; k < funcRngTo[f]; k++) {
        funcMaxRange[f] = Math.max(funcMaxRange[f], rngSize[k]);
      }
    }
    int depth = -1;
    for (int d : inlDepth) {
      depth = Math.max(depth, d);
    }
    maxDepth = depth;
    long[] pa = p.pubAddr.trimmed();
    int[] pn = p.pubName.trimmed();
    if (!Sorting.isSorted(pa, pa.length)) {
      int[] order = Sorting.order(pa, pa.length);
      pa = Sorting.pick(pa, order);
      pn = Sorting.pick(pn, order);
    }
    int[] keepPub = distinctStarts(pa, pa.length);
    pubAddr = Sorting.pick(pa, keepPub);
    pubName = Sorting.pick(pn, keepPub);
    duplicates = (n - keep.length) + (pa.length - keepPub.length);
    skippedLines = p.skippedLines;
    firstSkippedLine = p.firstSkippedLine;
    truncated = p.truncated;
  }

  /** Indexes the first {@code length} bytes of a symbol file held in memory. */
  public static SymbolIndex parse(byte[] data, int length) throws SymbolFileException {
    SymParser p = new SymParser(data, length);
    try {
      p.parse();
    } catch (IllegalStateException e) {
      throw new SymbolFileException("symbol file too large to index: " + e.getMessage());
    }
    return new SymbolIndex(p);
  }

  /** Indexes a whole symbol file held in memory. */
  public static SymbolIndex parse(byte[] data) throws SymbolFileException {
    return parse(data, data.length);
  }

  /** Reads and indexes a symbol file (up to 2 GB, the largest Java array). */
  public static SymbolIndex read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > Integer.MAX_VALUE - 16) {
      throw new SymbolFileException(file + ": " + size + " bytes, over the 2 GB this index reads");
    }
    return parse(Files.readAllBytes(file));
  }

  /** Reads a symbol file from a stream (for example a {@code gs://} object) and indexes it. */
  public static SymbolIndex read(InputStream in) throws IOException {
    return parse(in.readAllBytes());
  }

  /**
   * The frames at a module-relative address, innermost first: the inlined frames (each outer one
   * at the call site of the inner one), then the enclosing FUNC. With no FUNC covering the
   * address, the nearest PUBLIC below it, unless a FUNC starts between the two. Outside every
   * range: an empty list. Never throws.
   */
  public List<SymbolFrame> lookup(long address) {
    int i = floor(funcStart, address);
    for (int k = i; k >= 0 && k > i - OVERLAP_SCAN; k--) {
      if (Long.compareUnsigned(address, funcEnd[k]) < 0) {
        return functionFrames(k, address);
      }
    }
    int p = floor(pubAddr, address);
    if (p < 0 || (i >= 0 && Long.compareUnsigned(funcStart[i], pubAddr[p]) >= 0)) {
      // A FUNC that starts at or after the PUBLIC ends the PUBLIC's extent (Breakpad's rule).
      return List.of();
    }
    return List.of(new SymbolFrame(names.get(pubName[p]), null, 0, false));
  }

  private List<SymbolFrame> functionFrames(int f, long address) {
    long delta = address - funcStart[f];
    String function = names.get(funcName[f]);
    if (delta > Integer.MAX_VALUE) {
      return List.of(new SymbolFrame(function, null, 0, false)); // beyond any stored offset
    }
    int off = (int) delta;
    int line = lineAt(f, off);
    String file = line < 0 ? null : fileName(lineFile[line]);
    int lineNumber = line < 0 ? 0 : lineNo[line];
    int[] chain = inlineChain(f, off);
    if (chain.length == 0) {
      return List.of(new SymbolFrame(function, file, lineNumber, false));
    }
    List<SymbolFrame> frames = new ArrayList<>(chain.length + 1);
    frames.add(new SymbolFrame(origin(chain[chain.length - 1]), file, lineNumber, true));
    for (int j = chain.length - 1; j >= 1; j--) {
      int inner = chain[j];
      frames.add(new SymbolFrame(origin(chain[j - 1]), fileName(inlCallFile[inner]),
          inlCallLine[inner], true));
    }
    frames.add(new SymbolFrame(function, fileName(inlCallFile[chain[0]]), inlCallLine[chain[0]],
        false));
    return List.copyOf(frames);
  }

  /** The line record of FUNC {@code f} covering {@code off}, or -1. */
  private int lineAt(int f, int off) {
    int from = funcLineFrom[f];
    int k = floor(lineOff, from, funcLineTo[f], off);
    // Overlapping line records are rare; a short look back finds one that covers.
    for (int j = k; j >= from && j > k - 4; j--) {
      if ((long) off < (long) lineOff[j] + lineSize[j]) {
        return j;
      }
    }
    return -1;
  }

  /**
   * The INLINE records covering {@code off}, outermost first, one per depth; when two records of
   * one depth overlap, the one starting later (the more specific) wins. Depth gaps from a broken
   * dumper are closed up rather than dropping the chain.
   */
  private int[] inlineChain(int f, int off) {
    int from = funcRngFrom[f];
    int to = funcRngTo[f];
    if (from == to) {
      return new int[0];
    }
    int k = floor(rngOff, from, to, off);
    int[] byDepth = null;
    int found = 0;
    long reach = funcMaxRange[f];
    for (int j = k; j >= from && (long) rngOff[j] + reach > off; j--) {
      if ((long) off < (long) rngOff[j] + rngSize[j]) {
        int rec = rngRec[j];
        if (byDepth == null) {
          byDepth = new int[maxDepth + 1];
          Arrays.fill(byDepth, -1);
        }
        if (byDepth[inlDepth[rec]] < 0) {
          byDepth[inlDepth[rec]] = rec;
          found++;
        }
      }
    }
    int[] chain = new int[found];
    int c = 0;
    for (int d = 0; byDepth != null && d < byDepth.length && c < found; d++) {
      if (byDepth[d] >= 0) {
        chain[c++] = byDepth[d];
      }
    }
    return chain;
  }

  private String fileName(int id) {
    return id >= 0 && id < fileName.length ? names.get(fileName[id]) : null;
  }

  private String origin(int rec) {
    int id = inlOrigin[rec];
    return id >= 0 && id < originName.length ? names.get(originName[id]) : null;
  }

  /** The last index in {@code a} whose value is at most {@code key} (unsigned), or -1. */
  private static int floor(long[] a, long key) {
    int lo = 0;
    int hi = a.length - 1;
    int r = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (Long.compareUnsigned(a[mid], key) <= 0) {
        r = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return r;
  }

  /** The last index in {@code a[from, to)} whose value is at most {@code key}, or {@code from-1}. */
  private static int floor(int[] a, int from, int to, int key) {
    int lo = from;
    int hi = to - 1;
    int r = from - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] <= key) {
        r = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return r;
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

  /** Operating system from the MODULE line ({@code Linux}, {@code mac}, {@code windows}, ...). */
  public String os() {
    return os;
  }

  /** CPU architecture from the MODULE line ({@code x86_64}, {@code arm64}, ...). */
  public String arch() {
    return arch;
  }

  /** The module's debug id from the MODULE line. */
  public DebugId debugId() {
    return debugId;
  }

  /** The module (debug file) name from the MODULE line. */
  public String name() {
    return name;
  }

  /** The code id from {@code INFO CODE_ID}, or null when the file has none. */
  public String codeId() {
    return codeId;
  }

  /** FUNC records kept (after dropping duplicate start addresses). */
  public int functionCount() {
    return funcStart.length;
  }

  /** PUBLIC records kept (after dropping duplicate addresses). */
  public int publicCount() {
    return pubAddr.length;
  }

  /** Line records kept. */
  public int lineCount() {
    return lineOff.length;
  }

  /** INLINE records kept. */
  public int inlineCount() {
    return inlDepth.length;
  }

  /** Malformed or misplaced lines that were skipped. */
  public long skippedLines() {
    return skippedLines;
  }

  /** The 1-based line number of the first skipped line, 0 when none was skipped. */
  public long firstSkippedLine() {
    return firstSkippedLine;
  }

  /** FUNC and PUBLIC records dropped because an earlier record had the same address. */
  public long duplicateRecords() {
    return duplicates;
  }

  /** True when the file does not end with a newline: it was probably cut short. */
  public boolean truncated() {
    return truncated;
  }

  /** An estimate of the heap this index holds, in bytes (arrays plus their headers). */
  public long residentBytes() {
    long ints = fileName.length + originName.length + funcName.length + funcLineFrom.length
        + funcLineTo.length + funcRngFrom.length + funcRngTo.length + funcMaxRange.length
        + lineOff.length * 4L + inlDepth.length * 4L + rngOff.length * 3L + pubName.length;
    long longs = funcStart.length * 2L + pubAddr.length;
    return names.footprint() + 4 * ints + 8 * longs + 28 * 16 + 64;
  }
}
