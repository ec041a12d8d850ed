package dev.crashflow.symbols;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes large seeded {@code .sym} files shaped like dump_syms output for a big C++ library, in
 * dump_syms' order: MODULE, INFO, FILE, INLINE_ORIGIN, then each FUNC with its INLINE records
 * (pre-order, nested up to {@link #MAX_DEPTH} deep, some with several ranges) and its line records
 * (about one per 10 bytes of code, a few gaps, some in other files), then PUBLIC records (symbols
 * without a FUNC, in holes between functions), then STACK CFI for every function, which is about
 * half of the bytes as in real files. Function sizes vary from a few bytes to several KB, names are
 * long C++ signatures.
 *
 * <p>For every {@code sampleEvery}-th function the generator keeps a {@link FunctionModel} of what
 * it wrote, so a test can check the index against the file by brute force.
 */
final class SymGenerator {
  static final int MAX_DEPTH = 7;
  static final long FIRST_FUNCTION = 0x1000;
  /** Share of the target bytes written before STACK CFI, which brings the file to the target. */
  private static final double FUNCTION_SHARE = 0.55;

  private final Random r;
  private final int files;
  private final int origins;
  private final int sampleEvery;

  /** What {@link #write} wrote, and models of the sampled functions. */
  static final class Written {
    int functions;
    int publics;
    long inlineRecords;
    long lineRecords;
    long stackBytes;
    long bytes;
    /** One past the highest address covered by a FUNC or PUBLIC. */
    long endAddress;
    final List<FunctionModel> samples = new ArrayList<>();
  }

  private SymGenerator(long seed, long targetBytes, int sampleEvery) {
    this.r = new Random(seed);
    this.files = (int) Math.max(50, targetBytes / 20_000);
    this.origins = (int) Math.max(200, targetBytes / 2_000);
    this.sampleEvery = sampleEvery;
  }

  /** Writes about {@code targetBytes} (optionally without the STACK CFI part). */
  static Written write(Path file, long targetBytes, boolean withStack, int sampleEvery)
      throws IOException {
    return new SymGenerator(1, targetBytes, sampleEvery).run(file, targetBytes, withStack);
  }

  static String functionName(int i) {
    return "ns" + (i % 37) + "::detail::Class" + (i % 1009) + "<std::basic_string<char>, int"
        + ">::method" + i + "(std::vector<int, std::allocator<int> > const&, unsigned long)";
  }

  static String fileName(int id) {
    return "/builds/worker/checkouts/src/module" + (id % 61) + "/sub" + (id % 7)
        + "/source_file_" + id + (id % 5 == 0 ? ".h" : ".cpp");
  }

  static String originName(int id) {
    return "mozilla::inl" + (id % 13) + "::Helper" + (id % 997) + "<unsigned int>::get" + id
        + "(unsigned int) const";
  }

  static String publicName(int i) {
    return "_ZN7private6thunk" + i + "Ev";
  }

  private Written run(Path file, long targetBytes, boolean withStack) throws IOException {
    Written w = new Written();
    long[] starts = new long[1 << 16];
    int[] sizes = new int[1 << 16];
    try (Out out = new Out(file)) {
      out.line("MODULE Linux x86_64 D665F42F232BAB29CC976F26786733B80 libgenerated.so");
      out.line("INFO CODE_ID 2FF465D62B2329ABCC976F26786733B82567976C");
      for (int f = 0; f < files; f++) {
        out.line("FILE " + f + " " + fileName(f));
      }
      for (int o = 0; o < origins; o++) {
        out.line("INLINE_ORIGIN " + o + " " + originName(o));
      }
      long address = FIRST_FUNCTION;
      List<long[]> publics = new ArrayList<>();
      long functionBudget = (long) (targetBytes * (withStack ? FUNCTION_SHARE : 1.0));
      while (out.count < functionBudget) {
        int i = w.functions;
        int size = functionSize();
        if (i == starts.length) {
          starts = java.util.Arrays.copyOf(starts, i * 2);
          sizes = java.util.Arrays.copyOf(sizes, i * 2);
        }
        starts[i] = address;
        sizes[i] = size;
        FunctionModel m = function(out, w, i, address, size);
        if (i % sampleEvery == 0) {
          w.samples.add(m);
        }
        address += size;
        if (r.nextInt(40) == 0) {
          // A hole only a PUBLIC covers: code without debug info (a thunk, hand-written asm).
          int hole = 16 + r.nextInt(240);
          publics.add(new long[] {address, hole, w.publics++});
          m.publicAfter = publicName((int) publics.get(publics.size() - 1)[2]);
          address += hole;
        }
        m.next = (address + 15) & ~15L; // alignment padding nothing covers
        address = m.next;
        w.functions++;
      }
      w.endAddress = address;
      for (long[] p : publics) {
        out.line("PUBLIC " + hex(p[0]) + " 0 " + publicName((int) p[2]));
      }
      if (withStack) {
        long before = out.count;
        for (int i = 0; i < w.functions; i++) {
          stack(out, starts[i], sizes[i]);
        }
        w.stackBytes = out.count - before;
      }
      w.bytes = out.count;
    }
    return w;
  }

  /** Log-normal sizes: median about 200 bytes, a long tail of big functions. */
  private int functionSize() {
    double s = Math.exp(5.3 + 1.1 * r.nextGaussian());
    return (int) Math.max(2, Math.min(60_000, s));
  }

  private FunctionModel function(Out out, Written w, int i, long start, int size)
      throws IOException {
    FunctionModel m = new FunctionModel(start, size, functionName(i));
    int mainFile = r.nextInt(files);
    out.line("FUNC " + hex(start) + " " + hex(size) + " 0 " + m.name);
    // INLINE records in pre-order: top-level ones over disjoint parts of the function.
    inlines(out, w, m, 0, 0, size);
    int line = 20 + r.nextInt(3000);
    for (int off = 0; off < size; ) {
      int len = Math.min(size - off, 1 + r.nextInt(20));
      line = Math.max(1, line + r.nextInt(10) - 3);
      int fileId = r.nextInt(5) == 0 ? r.nextInt(files) : mainFile;
      if (r.nextInt(100) != 0) { // now and then no line record covers a few bytes
        out.line(hex(start + off) + " " + hex(len) + " " + line + " " + fileId);
        m.lines.add(new int[] {off, len, line, fileId});
        w.lineRecords++;
      }
      off += len;
    }
    return m;
  }

  /** Writes INLINE records of {@code depth} inside {@code [lo, hi)} and, recursively, theirs. */
  private void inlines(Out out, Written w, FunctionModel m, int depth, int lo, int hi)
      throws IOException {
    int room = hi - lo;
    int n = depth == 0 ? room / 70 + (r.nextInt(3) == 0 ? 1 : 0)
        : (depth < MAX_DEPTH && r.nextInt(100) < 62 ? 1 + r.nextInt(2) : 0);
    n = Math.min(n, room / 4);
    if (n == 0) {
      return;
    }
    int slot = room / n;
    for (int k = 0; k < n; k++) {
      int slotStart = lo + k * slot;
      int a = slotStart + r.nextInt(Math.max(1, slot / 4));
      int maxLen = slotStart + slot - a;
      if (maxLen < 2) {
        continue;
      }
      int b = a + 2 + r.nextInt(maxLen - 1);
      List<int[]> ranges = new ArrayList<>();
      if (b - a >= 8 && r.nextInt(4) == 0) {
        int cut = a + 2 + r.nextInt(b - a - 5);
        ranges.add(new int[] {a, cut - a});
        ranges.add(new int[] {cut + 2, b - cut - 2}); // the other part of a split inlined call
      } else {
        ranges.add(new int[] {a, b - a});
      }
      int[] rec = {depth, 1 + r.nextInt(4000), r.nextInt(files), r.nextInt(origins)};
      StringBuilder s = new StringBuilder("INLINE ");
      s.append(rec[0]).append(' ').append(rec[1]).append(' ').append(rec[2]).append(' ')
          .append(rec[3]);
      for (int[] g : ranges) {
        s.append(' ').append(hex(m.start + g[0])).append(' ').append(hex(g[1]));
      }
      out.line(s.toString());
      m.inlines.add(new InlineModel(rec, ranges));
      w.inlineRecords++;
      int[] first = ranges.get(0);
      inlines(out, w, m, depth + 1, first[0], first[0] + first[1]);
    }
  }

  /** STACK CFI rows as gcc's prologues give them: an INIT, then a row per push/adjustment. */
  private void stack(Out out, long start, int size) throws IOException {
    out.line("STACK CFI INIT " + hex(start) + " " + hex(size) + " .cfa: $rsp 8 + .ra: .cfa -8 + ^");
    int rows = Math.min(60, 1 + size / 16);
    String[] regs = {"$rbp", "$rbx", "$r12", "$r13", "$r14", "$r15"};
    for (int j = 1; j <= rows; j++) {
      long at = start + Math.min(size - 1, j * Math.max(1, size / (rows + 1)));
      String reg = regs[j % regs.length];
      out.line("STACK CFI " + hex(at) + " .cfa: $rsp " + (8 + 8 * j) + " + " + reg + ": .cfa -"
          + (8 + 8 * j) + " + ^");
    }
  }

  private static String hex(long v) {
    return Long.toHexString(v);
  }

  /** One written INLINE record. */
  record InlineModel(int[] rec, List<int[]> ranges) {
    boolean covers(int off) {
      for (int[] g : ranges) {
        if (off >= g[0] && off < g[0] + g[1]) {
          return true;
        }
      }
      return false;
    }
  }

  /** What was written for one function, with the frames Breakpad's rules give for an address. */
  static final class FunctionModel {
    final long start;
    final int size;
    final String name;
    final List<int[]> lines = new ArrayList<>();
    final List<InlineModel> inlines = new ArrayList<>();
    /** The PUBLIC in the hole after this function, if any: it covers up to the next FUNC. */
    String publicAfter;
    long next;

    FunctionModel(long start, int size, String name) {
      this.start = start;
      this.size = size;
      this.name = name;
    }

    /** The expected frames at {@code address}, which must lie in {@code [start, next)}. */
    List<SymbolFrame> expected(long address) {
      if (address >= start + size) {
        return publicAfter != null
            ? List.of(new SymbolFrame(publicAfter, null, 0, false)) : List.of();
      }
      int off = (int) (address - start);
      String file = null;
      int line = 0;
      for (int[] l : lines) {
        if (off >= l[0] && off < l[0] + l[1]) {
          file = fileName(l[3]);
          line = l[2];
        }
      }
      InlineModel[] chain = new InlineModel[MAX_DEPTH + 1];
      int depth = 0;
      for (InlineModel in : inlines) {
        if (in.covers(off)) {
          chain[in.rec[0]] = in;
          depth = Math.max(depth, in.rec[0] + 1);
        }
      }
      List<SymbolFrame> frames = new ArrayList<>();
      for (int d = depth - 1; d >= 0; d--) {
        frames.add(new SymbolFrame(originName(chain[d].rec[3]), file, line, true));
        file = fileName(chain[d].rec[2]);
        line = chain[d].rec[1];
      }
      frames.add(new SymbolFrame(name, file, line, false));
      return frames;
    }
  }

  private static final class Out implements AutoCloseable {
    final OutputStream out;
    long count;

    Out(Path file) throws IOException {
      out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    }

    void line(String s) throws IOException {
      byte[] b = s.getBytes(StandardCharsets.US_ASCII);
      out.write(b);
      out.write('\n');
      count += b.length + 1;
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
