package dev.crashflow.symbols;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
  private final Tables t;
  private final long skippedLines;
  private final long firstSkippedLine;
  private final boolean truncated;

  private SymbolIndex(SymParser p) {
    os = p.os;
    arch = p.arch;
    debugId = p.debugId;
    name = p.moduleName;
    codeId = p.codeId;
    t = Tables.from(p);
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
   *
   * <p>As in Breakpad, the last PUBLIC has no end: the file does not say how large the module is.
   * Callers that know the image size (from {@code debug_meta}) must reject addresses beyond it
   * before looking them up.
   */
  public List<SymbolFrame> lookup(long address) {
    int i = floor(t.funcStart, address);
    for (int k = i; k >= 0 && k > i - OVERLAP_SCAN; k--) {
      if (Long.compareUnsigned(address, t.funcEnd[k]) < 0) {
        return functionFrames(k, address);
      }
    }
    int p = floor(t.pubAddr, address);
    if (p < 0 || (i >= 0 && Long.compareUnsigned(t.funcStart[i], t.pubAddr[p]) >= 0)) {
      // A FUNC that starts at or after the PUBLIC ends the PUBLIC's extent (Breakpad's rule).
      return List.of();
    }
    return List.of(new SymbolFrame(t.names.get(t.pubName[p]), null, 0, false));
  }

  private List<SymbolFrame> functionFrames(int f, long address) {
    long delta = address - t.funcStart[f];
    String function = t.names.get(t.funcName[f]);
    if (delta > Integer.MAX_VALUE) {
      return List.of(new SymbolFrame(function, null, 0, false)); // beyond any stored offset
    }
    int off = (int) delta;
    int k = floor(t.lineOff, t.funcLineFrom[f], t.funcLineTo[f], off);
    boolean hasLine = k >= t.funcLineFrom[f] && t.lines.line(k) != LinePairs.GAP;
    String file = hasLine ? fileName(t.lines.file(k)) : null;
    int line = hasLine ? t.lines.line(k) : 0;
    int[] chain = inlineChain(f, off);
    if (chain.length == 0) {
      return List.of(new SymbolFrame(function, file, line, false));
    }
    SymbolFrame[] frames = new SymbolFrame[chain.length + 1];
    frames[0] = new SymbolFrame(origin(chain[chain.length - 1]), file, line, true);
    for (int j = chain.length - 1; j >= 1; j--) {
      int inner = chain[j];
      frames[chain.length - j] = new SymbolFrame(origin(chain[j - 1]),
          fileName(t.inlCallSite.file(inner)), t.inlCallSite.line(inner), true);
    }
    frames[chain.length] = new SymbolFrame(function, fileName(t.inlCallSite.file(chain[0])),
        t.inlCallSite.line(chain[0]), false);
    return List.of(frames);
  }

  /**
   * The INLINE records covering {@code off}, outermost first, one per depth; when two records of
   * one depth overlap, the one starting later (the more specific) wins. Depth gaps from a broken
   * dumper are closed up rather than dropping the chain.
   */
  private int[] inlineChain(int f, int off) {
    int from = t.funcRngFrom[f];
    int to = t.funcRngTo[f];
    if (from == to) {
      return new int[0];
    }
    int k = floor(t.rngOff, from, to, off);
    int[] byDepth = null;
    int found = 0;
    long reach = t.funcMaxRange[f];
    // Ranges are sorted by start; none that starts more than the longest range before off can
    // cover it, which bounds this backwards walk.
    for (int j = k; j >= from && (long) t.rngOff[j] + reach > off; j--) {
      if ((long) off < (long) t.rngOff[j] + t.rngSize[j]) {
        int rec = t.rngRec[j];
        if (byDepth == null) {
          byDepth = new int[t.maxDepth + 1];
          Arrays.fill(byDepth, -1);
        }
        if (byDepth[t.inlDepth[rec]] < 0) {
          byDepth[t.inlDepth[rec]] = rec;
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
    return id >= 0 && id < t.fileName.length ? t.names.get(t.fileName[id]) : null;
  }

  private String origin(int rec) {
    int id = t.inlOrigin[rec];
    return id >= 0 && id < t.originName.length ? t.names.get(t.originName[id]) : null;
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
    return t.funcStart.length;
  }

  /** PUBLIC records kept (after dropping duplicate addresses). */
  public int publicCount() {
    return t.pubAddr.length;
  }

  /** Line records kept, plus one entry for each gap between them. */
  public int lineCount() {
    return t.lineOff.length;
  }

  /** INLINE records kept. */
  public int inlineCount() {
    return t.inlDepth.length;
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
    return t.duplicates;
  }

  /** True when the file does not end with a newline: it was probably cut short. */
  public boolean truncated() {
    return truncated;
  }

  /** An estimate of the heap this index holds, in bytes (arrays plus their headers). */
  public long residentBytes() {
    return t.bytes() + 64;
  }
}
