package dev.crashflow.symbols;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes large synthetic {@code .sym} files shaped like real dump_syms output: per function a
 * FUNC, twelve line records, two nested INLINE records and (optionally) STACK CFI records, which in
 * real files are most of the bytes. Function {@code i} starts at {@code 0x1000 + i * 0x100} and is
 * 0xf0 long, so the answer for any address is known without a reference tool.
 */
final class SymGenerator {
  static final int FILES = 2000;
  static final int ORIGINS = 5000;

  private SymGenerator() {}

  static long functionStart(int i) {
    return 0x1000L + i * 0x100L;
  }

  static String functionName(int i) {
    return "ns" + (i % 50) + "::Class" + (i % 1000) + "::method" + i + "(int, char const*)";
  }

  static String fileName(int id) {
    return "/build/src/module" + (id % 40) + "/source_file_" + id + ".cc";
  }

  static String originName(int id) {
    return "inline_ns::helper" + id + "<int>(int)";
  }

  /** Writes functions until the file reaches {@code targetBytes}; returns the function count. */
  static int write(Path file, long targetBytes, boolean withStack) throws IOException {
    try (CountingOut out = new CountingOut(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
      out.line("MODULE Linux x86_64 D665F42F232BAB29CC976F26786733B80 libgenerated.so");
      out.line("INFO CODE_ID 2FF465D62B2329ABCC976F26786733B82567976C");
      for (int f = 0; f < FILES; f++) {
        out.line("FILE " + f + " " + fileName(f));
      }
      for (int o = 0; o < ORIGINS; o++) {
        out.line("INLINE_ORIGIN " + o + " " + originName(o));
      }
      int i = 0;
      while (out.count < targetBytes) {
        long s = functionStart(i);
        out.line("FUNC " + Long.toHexString(s) + " f0 0 " + functionName(i));
        int fileId = i % FILES;
        out.line("INLINE 0 103 " + fileId + " " + (i % ORIGINS) + " " + Long.toHexString(s + 0x20)
            + " 40 " + Long.toHexString(s + 0x80) + " 20");
        out.line("INLINE 1 7 " + ((i + 1) % FILES) + " " + ((i + 1) % ORIGINS) + " "
            + Long.toHexString(s + 0x28) + " 10");
        for (int j = 0; j < 12; j++) {
          out.line(Long.toHexString(s + j * 0x14L) + " 14 " + (100 + j) + " " + fileId);
        }
        if (withStack) {
          out.line("STACK CFI INIT " + Long.toHexString(s) + " f0 .cfa: $rsp 8 + .ra: .cfa -8 + ^");
          for (int j = 1; j <= 14; j++) {
            out.line("STACK CFI " + Long.toHexString(s + j * 0x10L)
                + " .cfa: $rsp " + (16 + 8 * j) + " + $rbx: .cfa -24 + ^ $rbp: .cfa -16 + ^");
          }
        }
        i++;
      }
      return i;
    }
  }

  private static final class CountingOut implements AutoCloseable {
    final OutputStream out;
    long count;

    CountingOut(OutputStream out) {
      this.out = out;
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
