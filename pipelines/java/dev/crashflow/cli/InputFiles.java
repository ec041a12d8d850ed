package dev.crashflow.cli;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * Opens line-oriented input files for CLI commands: plain or gzip (detected by its magic bytes,
 * not the file name, so a renamed or piped {@code .gz} still works), or {@code -} for stdin.
 */
public final class InputFiles {
  /** The name that stands for standard input. */
  public static final String STDIN = "-";

  private InputFiles() {}

  public static boolean isStdin(String name) {
    return STDIN.equals(name);
  }

  /** The sum of the files' sizes on disk, or -1 if any is stdin or not a regular file. */
  public static long totalSize(List<String> names) {
    long total = 0;
    for (String name : names) {
      Path path = Path.of(name);
      if (isStdin(name) || !Files.isRegularFile(path)) {
        return -1;
      }
      try {
        total += Files.size(path);
      } catch (IOException e) {
        return -1;
      }
    }
    return total;
  }

  /**
   * Opens {@code name} as UTF-8 lines, un-gzipping if needed. {@code bytesRead} counts the bytes
   * read from the file itself (compressed bytes for gzip), so progress can be measured against
   * the file size. Stdin is not closed when the reader is.
   */
  public static BufferedReader openLines(String name, AtomicLong bytesRead) throws IOException {
    InputStream raw = isStdin(name) ? new NonClosing(System.in) : Files.newInputStream(Path.of(name));
    BufferedInputStream in = new BufferedInputStream(new Counting(raw, bytesRead), 1 << 16);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    InputStream decoded =
        b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    return new BufferedReader(new InputStreamReader(decoded, StandardCharsets.UTF_8), 1 << 16);
  }

  /** Counts bytes as they pass, for the progress bar. */
  private static final class Counting extends FilterInputStream {
    private final AtomicLong count;

    Counting(InputStream in, AtomicLong count) {
      super(in);
      this.count = count;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count.incrementAndGet();
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        count.addAndGet(n);
      }
      return n;
    }
  }

  /** Keeps stdin open when a reader over it is closed. */
  private static final class NonClosing extends FilterInputStream {
    NonClosing(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
