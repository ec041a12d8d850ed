package dev.crashflow.symbols;

import dev.crashflow.symbols.Buffers.Ints;
import dev.crashflow.symbols.Buffers.Longs;
import dev.crashflow.symbols.Buffers.Names;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One pass over the bytes of a {@code .sym} file into primitive arrays.
 *
 * <p>Speed comes from never materialising what lookups do not need: STACK records (often most of
 * the file) are skipped by looking at their first byte only, numbers are parsed straight from the
 * bytes, and names are copied as bytes into one pool. A malformed line is skipped and counted
 * rather than failing the file, because real symbol files carry the odd bad record from buggy
 * dumpers and the rest of the file is still right.
 */
final class SymParser extends FieldReader {
  /** Deeper INLINE nesting than this is treated as garbage (protects the lookup's depth table). */
  static final int MAX_INLINE_DEPTH = 4096;
  /** FILE / INLINE_ORIGIN ids above this are treated as garbage (they index a dense table). */
  static final int MAX_ID = 1 << 24;

  /** Bytes fed so far, for sizing the name strings at the end. */
  private long length;

  // The index under construction; SymbolIndex takes these over.
  String os;
  String arch;
  DebugId debugId;
  String moduleName;
  String codeId;
  final Names names;
  int[] fileName = new int[0];
  int[] originName = new int[0];
  final Longs funcStart;
  final Longs funcEnd;
  final Ints funcName;
  final Ints funcLineFrom = new Ints(1024);
  final Ints funcLineTo = new Ints(1024);
  final Ints funcRngFrom = new Ints(1024);
  final Ints funcRngTo = new Ints(1024);
  final Ints lineOff;
  final Ints lineSize;
  final Ints lineNo;
  final Ints lineFile;
  final Ints inlDepth = new Ints(256);
  final Ints inlCallLine = new Ints(256);
  final Ints inlCallFile = new Ints(256);
  final Ints inlOrigin = new Ints(256);
  final Ints rngOff = new Ints(256);
  final Ints rngSize = new Ints(256);
  final Ints rngRec = new Ints(256);
  final Longs pubAddr = new Longs(256);
  final Ints pubName = new Ints(256);
  long skippedLines;
  long firstSkippedLine;
  boolean truncated;

  private int cur = -1;
  private boolean linesSorted;
  private boolean rangesSorted;
  private long lineNumber;
  private boolean started;
  private boolean seenModule;

  /**
   * A parser for a file of about {@code sizeHint} bytes (0 when unknown): sizing from the file
   * length avoids most regrowth on big files without over-reserving.
   */
  SymParser(long sizeHint) {
    int hint = (int) Math.min(Math.max(0, sizeHint), Integer.MAX_VALUE);
    int guess = Math.max(1024, hint / 256);
    names = new Names(Math.max(1024, hint / 16));
    funcStart = new Longs(guess / 8);
    funcEnd = new Longs(guess / 8);
    funcName = new Ints(guess / 8);
    lineOff = new Ints(guess);
    lineSize = new Ints(guess);
    lineNo = new Ints(guess);
    lineFile = new Ints(guess);
  }

  /** The length of the file in bytes (all bytes fed so far). */
  long length() {
    return length;
  }

  /**
   * Parses the complete lines in {@code data[0, count)} and returns where the first incomplete
   * one starts (the caller moves it to the front of the next chunk); with {@code last}, the file
   * ends at {@code count} and everything is parsed. Lines never span two calls, so a chunk of a
   * stream is parsed in place: the file is never copied whole. Throws only when the file is not
   * a symbol file at all.
   */
  int feed(byte[] data, int count, boolean last) throws SymbolFileException {
    b = data;
    limit = count;
    int p = 0;
    if (!started) {
      if (count < 3 && !last) {
        return 0;
      }
      started = true;
      // A UTF-8 byte order mark in front of MODULE comes from Windows editors and is harmless.
      if (count >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
        p = 3;
      }
    }
    while (p < count) {
      int nl = nextNewline(p);
      if (nl == count && !last) {
        break;
      }
      lineNumber++;
      int e = nl;
      if (e > p && b[e - 1] == '\r') {
        e--;
      }
      if (nl == count) {
        truncated = true;
      }
      pos = p;
      end = e;
      bad = false;
      if (!seenModule) {
        if (e == p) {
          p = nl + 1;
          continue;
        }
        module();
        seenModule = true;
      } else {
        record();
      }
      p = nl + 1;
    }
    int done = Math.min(p, count);
    length += done;
    return done;
  }

