package dev.crashflow.transforms;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.io.FileIO;

/**
 * A {@code FileIO} sink writing each String as one UTF-8 line, optionally gzip-compressed at best
 * speed ({@link LineFiles}); the raw archive's sink. Same bytes as {@code TextIO.sink()} on Linux
 * ({@code String.getBytes} replaces a lone surrogate with {@code ?} as its encoder did), without
 * the PrintWriter/encoder chain, and a failed write throws instead of being kept by PrintWriter.
 *
 * <p>Compress here, not with {@code FileIO.Write#withCompression}, which has no level: give the
 * file name its {@code .gz} suffix yourself.
 */
public final class Utf8LineSink implements FileIO.Sink<String> {
  private final boolean gzip;
  private transient LineFiles.Output out;

  private Utf8LineSink(boolean gzip) {
    this.gzip = gzip;
  }

  /** Lines gzip-compressed when {@code gzip}. */
  public static Utf8LineSink of(boolean gzip) {
    return new Utf8LineSink(gzip);
  }

  @Override
  public void open(WritableByteChannel channel) throws IOException {
    out = LineFiles.open(Channels.newOutputStream(channel), gzip);
  }

  @Override
  public void write(String line) throws IOException {
    out.write(line.getBytes(StandardCharsets.UTF_8));
    out.write('\n');
  }

  @Override
  public void flush() throws IOException {
    out.finish();
  }
}
