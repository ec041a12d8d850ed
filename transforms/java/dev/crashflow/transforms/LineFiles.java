package dev.crashflow.transforms;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * How crashflow's line files (warehouse tables, raw archive) are put on disk: UTF-8 bytes into a
 * buffer, optionally through gzip. Shared by the bounded sinks ({@link JsonRowSink}, {@link
 * Utf8LineSink}) and {@link WriteStableFiles} so all write the same bytes for the same lines.
 *
 * <p>Gzip runs at {@link #GZIP_LEVEL}, best speed. On the bench's archive (173 MB of envelope
 * lines, mostly base64 payloads) zlib took 0.85 CPU-s for 28.4 MB at level 1, 1.22 s for 21.6 MB
 * at level 4 and 1.97 s for 19.6 MB at the default level 6: less than half the CPU for 45% more
 * bytes. The output is still plain gzip (RFC 1952, one member), read by {@code gunzip} and {@code
 * ReadMessageFiles} as before; a file's level is not part of any name or digest.
 */
public final class LineFiles {
  /** Bytes buffered before they reach the file or the deflater (one deflate call per buffer). */
  static final int BUFFER_BYTES = 1 << 15;
  /** The deflate level of gzip line files (see the class comment for its trade). */
  static final int GZIP_LEVEL = Deflater.BEST_SPEED;

  private LineFiles() {}

  /** A buffered line stream onto {@code out}, gzip-compressed (best speed) when {@code gzip}. */
  public static Output open(OutputStream out, boolean gzip) throws IOException {
    return new Output(out, gzip);
  }

  /**
   * The stream lines are written to. {@link #finish} completes the file (gzip trailer included)
   * and frees the deflater without closing the underlying stream, as {@code FileIO.Sink#flush}
   * requires (the channel belongs to FileIO); {@link #close} finishes and closes it.
   */
  public static final class Output extends OutputStream {
    private final OutputStream target;
    private final FastGzip gzip;
    private final BufferedOutputStream buffer;
    private boolean finished;

    private Output(OutputStream target, boolean gzip) throws IOException {
      this.target = target;
      this.gzip = gzip ? new FastGzip(target) : null;
      this.buffer = new BufferedOutputStream(gzip ? this.gzip : target, BUFFER_BYTES);
    }

    @Override
    public void write(int b) throws IOException {
      buffer.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      buffer.write(b, off, len);
    }

    /** Writes out everything buffered and, for gzip, the trailer; the stream takes no more. */
    public void finish() throws IOException {
      if (finished) {
        return;
      }
      finished = true;
      buffer.flush();
      if (gzip != null) {
        try {
          gzip.finish();
        } finally {
          gzip.release();
        }
      }
      target.flush();
    }

    @Override
    public void close() throws IOException {
      try {
        finish();
      } finally {
        target.close();
      }
    }
  }

  /**
   * Gzip at {@link #GZIP_LEVEL}. The level is set before any byte is deflated (the constructor
   * writes only the header), so the whole member uses it.
   */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, BUFFER_BYTES);
      def.setLevel(GZIP_LEVEL);
    }

    /** Frees the deflater's native memory now rather than at garbage collection. */
    void release() {
      def.end();
    }
  }
}
