package dev.crashflow.transforms;

import dev.crashflow.decode.DecodeException;
import dev.crashflow.decode.Envelopes;
import dev.crashflow.model.DeadLetter;
import dev.crashflow.model.RawMessage;
import dev.crashflow.transforms.coders.RawMessageCoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads newline-delimited input files (a glob, local or {@code gs://}; {@code .gz} by extension)
 * into {@link RawMessage}s. A line is a bare event (its bytes become the payload, exactly) or an
 * envelope (see {@link Envelopes}). Lines are read as bytes, so invalid UTF-8 in a bare line
 * reaches the decoder unchanged and is dead-lettered there with the right reason. A bad envelope,
 * or a line longer than {@code maxLineBytes}, becomes a dead letter of step {@code read}.
 */
public class ReadMessageFiles extends PTransform<PBegin, PCollectionTuple> {
  public static final TupleTag<RawMessage> MESSAGES = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> FAILURES = new TupleTag<>() {};

  private final String glob;
  private final int maxLineBytes;

  private ReadMessageFiles(String glob, int maxLineBytes) {
    this.glob = glob;
    this.maxLineBytes = maxLineBytes;
  }

  public static ReadMessageFiles from(String glob, int maxLineBytes) {
    return new ReadMessageFiles(glob, maxLineBytes);
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    PCollectionTuple out = begin
        .apply("MatchFiles", FileIO.match().filepattern(glob))
        .apply("OpenFiles", FileIO.readMatches())
        .apply("ReadLines", ParDo.of(new ReadLinesFn(maxLineBytes))
            .withOutputTags(MESSAGES, TupleTagList.of(FAILURES)));
    out.get(MESSAGES).setCoder(RawMessageCoder.of());
    out.get(FAILURES).setCoder(SerializableCoder.of(DeadLetter.class));
    return PCollectionTuple.of(MESSAGES, out.get(MESSAGES).apply("SpreadLines", Reshuffle.viaRandomKey()))
        .and(FAILURES, out.get(FAILURES));
  }

  static class ReadLinesFn extends DoFn<FileIO.ReadableFile, RawMessage> {
    private final Counter lines = Metrics.counter("crashflow", "read_messages");
    private final Counter failed = Metrics.counter("crashflow", "read_failed");
    private final int maxLineBytes;

    ReadLinesFn(int maxLineBytes) {
      this.maxLineBytes = maxLineBytes;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, MultiOutputReceiver out) throws IOException {
      String name = file.getMetadata().resourceId().toString();
      try (InputStream in = Channels.newInputStream(file.open())) {
        LineReader reader = new LineReader(in, maxLineBytes);
        byte[] line;
        long number = 0;
        while ((line = reader.next()) != null) {
          number++;
          if (isBlank(line)) {
            continue;
          }
          lines.inc();
          if (reader.lastLineTruncated()) {
            failed.inc();
            out.get(FAILURES).output(DeadLetter.of(RawMessage.of(line), "read", "oversize_line",
                new DecodeException("oversize_line", name + ":" + number + ": line longer than "
                    + maxLineBytes + " bytes; its first " + maxLineBytes + " bytes are kept"), null));
            continue;
          }
          try {
            out.get(MESSAGES).output(toMessage(line));
          } catch (DecodeException e) {
            failed.inc();
            out.get(FAILURES).output(DeadLetter.of(RawMessage.of(line), "read", e.reason(),
                new DecodeException(e.reason(), name + ":" + number + ": " + e.getMessage(), e), null));
          }
        }
      }
    }

    /** Envelope lines are parsed; any other line is a bare payload, byte for byte. */
    static RawMessage toMessage(byte[] line) throws DecodeException {
      if (!looksLikeEnvelope(line) || !isValidUtf8(line)) {
        return new RawMessage(line, Map.of(), null, null);
      }
      return Envelopes.parseLine(new String(line, StandardCharsets.UTF_8));
    }

    private static boolean looksLikeEnvelope(byte[] line) {
      int i = 0;
      while (i < line.length && (line[i] == ' ' || line[i] == '\t')) {
        i++;
      }
      if (i >= line.length || line[i] != '{') {
        return false;
      }
      return indexOf(line, PAYLOAD_KEY) >= 0;
    }

    private static final byte[] PAYLOAD_KEY = "\"payload\"".getBytes(StandardCharsets.US_ASCII);

    private static int indexOf(byte[] haystack, byte[] needle) {
      outer:
      for (int i = 0; i + needle.length <= haystack.length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (haystack[i + j] != needle[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }

    private static boolean isValidUtf8(byte[] bytes) {
      try {
        StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes));
        return true;
      } catch (CharacterCodingException e) {
        return false;
      }
    }

    private static boolean isBlank(byte[] line) {
      for (byte b : line) {
        if (b != ' ' && b != '\t' && b != '\r') {
          return false;
        }
      }
      return true;
    }
  }

  /** Splits a stream on '\n' (dropping a trailing '\r'), keeping at most {@code max} bytes a line. */
  /** Reads lines of bytes a 64 KB chunk at a time; also used by the bench's ceiling. */
  public static final class LineReader {
    private final InputStream in;
    private final int max;
    private boolean truncated;
    /** Read ahead from {@code in}: bytes {@code pos..limit} are not consumed yet. */
    private final byte[] chunk = new byte[1 << 16];
    private int pos;
    private int limit;
    private byte[] line = new byte[4096];

    public LineReader(InputStream in, int max) {
      this.in = in;
      this.max = max;
    }

    /**
     * The next line without its {@code \n} (and a {@code \r} before it), at most {@code max}
     * bytes (the rest is skipped and {@link #lastLineTruncated} says so); null at the end. Scans
     * a chunk at a time: reading byte by byte cost more than decoding the line.
     */
    public byte[] next() throws IOException {
      truncated = false;
      int n = 0;
      boolean any = false;
      while (true) {
        if (pos == limit) {
          limit = in.read(chunk, 0, chunk.length);
          pos = 0;
          if (limit <= 0) {
            limit = 0;
            break;
          }
        }
        any = true;
        int end = pos;
        while (end < limit && chunk[end] != '\n') {
          end++;
        }
        int keep = Math.min(end - pos, max - n);
        if (keep < end - pos) {
          truncated = true;
        }
        if (keep > 0) {
          if (n + keep > line.length) {
            line = Arrays.copyOf(line, Math.max(n + keep, line.length * 2));
          }
          System.arraycopy(chunk, pos, line, n, keep);
          n += keep;
        }
        if (end < limit) {
          pos = end + 1;
          break;
        }
        pos = limit;
      }
      if (!any) {
        return null;
      }
      if (n > 0 && line[n - 1] == '\r') {
        n--;
      }
      return Arrays.copyOf(line, n);
    }

    public boolean lastLineTruncated() {
      return truncated;
    }
  }
}