  /** Ends the file after the last {@link #feed}. */
  void finish() throws SymbolFileException {
    if (!seenModule) {
      throw new SymbolFileException("no MODULE line: not a Breakpad symbol file");
    }
    closeFunction();
  }

  private void record() {
    if (pos == end) {
      return;
    }
    byte c = b[pos];
    if (c == 'S' && startsWith("STACK ")) {
      return;
    }
    // Keywords first: 'F' is also a hex digit, so "FUNC"/"FILE" must not be read as line records.
    if (c == 'F' && startsWith("FUNC ")) {
      func();
    } else if (c == 'F' && startsWith("FILE ")) {
      fileOrOrigin(true);
    } else if (c == 'I' && startsWith("INLINE_ORIGIN ")) {
      fileOrOrigin(false);
    } else if (c == 'I' && startsWith("INLINE ")) {
      inline();
    } else if (c == 'I' && startsWith("INFO ")) {
      info();
    } else if (c == 'P' && startsWith("PUBLIC ")) {
      closeFunction();
      pub();
    } else if (HEX_VALUE[c & 0xFF] >= 0 && cur >= 0) {
      lineRecord();
    } else {
      bad = true;
    }
    if (bad) {
      skippedLines++;
      if (firstSkippedLine == 0) {
        firstSkippedLine = lineNumber;
      }
    }
  }

  private void module() throws SymbolFileException {
    if (!startsWith("MODULE ")) {
      throw new SymbolFileException("no MODULE line: not a Breakpad symbol file");
    }
    // pos is past "MODULE ": the fields are os, arch, debug id, then a name that may hold spaces.
    String[] f = new String(b, pos, end - pos, StandardCharsets.UTF_8).split(" ", 4);
    if (f.length < 3) {
      throw new SymbolFileException("malformed MODULE line: " + abbreviate(f));
    }
    os = f[0];
    arch = f[1];
    try {
      debugId = DebugId.parse(f[2]);
    } catch (IllegalArgumentException e) {
      throw new SymbolFileException("malformed MODULE line: " + e.getMessage());
    }
    moduleName = f.length == 4 ? f[3] : "";
  }

  private void info() {
    if (startsWith("CODE_ID ")) {
      int s = pos;
      while (pos < end && b[pos] != ' ') {
        pos++;
      }
      codeId = new String(b, s, pos - s, StandardCharsets.US_ASCII);
    }
    // Other INFO records (GENERATOR, ...) carry nothing a lookup needs.
  }

  private void fileOrOrigin(boolean file) {
    long id = dec();
    if (bad || id < 0 || id >= MAX_ID) {
      bad = true;
      return;
    }
    int nameId = names.add(b, pos, end);
    int[] table = file ? fileName : originName;
    if (id >= table.length) {
      int old = table.length;
      table = Arrays.copyOf(table, (int) Math.max(id + 1, Math.min(MAX_ID, old * 2L)));
      Arrays.fill(table, old, table.length, -1);
      if (file) {
        fileName = table;
      } else {
        originName = table;
      }
    }
    table[(int) id] = nameId;
  }

  private void func() {
    closeFunction();
    skipFlagM();
    long start = hex();
    long size = hex();
    hex(); // parameter size: only meaningful for x86 stack walking
    if (bad) {
      return;
    }
    long stop = start + size;
    if (Long.compareUnsigned(stop, start) < 0) {
      stop = -1L; // saturate: a size that wraps means "to the end of the address space"
    }
    cur = funcStart.n;
    funcStart.add(start);
    funcEnd.add(stop);
    funcName.add(names.add(b, pos, end));
    funcLineFrom.add(lineOff.n);
    funcRngFrom.add(rngOff.n);
    linesSorted = true;
    rangesSorted = true;
  }

