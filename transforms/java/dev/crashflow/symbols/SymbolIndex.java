package dev.crashflow.symbols;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable, thread-safe index over one Breakpad {@code .sym} file: module-relative address in,
 * symbolicated frames out.
 *
 * <p>Everything lives in sorted primitive arrays laid out so that a lookup at a random address
 * touches a handful of cache lines (see {@link Tables}), plus one String per distinct name, so a
 * lookup allocates only its frames and the resident index of a real symbol file stays well below
 * the file's size (STACK records are not kept at all). Parsing is tolerant: a malformed line is
 * skipped and counted ({@link #skippedLines()}), duplicate FUNC or PUBLIC addresses keep the first
 * record, line and INLINE records outside their FUNC are dropped, and a file without a final
 * newline is flagged {@link #truncated()} (its last line still counts when it parses). Only a file
 * that is not a symbol file at all is rejected with {@link SymbolFileException}.
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

  /** Bytes read from a stream at a time: small enough to stay in the core's cache. */
  static final int CHUNK = 256 << 10;

  /** Indexes the first {@code length} bytes of a symbol file held in memory. */
  public static SymbolIndex parse(byte[] data, int length) throws SymbolFileException {
    SymParser p = new SymParser(length);
    try {
      p.feed(data, length, true);
      p.finish();
    } catch (IllegalStateException e) {
      throw tooLarge(e);
    }
    return new SymbolIndex(p);
  }

  /** Indexes a whole symbol file held in memory. */
  public static SymbolIndex parse(byte[] data) throws SymbolFileException {
    return parse(data, data.length);
  }

  /**
   * Reads and indexes a symbol file (its names up to 2 GB; the file itself may be larger). A
   * regular file is read through memory maps ({@link MappedFileStream}), anything else (a pipe,
   * a device) as a stream.
   */
  public static SymbolIndex read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        return read(in, 0);
      }
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      return read(new MappedFileStream(channel, size), size);
    }
  }

  /** Reads a symbol file from a stream (for example a {@code gs://} object) and indexes it. */
  public static SymbolIndex read(InputStream in) throws IOException {
    return read(in, 0);
  }

  /**
   * Reads a symbol file of about {@code sizeHint} bytes (0 when unknown; the hint only sizes the
   * tables) from a stream and indexes it. The stream is parsed in cache-sized chunks as it
   * arrives, never held whole: reading a big file into one array first cost as much as parsing
   * it (a fresh array of the file's size to fault in, then a copy that misses every cache).
   */
  public static SymbolIndex read(InputStream in, long sizeHint) throws IOException {
    SymParser p = new SymParser(sizeHint);
    byte[] buf = new byte[sizeHint > 0 && sizeHint < CHUNK ? (int) sizeHint + 1 : CHUNK];
    int have = 0;
    try {
      boolean eof = false;
      while (!eof) {
        if (have == buf.length) {
          // One line longer than the buffer: grow the buffer rather than split the line.
          if (buf.length > Integer.MAX_VALUE / 2) {
            throw new SymbolFileException("a line of over 1 GB: not a symbol file");
          }
          buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int want = buf.length - have;
        int n = in.readNBytes(buf, have, want);
        have += n;
        eof = n < want;
        int done = p.feed(buf, have, eof);
        System.arraycopy(buf, done, buf, 0, have - done);
        have -= done;
      }
      p.finish();
    } catch (IllegalStateException e) {
      throw tooLarge(e);
    }
    return new SymbolIndex(p);
  }

  private static SymbolFileException tooLarge(IllegalStateException e) {
    return new SymbolFileException("symbol file too large to index: " + e.getMessage());
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
    int i = t.floorFunction(address);
    for (int k = i; k >= 0 && k > i - OVERLAP_SCAN; k--) {
      if (Long.compareUnsigned(address, t.funcEnd(k)) < 0) {
        return functionFrames(k, address);
      }
    }
    int p = floor(t.pubAddr, address);
    if (p < 0 || (i >= 0 && Long.compareUnsigned(t.funcStart(i), t.pubAddr[p]) >= 0)) {
      // A FUNC that starts at or after the PUBLIC ends the PUBLIC's extent (Breakpad's rule).
      return List.of();
    }
    return List.of(new SymbolFrame(t.names.get(t.pubName[p]), null, 0, false));
  }

  private List<SymbolFrame> functionFrames(int f, long address) {
    long delta = address - t.funcStart(f);
    String function = t.names.get(t.funcName(f));
    if (delta > Integer.MAX_VALUE) {
      return List.of(new SymbolFrame(function, null, 0, false)); // beyond any stored offset
    }
    int off = (int) delta;
    long slices = t.func[Tables.FUNC_STRIDE * f + Tables.SLICES];
    long next = t.func[Tables.FUNC_STRIDE * (f + 1) + Tables.SLICES];
    int lineFrom = (int) (slices >>> 32);
    int from = (int) slices & ~Tables.NOT_NESTED;
    int to = (int) next & ~Tables.NOT_NESTED;
    InlineRanges in = t.inlines;
    // Read the first inline start now: its cache miss then overlaps the line search's instead of
    // following it, and an address before it needs no inline search at all.
    int firstInline = from < to ? in.starts[from] : 0;
    int k = t.lines.floor(lineFrom, (int) (next >>> 32), off, t.funcEnd(f) - t.funcStart(f));
    int line = k >= lineFrom ? t.lines.line(k) : LinePairs.GAP;
    String file = line != LinePairs.GAP ? t.file(t.lines.file(k)) : null;
    line = Math.max(line, 0);
    if (from == to || off < firstInline) {
      return List.of(new SymbolFrame(function, file, line, false));
    }
    if (((int) slices & Tables.NOT_NESTED) != 0) {
      return chainFrames(in.scan(from, to, off), function, file, line);
    }
    int inner = in.innermost(from, to, off);
    if (inner < 0) {
      return List.of(new SymbolFrame(function, file, line, false));
    }
    int depth = 1;
    for (int e = in.link(inner); e >= 0; e = in.link(e)) {
      depth++;
    }
    // Innermost first: each frame's position is the call site recorded by the one inside it.
    SymbolFrame[] frames = new SymbolFrame[depth + 1];
    int e = inner;
    for (int j = 0; j < depth; j++) {
      frames[j] = new SymbolFrame(t.names.get(in.origin(e)), file, line, true);
      file = t.file(in.callFile(e));
      line = in.callLine(e);
      e = in.link(e);
    }
    frames[depth] = new SymbolFrame(function, file, line, false);
    return List.of(frames);
  }

  /** Frames for a chain of inline entries given outermost first. */
  private List<SymbolFrame> chainFrames(int[] chain, String function, String file, int line) {
    InlineRanges in = t.inlines;
    SymbolFrame[] frames = new SymbolFrame[chain.length + 1];
    for (int j = chain.length - 1; j >= 0; j--) {
      frames[chain.length - 1 - j] =
          new SymbolFrame(t.names.get(in.origin(chain[j])), file, line, true);
      file = t.file(in.callFile(chain[j]));
      line = in.callLine(chain[j]);
    }
    frames[chain.length] = new SymbolFrame(function, file, line, false);
    return List.of(frames);
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
    return t.funcCount;
  }

  /** PUBLIC records kept (after dropping duplicate addresses). */
  public int publicCount() {
    return t.pubAddr.length;
  }

  /** Line records kept, plus one entry for each gap between them. */
  public int lineCount() {
    return t.lines.size();
  }

  /** INLINE records kept. */
  public int inlineCount() {
    return t.inlineRecords;
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
