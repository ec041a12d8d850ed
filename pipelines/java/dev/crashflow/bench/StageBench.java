package dev.crashflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crashflow.decode.DecodeException;
import dev.crashflow.decode.DecodeLimits;
import dev.crashflow.decode.Decoded;
import dev.crashflow.decode.EventDecoder;
import dev.crashflow.grouping.Fingerprinter;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.RawMessage;
import dev.crashflow.symbolicate.SymbolStore;
import dev.crashflow.symbolicate.Symbolicator;
import dev.crashflow.transforms.ReadMessageFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * The single-thread parts, no Beam: the ceiling (Jackson reads each message into a tree and
 * writes it back out) and each core stage alone (decode, retrace of JVM events, native lookup
 * of NDK and iOS events, fingerprint), timed per call with the thread's CPU clock.
 */
final class StageBench {
  static final String CEILING = "ceiling";
  static final List<String> STAGES = List.of("decode", "retrace", "native", "fingerprint");

  private StageBench() {}

  /** Jackson decode + encode of every line, single thread. */
  static Figures ceiling(BenchCorpus.Written corpus, LongConsumer progress) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    OutputStream sink = OutputStream.nullOutputStream();
    long cpu = 0;
    long events = 0;
    long failed = 0;
    Meter meter = Meter.start();
    try (Lines lines = new Lines(corpus.events())) {
      for (byte[] line; (line = lines.next()) != null; ) {
        long t = Meter.threadCpuNanos();
        try {
          JsonNode tree = mapper.readTree(line);
          mapper.writeValue(sink, tree);
        } catch (IOException e) {
          failed++;
        }
        cpu += Meter.threadCpuNanos() - t;
        if ((++events & 1023) == 0) {
          progress.accept(events);
        }
      }
    }
    double wall = meter.wallSeconds();
    return new Figures(CEILING, "single thread", events, corpus.bytes(), wall, cpu / 1e9,
        Meter.peakHeapBytes(), Map.of("unparseable", failed));
  }

  /**
   * Runs the stages named in {@code wanted} over the corpus. The wall time of a stage is its CPU
   * time here (the calls are measured one by one, on one thread); a stage reports the events it
   * handled and their bytes.
   */
  static List<Figures> stages(BenchCorpus.Written corpus, DecodeLimits limits, long cacheBytes,
      Set<String> wanted, LongConsumer progress) throws IOException {
    EventDecoder decoder = new EventDecoder(limits);
    Symbolicator symbolicator = new Symbolicator(SymbolStore.open(corpus.symbols().toString(), cacheBytes));
    Fingerprinter fingerprinter = new Fingerprinter();
    long[] cpu = new long[STAGES.size()];
    long[] count = new long[STAGES.size()];
    long[] bytes = new long[STAGES.size()];
    long received = corpus.baseTimeMillis();
    long n = 0;
    Meter.start();
    try (Lines lines = new Lines(corpus.events())) {
      for (byte[] line; (line = lines.next()) != null; ) {
        long t0 = Meter.threadCpuNanos();
        Decoded d;
        try {
          d = decoder.decode(RawMessage.of(line), received);
        } catch (DecodeException e) {
          d = null;
        }
        long t1 = Meter.threadCpuNanos();
        add(cpu, count, bytes, 0, t1 - t0, line.length);
        if ((++n & 1023) == 0) {
          progress.accept(n);
        }
        CrashEvent e = d == null ? null : d.event();
        if (e == null) {
          continue;
        }
        int stage = "java".equals(e.sdkPlatform()) ? 1
            : "native".equals(e.sdkPlatform()) || "cocoa".equals(e.sdkPlatform()) ? 2 : -1;
        if (stage > 0 && (wanted.contains(STAGES.get(stage)) || wanted.contains("fingerprint"))) {
          t0 = Meter.threadCpuNanos();
          e = symbolicator.symbolicate(e);
          add(cpu, count, bytes, stage, Meter.threadCpuNanos() - t0, line.length);
        }
        if (wanted.contains("fingerprint")) {
          t0 = Meter.threadCpuNanos();
          fingerprinter.group(e);
          add(cpu, count, bytes, 3, Meter.threadCpuNanos() - t0, line.length);
        }
      }
    }
    long peak = Meter.peakHeapBytes();
    List<Figures> out = new ArrayList<>();
    for (int s = 0; s < STAGES.size(); s++) {
      if (wanted.contains(STAGES.get(s))) {
        out.add(new Figures(STAGES.get(s), "stage alone", count[s], bytes[s], cpu[s] / 1e9,
            cpu[s] / 1e9, peak, Map.of()));
      }
    }
    return out;
  }

  private static void add(long[] cpu, long[] count, long[] bytes, int s, long nanos, int size) {
    cpu[s] += nanos;
    count[s]++;
    bytes[s] += size;
  }

  /** The lines of a file as byte arrays, without their line ends; empty lines skipped. */
  static final class Lines implements AutoCloseable {
    private final InputStream in;
    private final ReadMessageFiles.LineReader reader;

    Lines(Path file) throws IOException {
      this.in = Files.newInputStream(file);
      this.reader = new ReadMessageFiles.LineReader(in, Integer.MAX_VALUE);
    }

    byte[] next() throws IOException {
      byte[] line;
      do {
        line = reader.next();
      } while (line != null && line.length == 0);
      return line;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
