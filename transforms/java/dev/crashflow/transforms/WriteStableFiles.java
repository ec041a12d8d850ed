package dev.crashflow.transforms;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.joda.time.Duration;

/**
 * Streaming file writes that survive a runner's replay: each element is {@code KV<folder, line>}
 * (folder relative to the root, {@code ""} for the root itself); lines are grouped per folder and
 * shard into panes every {@code flushEvery}, and each pane becomes one file.
 *
 * <p>Why not {@code FileIO.write()}: after a failure, Flink restores state from the last
 * checkpoint and replays the input since; {@code FileIO}'s panes fired after that checkpoint were
 * already renamed to final names, and the replay re-fires panes with other contents, so rows are
 * written twice or overwritten. Here the writing step is {@code @RequiresStableInput}: on Flink
 * it only sees a pane once the checkpoint holding it has completed, so a replay hands it the
 * same pane again, and the file name is a digest of the pane (folder, shard, pane index and the
 * multiset of its lines), so writing it again replaces the file with identical content. Files are
 * written under a hidden temporary name and renamed into place: readers never see half a file.
 * The digest is of the lines, not of the file's bytes, so how they are compressed ({@link
 * LineFiles}) does not change a name. On Dataflow the same annotation is honoured natively.
 * (Flink needs checkpointing for it; the options validator insists.)
 */
public class WriteStableFiles extends PTransform<PCollection<KV<String, String>>, PDone> {
  private final String root;
  private final String prefix;
  private final String suffix;
  private final boolean gzip;
  private final FileWriteSettings settings;

  private WriteStableFiles(String root, String prefix, String suffix, boolean gzip, FileWriteSettings settings) {
    this.root = root.endsWith("/") ? root : root + "/";
    this.prefix = prefix;
    this.suffix = suffix;
    this.gzip = gzip;
    this.settings = settings;
  }

  /** Files {@code <root>/<folder>/<prefix>-<digest><suffix>}, gzip-compressed when {@code gzip}. */
  public static WriteStableFiles to(String root, String prefix, String suffix, boolean gzip,
      FileWriteSettings settings) {
    return new WriteStableFiles(root, prefix, suffix, gzip, settings);
  }

  @Override
  public PDone expand(PCollection<KV<String, String>> lines) {
    lines
        .apply("Panes", Window.<KV<String, String>>into(new GlobalWindows())
            .triggering(Repeatedly.forever(
                AfterProcessingTime.pastFirstElementInPane().plusDelayOf(settings.flushEvery())))
            .withAllowedLateness(Duration.ZERO)
            .discardingFiredPanes())
        .apply("AssignShards", ParDo.of(new AssignShardFn(settings.streamingShards())))
        .setCoder(KvCoder.of(KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of()), StringUtf8Coder.of()))
        .apply("GroupIntoFiles", GroupByKey.create())
        .apply("WriteFiles", ParDo.of(new WriteFileFn(root, prefix, suffix, gzip)));
    return PDone.in(lines.getPipeline());
  }

  /** Keys each line by folder and a shard picked from the line's content. */
  static class AssignShardFn extends DoFn<KV<String, String>, KV<KV<String, Integer>, String>> {
    private final int shards;

    AssignShardFn(int shards) {
      this.shards = shards;
    }

    @ProcessElement
    public void process(@Element KV<String, String> e, OutputReceiver<KV<KV<String, Integer>, String>> out) {
      out.output(KV.of(KV.of(e.getKey(), Math.floorMod(e.getValue().hashCode(), shards)), e.getValue()));
    }
  }

  /** Writes one pane of one folder and shard as one file, named by its content. */
  static class WriteFileFn extends DoFn<KV<KV<String, Integer>, Iterable<String>>, Void> {
    private final Counter files = Metrics.counter("crashflow", "files_written");
    private final String root;
    private final String prefix;
    private final String suffix;
    private final boolean gzip;

    WriteFileFn(String root, String prefix, String suffix, boolean gzip) {
      this.root = root;
      this.prefix = prefix;
      this.suffix = suffix;
      this.gzip = gzip;
    }

    @RequiresStableInput
    @ProcessElement
    public void process(@Element KV<KV<String, Integer>, Iterable<String>> pane, PaneInfo paneInfo)
        throws IOException {
      String folder = pane.getKey().getKey();
      String dir = folder.isEmpty() ? root : root + (folder.endsWith("/") ? folder : folder + "/");
      ResourceId temp = FileSystems.matchNewResource(
          dir + "." + prefix + "-" + UUID.randomUUID() + ".tmp", false);
      PaneDigest digest = new PaneDigest();
      try (OutputStream out = LineFiles.open(Channels.newOutputStream(FileSystems.create(temp,
              gzip ? "application/gzip" : "application/json")), gzip)) {
        for (String line : pane.getValue()) {
          byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
          digest.add(bytes);
          out.write(bytes);
          out.write('\n');
        }
      }
      String name = prefix + "-" + digest.name(folder, pane.getKey().getValue(), paneInfo.getIndex()) + suffix;
      FileSystems.rename(List.of(temp), List.of(FileSystems.matchNewResource(dir + name, false)));
      files.inc();
    }
  }

  /**
   * An order-independent digest of a pane's lines: the sum (mod 2^128) of each line's SHA-256
   * prefix, plus the count, so the same multiset of lines gives the same name in any order.
   */
  static final class PaneDigest {
    private long high;
    private long low;
    private long count;

    void add(byte[] line) {
      byte[] h = sha256().digest(line);
      long lineHigh = 0;
      long lineLow = 0;
      for (int i = 0; i < 8; i++) {
        lineHigh = (lineHigh << 8) | (h[i] & 0xff);
        lineLow = (lineLow << 8) | (h[8 + i] & 0xff);
      }
      long sum = low + lineLow;
      high += lineHigh + (Long.compareUnsigned(sum, low) < 0 ? 1 : 0);
      low = sum;
      count++;
    }

    /** 32 hex digits naming the pane. */
    String name(String folder, int shard, long paneIndex) {
      MessageDigest d = sha256();
      d.update((folder + "\n" + shard + "\n" + paneIndex + "\n" + count + "\n" + high + "\n" + low)
          .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d.digest(), 0, 16);
    }

    private static MessageDigest sha256() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is part of every JVM", e);
      }
    }
  }
}
