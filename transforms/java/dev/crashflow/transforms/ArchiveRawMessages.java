package dev.crashflow.transforms;

import dev.crashflow.decode.Envelopes;
import dev.crashflow.model.RawMessage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Contextful;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Archives raw messages as gzip NDJSON envelopes under {@code app=<app>/dt=<YYYY-MM-DD>/hr=<HH>/}
 * (event time, UTC) below a local directory or {@code gs://} prefix. Every line is an envelope
 * that round-trips the message, so any slice of the archive can be replayed with {@code
 * --input=<archive>/app=.../*.gz}.
 *
 * <p>Input: {@code KV<partition, message>} where the partition comes from {@link #partition}.
 * Writes use {@link FileWriteSettings} so streaming panes flush on a processing-time
 * cadence, nothing is dropped as late, and a replay after a failure writes nothing twice
 * ({@link WriteStableFiles}).
 *
 * <p>Bounded input is written as one file per folder: grouped by folder, then each group streamed
 * into its file, so a worker has one file open at a time. FileIO's default instead writes at most 20 folders
 * per bundle directly and spills the rest to a shuffle anyway, cut into 10 files each; a Flink
 * batch bundle is a worker's whole input, and a day of a few apps is over 20 folders, so nearly
 * every message went through the shuffle and a folder of 150 messages became 10 small files (each
 * a deflater, a temporary file and a rename). Compression is done by {@link Utf8LineSink} (gzip
 * at best speed), not by FileIO's, which has no level.
 */
public class ArchiveRawMessages extends PTransform<PCollection<KV<String, RawMessage>>, PDone> {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH").withZone(ZoneOffset.UTC);

  private final String root;
  private final FileWriteSettings settings;

  private ArchiveRawMessages(String root, FileWriteSettings settings) {
    this.root = root;
    this.settings = settings;
  }

  public static ArchiveRawMessages to(String root, FileWriteSettings settings) {
    return new ArchiveRawMessages(root, settings);
  }

  /** The archive folder of a message: {@code app=<app>/dt=<day>/hr=<hour>}. */
  public static String partition(String appId, long eventMillis) {
    Instant t = Instant.ofEpochMilli(eventMillis);
    return "app=" + safe(appId) + "/dt=" + DAY.format(t) + "/hr=" + HOUR.format(t);
  }

  /** App ids become folder names: keep them to a safe character set. */
  static String safe(String appId) {
    return appId.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  @Override
  public PDone expand(PCollection<KV<String, RawMessage>> messages) {
    if (messages.isBounded() != PCollection.IsBounded.BOUNDED) {
      messages.apply("ToEnvelopeLines", ParDo.of(new ToLineFn()))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
          .apply("WriteArchiveFiles", WriteStableFiles.to(root, "messages", ".ndjson.gz", true, settings));
      return PDone.in(messages.getPipeline());
    }
    // The messages cross FileIO's shuffle (by folder) as they are, and become envelope lines only
    // as they are written: a line carries the payload in base64, a third more bytes, which the
    // shuffle's LZ4 could hardly compress.
    FileIO.Write<String, KV<String, RawMessage>> write = FileIO.<String, KV<String, RawMessage>>writeDynamic()
        .by(KV::getKey)
        .withDestinationCoder(StringUtf8Coder.of())
        .via(Contextful.fn((KV<String, RawMessage> kv) -> Envelopes.toLine(kv.getValue())),
            Utf8LineSink.of(true))
        .to(root)
        .withNaming(partition -> FileIO.Write.defaultNaming(partition + "/messages", ".ndjson.gz"))
        .withNumShards(1);
    settings.applyTo(messages.apply("CountMessages", ParDo.of(new CountFn()))
        .setCoder(messages.getCoder()), write, "WriteArchiveFiles");
    return PDone.in(messages.getPipeline());
  }

  /** Counts the messages handed to the archive ({@code archive_messages}). */
  static class CountFn extends DoFn<KV<String, RawMessage>, KV<String, RawMessage>> {
    private final Counter archived = Metrics.counter("crashflow", "archive_messages");

    @ProcessElement
    public void process(@Element KV<String, RawMessage> kv, OutputReceiver<KV<String, RawMessage>> out) {
      archived.inc();
      out.output(kv);
    }
  }

  static class ToLineFn extends DoFn<KV<String, RawMessage>, KV<String, String>> {
    private final Counter archived = Metrics.counter("crashflow", "archive_messages");

    @ProcessElement
    public void process(@Element KV<String, RawMessage> kv, OutputReceiver<KV<String, String>> out) {
      archived.inc();
      out.output(KV.of(kv.getKey(), Envelopes.toLine(kv.getValue())));
    }
  }
}
