package dev.crashflow.transforms;

import dev.crashflow.decode.DecodeException;
import dev.crashflow.decode.Envelopes;
import dev.crashflow.model.DeadLetter;
import dev.crashflow.model.RawMessage;
import dev.crashflow.transforms.coders.RawMessageCoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.io.Serializable;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
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
 *
 * <p>Uncompressed files are cut into byte ranges of {@link #DEFAULT_SPLIT_BYTES} that workers read
 * in parallel: a line belongs to the range its first byte is in, so every line is read once
 * whatever the cuts. Only the ranges are shuffled to spread the work, not the lines (shipping
 * every message between workers once more cost more than reading it). Compressed files are read
 * whole by one worker.
 */
public class ReadMessageFiles extends PTransform<PBegin, PCollectionTuple> {
  public static final TupleTag<RawMessage> MESSAGES = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> FAILURES = new TupleTag<>() {};
  /** Bytes per range of an uncompressed input file. */
  public static final long DEFAULT_SPLIT_BYTES = 8L << 20;

  private final String glob;
  private final int maxLineBytes;
  private final long splitBytes;

  private ReadMessageFiles(String glob, int maxLineBytes, long splitBytes) {
    this.glob = glob;
    this.maxLineBytes = maxLineBytes;
    this.splitBytes = splitBytes;
  }

  public static ReadMessageFiles from(String glob, int maxLineBytes) {
    return new ReadMessageFiles(glob, maxLineBytes, DEFAULT_SPLIT_BYTES);
  }

  /** The same reader cutting uncompressed files into ranges of {@code bytes}. */
  public ReadMessageFiles withSplitBytes(long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("split bytes must be positive: " + bytes);
    }
    return new ReadMessageFiles(glob, maxLineBytes, bytes);
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    PCollectionTuple out = begin
        .apply("MatchFiles", FileIO.match().filepattern(glob))
        .apply("SplitFiles", ParDo.of(new SplitFn(splitBytes)))
        .setCoder(SerializableCoder.of(FileRange.class))
        .apply("SpreadRanges", Reshuffle.viaRandomKey())
        .apply("ReadLines", ParDo.of(new ReadLinesFn(maxLineBytes))
            .withOutputTags(MESSAGES, TupleTagList.of(FAILURES)));
    out.get(MESSAGES).setCoder(RawMessageCoder.of());
    out.get(FAILURES).setCoder(SerializableCoder.of(DeadLetter.class));
    return out;
  }

  /** Lines starting in bytes {@code [start, end)} of {@code file}; compressed files are one range. */
  record FileRange(String file, long start, long end) implements Serializable {}

  /** Cuts each matched file into ranges. */
  static class SplitFn extends DoFn<MatchResult.Metadata, FileRange> {
    private final Counter files = Metrics.counter("crashflow", "read_files");
    private final Counter ranges = Metrics.counter("crashflow", "read_file_ranges");
    private final long splitBytes;

    SplitFn(long splitBytes) {
      this.splitBytes = splitBytes;
    }

    @ProcessElement
    public void process(@Element MatchResult.Metadata file, OutputReceiver<FileRange> out) {
      files.inc();
      String name = file.resourceId().toString();
      long size = file.sizeBytes();
      boolean whole = Compression.detect(name) != Compression.UNCOMPRESSED
          || !file.isReadSeekEfficient();
      long at = 0;
      do { // the last range, or the only one, runs to the end of the file
        long end = whole || at + splitBytes >= size ? Long.MAX_VALUE : at + splitBytes;
        ranges.inc();
        out.output(new FileRange(name, at, end));
        at = end;
      } while (at < size);
    }
  }

  static class ReadLinesFn extends DoFn<FileRange, RawMessage> {
    private final Counter lines = Metrics.counter("crashflow", "read_messages");
    private final Counter failed = Metrics.counter("crashflow", "read_failed");
    private final int maxLineBytes;

    ReadLinesFn(int maxLineBytes) {
      this.maxLineBytes = maxLineBytes;
    }

    @ProcessElement
    public void process(@Element FileRange range, MultiOutputReceiver out) throws IOException {
      String name = range.file();
      ResourceId id = FileSystems.matchNewResource(name, false);
      Compression compression = Compression.detect(name);
      try (ReadableByteChannel channel = FileSystems.open(id)) {
        ReadableByteChannel source = channel;
        long from = 0;
        if (compression != Compression.UNCOMPRESSED) {
          source = compression.readDecompressed(channel);
        } else if (range.start() > 0) {
          from = range.start() - 1; // the byte before the range: is a line starting right at it?
          ((SeekableByteChannel) channel).position(from);
        }
        LineReader reader = new LineReader(Channels.newInputStream(source), maxLineBytes, from);
        if (range.start() > 0) {
          reader.next(); // the rest of a line that began in the range before (empty if none did)
        }
        byte[] line;
        long number = 0;
        while (true) {
          long at = reader.position();
          if (at >= range.end() || (line = reader.next()) == null) {
            break;
          }
          number++;
          if (isBlank(line)) {
            continue;
          }
          lines.inc();
          // Lines are numbered within a file read from its start; elsewhere by their byte offset.
          String where = range.start() == 0 ? name + ":" + number : name + " (line at byte " + at + ")";
          if (reader.lastLineTruncated()) {
            failed.inc();
            out.get(FAILURES).output(DeadLetter.of(RawMessage.of(line), "read", "oversize_line",
                new DecodeException("oversize_line", where + ": line longer than "
                    + maxLineBytes + " bytes; its first " + maxLineBytes + " bytes are kept"), null));
            continue;
          }
          try {
            out.get(MESSAGES).output(toMessage(line));
          } catch (DecodeException e) {
            failed.inc();
            out.get(FAILURES).output(DeadLetter.of(RawMessage.of(line), "read", e.reason(),
                new DecodeException(e.reason(), where + ": " + e.getMessage(), e), null));
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
    /** Stream offset of {@code chunk[0]}. */
    private long chunkStart;

    public LineReader(InputStream in, int max) {
      this(in, max, 0);
    }

    /** A reader of a stream whose first byte is at offset {@code start} of its file. */
    public LineReader(InputStream in, int max, long start) {
      this.in = in;
      this.max = max;
      this.chunkStart = start;
    }

    /** The file offset of the next line's first byte (of the end, after the last line). */
    public long position() {
      return chunkStart + pos;
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
          chunkStart += limit;
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
