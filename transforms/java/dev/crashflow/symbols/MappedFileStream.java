package dev.crashflow.symbols;

import java.io.IOException;
import java.io.InputStream;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A file read through memory maps, as a stream: {@link #read(byte[], int, int)} copies straight
 * from the mapped page cache into the caller's array. Reading a file already in the page cache
 * this way costs about a quarter of the CPU of {@code read(2)} through a channel (which copies
 * into a temporary native buffer, then again into the array). Windows of at most 1 GB are mapped
 * one after the other, so files over 2 GB work too; each window is unmapped when it is garbage
 * collected.
 */
final class MappedFileStream extends InputStream {
  private static final long WINDOW = 1L << 30;

  private final FileChannel channel;
  private final long size;
  private MappedByteBuffer window;
  private long windowStart;
  private long pos;

  MappedFileStream(FileChannel channel, long size) {
    this.channel = channel;
    this.size = size;
  }

  @Override
  public int read(byte[] dst, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pos >= size) {
      return -1;
    }
    if (window == null || pos >= windowStart + window.capacity()) {
      windowStart = pos;
      window = channel.map(FileChannel.MapMode.READ_ONLY, pos, Math.min(WINDOW, size - pos));
    }
    int at = (int) (pos - windowStart);
    int n = Math.min(len, window.capacity() - at);
    window.get(at, dst, off, n);
    pos += n;
    return n;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }
}
