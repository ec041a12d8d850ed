package dev.crashflow.decode;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Payload bytes to JSON text: gzip (by magic bytes) inflated through a bounded stream, then strict
 * UTF-8. Every limit is checked while reading, so a bomb is never inflated beyond the limits.
 *
 * <p>The compression ratio only classifies a payload that has already grown past the size limit
 * ({@code gzip_bomb} rather than {@code oversize_payload}): a legitimate crash can compress far
 * better than 100:1 (a stack overflow repeats one frame thousands of times), so a ratio alone
 * must never reject an event that fits the limits.
 */
final class Payloads {
  /** Small input buffer so the compressed-bytes count tracks what the inflater really consumed. */
  private static final int GZIP_INPUT_BUFFER = 1024;

  private Payloads() {}

  static boolean isGzip(byte[] payload) {
    return payload.length >= 2 && (payload[0] & 0xff) == 0x1f && (payload[1] & 0xff) == 0x8b;
  }

  /** The payload decompressed if gzip, within the limits. */
  static byte[] inflate(byte[] payload, DecodeLimits limits) throws DecodeException {
    if (payload.length > limits.maxCompressedBytes()) {
      throw new DecodeException("oversize_payload", "payload is " + payload.length
          + " bytes as received, the limit is " + limits.maxCompressedBytes());
    }
    if (!isGzip(payload)) {
      if (payload.length > limits.maxPayloadBytes()) {
        throw new DecodeException("oversize_payload", "payload is " + payload.length
            + " bytes, the limit is " + limits.maxPayloadBytes());
      }
      return payload;
    }
    CountingStream counted = new CountingStream(new ByteArrayInputStream(payload));
    byte[] out = new byte[Math.min(limits.maxPayloadBytes() + 1, Math.max(8192, payload.length * 4))];
    int written = 0;
    try (GZIPInputStream gzip = new GZIPInputStream(counted, GZIP_INPUT_BUFFER)) {
      while (true) {
        if (written == out.length) {
          out = Arrays.copyOf(out, Math.min(limits.maxPayloadBytes() + 1, out.length * 2));
        }
        int n = gzip.read(out, written, out.length - written);
        if (n < 0) {
          break;
        }
        written += n;
        if (written > limits.maxPayloadBytes()) {
          long consumed = Math.max(1, counted.count);
          if (written / consumed > limits.maxCompressionRatio()) {
            throw new DecodeException("gzip_bomb", "gzip payload inflates more than "
                + limits.maxCompressionRatio() + "x (" + written + " bytes from " + consumed
                + " read so far) past the " + limits.maxPayloadBytes() + "-byte limit; stopped reading");
          }
          throw new DecodeException("oversize_payload", "gzip payload inflates to more than "
              + limits.maxPayloadBytes() + " bytes; stopped reading");
        }
      }
    } catch (IOException e) {
      throw new DecodeException("bad_gzip", "corrupt gzip payload: " + e.getMessage(), e);
    }
    return Arrays.copyOf(out, written);
  }

  /**
   * Checks that {@code bytes} are strict UTF-8 (malformed or truncated sequences are rejected, not
   * replaced) and returns where the text starts: 3 past a byte-order mark, else 0. Pure ASCII, the
   * common case, is one pass over the bytes with no copy; anything else goes through the strict
   * decoder.
   */
  static int checkUtf8(byte[] bytes) throws DecodeException {
    for (byte b : bytes) {
      if (b < 0) {
        try {
          StandardCharsets.UTF_8.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
          throw new DecodeException("invalid_utf8", "payload is not valid UTF-8: " + e, e);
        }
        break;
      }
    }
    return bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB
        && bytes[2] == (byte) 0xBF ? 3 : 0;
  }

  /** Counts the compressed bytes handed to the inflater. */
  private static final class CountingStream extends FilterInputStream {
    long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