  private void lineRecord() {
    long addr = hex();
    long size = hex();
    long line = dec();
    long file = dec();
    if (pos != end) {
      bad = true; // trailing fields: not a line record we understand
    }
    if (bad || line > Integer.MAX_VALUE || line < Integer.MIN_VALUE || file < -1
        || file > Integer.MAX_VALUE) {
      bad = true;
      return;
    }
    int off = offsetInFunction(addr, size);
    if (off < 0) {
      return; // outside its FUNC: a lookup inside the FUNC can never reach it
    }
    int n = lineOff.n;
    if (n > funcLineFrom.a[cur] && lineOff.a[n - 1] > off) {
      linesSorted = false;
    }
    lineOff.add(off);
    lineSize.add(clippedSize(off, size));
    lineNo.add((int) Math.max(0, line)); // negative lines come from broken dumpers: "unknown"
    lineFile.add((int) file);
  }

  private void inline() {
    if (cur < 0) {
      bad = true;
      return;
    }
    long depth = dec();
    long callLine = dec();
    long callFile = dec();
    long origin = dec();
    if (bad || depth < 0 || depth >= MAX_INLINE_DEPTH || origin < 0 || origin > Integer.MAX_VALUE
        || callFile < -1 || callFile > Integer.MAX_VALUE || callLine > Integer.MAX_VALUE
        || callLine < Integer.MIN_VALUE || pos >= end) {
      bad = true;
      return;
    }
    int rec = inlDepth.n;
    int firstRange = rngOff.n;
    while (pos < end && !bad) {
      long addr = hex();
      long size = hex();
      if (bad) {
        break;
      }
      int off = offsetInFunction(addr, size);
      if (off >= 0) {
        if (rngOff.n > funcRngFrom.a[cur] && rngOff.a[rngOff.n - 1] > off) {
          rangesSorted = false;
        }
        rngOff.add(off);
        rngSize.add(clippedSize(off, size));
        rngRec.add(rec);
      }
    }
    if (bad) {
      rngOff.n = firstRange; // all or nothing: half a record would give a wrong chain
      rngSize.n = firstRange;
      rngRec.n = firstRange;
      return;
    }
    inlDepth.add((int) depth);
    inlCallLine.add((int) Math.max(0, callLine));
    inlCallFile.add((int) callFile);
    inlOrigin.add((int) origin);
  }

  private void pub() {
    skipFlagM();
    long addr = hex();
    hex(); // parameter size
    if (bad) {
      return;
    }
    pubAddr.add(addr);
    pubName.add(names.add(b, pos, end));
  }

  /** Ends the current FUNC: sorts its lines and inline ranges when the file had them unsorted. */
  private void closeFunction() {
    if (cur < 0) {
      return;
    }
    funcLineTo.add(lineOff.n);
    funcRngTo.add(rngOff.n);
    if (!linesSorted) {
      Sorting.sortSlice(lineOff.a, funcLineFrom.a[cur], lineOff.n, lineSize.a, lineNo.a, lineFile.a);
    }
    if (!rangesSorted) {
      Sorting.sortSlice(rngOff.a, funcRngFrom.a[cur], rngOff.n, rngSize.a, rngRec.a);
    }
    cur = -1;
  }

  /** The record's offset from the FUNC start, or -1 when it lies outside the FUNC. */
  private int offsetInFunction(long addr, long size) {
    long start = funcStart.a[cur];
    long off = addr - start;
    long len = funcEnd.a[cur] - start;
    if (size == 0 || Long.compareUnsigned(off, len) >= 0 || off > Integer.MAX_VALUE) {
      return -1;
    }
    return (int) off;
  }

  private int clippedSize(int off, long size) {
    long room = funcEnd.a[cur] - funcStart.a[cur] - off;
    long s = Long.compareUnsigned(size, room) > 0 ? room : size;
    return (int) Math.min(s, Integer.MAX_VALUE);
  }

  private void skipFlagM() {
    if (end - pos >= 2 && b[pos] == 'm' && b[pos + 1] == ' ') {
      pos += 2;
    }
  }

  private static String abbreviate(String[] f) {
    String s = String.join(" ", f);
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }
}
