package dev.crashflow.pipelines;

import static dev.crashflow.transforms.Durations.parse;
import static dev.crashflow.transforms.Durations.parseJava;

import com.google.api.services.bigquery.model.TableRow;
import dev.crashflow.decode.DecodeLimits;
import dev.crashflow.issues.IssueTracker;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.DeadLetter;
import dev.crashflow.model.RawMessage;
import dev.crashflow.model.SessionUpdate;
import dev.crashflow.rows.TableRows;
import dev.crashflow.transforms.ArchiveRawMessages;
import dev.crashflow.transforms.DecodeCrashEvent;
import dev.crashflow.transforms.DeduplicateEvents;
import dev.crashflow.transforms.FileWriteSettings;
import dev.crashflow.transforms.GroupIntoIssues;
import dev.crashflow.transforms.ReadKafkaMessages;
import dev.crashflow.transforms.ReadMessageFiles;
import dev.crashflow.transforms.ReadPubsubMessages;
import dev.crashflow.transforms.SymbolicateFrames;
import dev.crashflow.transforms.TrackIssues;
import dev.crashflow.transforms.coders.CrashEventCoder;
import dev.crashflow.transforms.coders.RawMessageCoder;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowJsonCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The crash pipeline: read -> decode -> deduplicate -> (archive) -> symbolicate -> group ->
 * tables and issue tracking, with every failure flattened into one dead-letter table. Step names are stable:
 * Dataflow's update matches on them.
 */
public final class CrashPipeline {
  private static final TypeDescriptor<TableRow> ROW = TypeDescriptor.of(TableRow.class);
  private static final TypeDescriptor<CrashEvent> EVENT = TypeDescriptor.of(CrashEvent.class);
  /** Raw messages by archive folder: set on each branch too, or Flink ships them Java-serialised. */
  private static final KvCoder<String, RawMessage> ARCHIVED =
      KvCoder.of(StringUtf8Coder.of(), RawMessageCoder.of());

  private CrashPipeline() {}

  public static void main(String[] args) {
    run(args).waitUntilFinish();
  }

  public static PipelineResult run(String[] args) {
    return run(options(args));
  }

  /** Parses pipeline options; without {@code --runner}, the local default is embedded Flink. */
  public static CrashflowOptions options(String[] args) {
    PipelineOptionsFactory.register(CrashflowOptions.class);
    boolean runnerGiven = java.util.Arrays.stream(args).anyMatch(a -> a.startsWith("--runner"));
    String[] all = runnerGiven ? args
        : java.util.stream.Stream.concat(java.util.stream.Stream.of("--runner=" + DEFAULT_RUNNER),
            java.util.Arrays.stream(args)).toArray(String[]::new);
    CrashflowOptions options = PipelineOptionsFactory.fromArgs(all).withValidation().as(CrashflowOptions.class);
    if (OptionsValidator.onFlink(options)) {
      if (java.util.Arrays.stream(args).noneMatch(a -> a.startsWith("--fasterCopy"))) {
        // crashflow's elements are immutable records and rows built fresh per step, so Flink's
        // defensive copy between chained operators buys nothing.
        options.as(org.apache.beam.runners.flink.FlinkPipelineOptions.class).setFasterCopy(true);
      }
      batchOnDataStream(options, args);
    }
    if (options.getRunner().getSimpleName().equals("DirectRunner")
        && java.util.Arrays.stream(args).noneMatch(a -> a.startsWith("--enforceImmutability"))) {
      // DirectRunner's immutability check walks the whole graph for every bundle it creates, and
      // the keyed steps make a bundle per key: on 2,000 messages it took minutes of CPU. The
      // elements are immutable records and rows built fresh per step; tests keep the check.
      options.as(org.apache.beam.runners.direct.DirectOptions.class).setEnforceImmutability(false);
    }
    return options;
  }

  /**
   * Bounded runs (files, a bounded Kafka read) on Flink go through Flink's DataStream engine in
   * batch mode unless {@code --useDataStreamForBatch=false} is given. On Flink's older DataSet
   * engine, every consumer of a step receives its own serialised copy of each element, each
   * branch of a multi-output step decodes the whole union of its outputs, and every keyed step
   * sorts whole elements: on 100,000 messages that was about a third more CPU than DataStream,
   * which chains fan-outs and side outputs without serialising (figures in the README's
   * Benchmarks). Streaming runs use the DataStream engine anyway. Bounded runs also get {@code
   * --objectReuse} unless it is given: chained steps hand elements on without a copy, which is
   * safe because crashflow's steps never change an element they are given (records are
   * immutable; rows are built fresh per step).
   *
   * <p>Not when the Flink configuration ({@code --flinkConfDir}, {@code FLINK_CONF_DIR}) forces
   * every step to the job's parallelism: see {@link OptionsValidator#forcedBatchParallelism}.
   */
  static void batchOnDataStream(CrashflowOptions options, String[] args) {
    org.apache.beam.runners.flink.FlinkPipelineOptions flink =
        options.as(org.apache.beam.runners.flink.FlinkPipelineOptions.class);
    boolean bounded = !OptionsValidator.unbounded(options);
    if (java.util.Arrays.stream(args).noneMatch(a -> a.startsWith("--useDataStreamForBatch"))) {
      String forced = bounded ? OptionsValidator.forcedBatchParallelism(flink) : null;
      if (forced != null) {
        org.slf4j.LoggerFactory.getLogger(CrashPipeline.class).warn("{}: this bounded run uses Flink's"
            + " DataSet engine (on the DataStream engine, Beam's file writes lose files when every"
            + " step is forced to the job's parallelism)", forced);
      }
      flink.setUseDataStreamForBatch(forced == null);
    }
    if (bounded && flink.getUseDataStreamForBatch()
        && java.util.Arrays.stream(args).noneMatch(a -> a.startsWith("--objectReuse"))) {
      flink.setObjectReuse(true);
    }
  }

  /**
   * The runner when none is named: embedded Flink. DirectRunner works too (tests use it), but it
   * pays a per-bundle cost that grows with the graph, and a keyed stage makes a bundle per key:
   * on the sample corpus it takes about ten times as long.
   */
  public static final String DEFAULT_RUNNER = "FlinkRunner";

  public static PipelineResult run(CrashflowOptions options) {
    Pipeline p = Pipeline.create(options);
    build(p, options, IoOverrides.NONE);
    return p.run();
  }

  /** Builds the whole graph on {@code p}. */
  public static void build(Pipeline p, CrashflowOptions o, IoOverrides io) {
    OptionsValidator.validate(o);
    Sinks sinks = new Sinks(o, io);

    PCollectionList<DeadLetter> failures = PCollectionList.empty(p);
    PCollection<RawMessage> messages;
    if (o.getInputType() == CrashflowOptions.InputType.pubsub) {
      messages = p.apply("ReadPubsub", io.pubsubRead() != null
          ? ReadPubsubMessages.from(io.pubsubRead())
          : ReadPubsubMessages.fromSubscription(o.getSubscription(), o.getPubsubIdAttribute()));
    } else if (o.getInputType() == CrashflowOptions.InputType.kafka) {
      PCollectionTuple read = p.apply("ReadKafka", ReadKafkaMessages.from(KafkaInput.settings(o)));
      messages = read.get(ReadKafkaMessages.MESSAGES);
      failures = failures.and(read.get(ReadKafkaMessages.FAILURES));
    } else {
      PCollectionTuple read = p.apply("ReadFiles",
          ReadMessageFiles.from(SampleData.inputOrSamples(o), o.getMaxCompressedBytes() * 2));
      messages = read.get(ReadMessageFiles.MESSAGES);
      failures = failures.and(read.get(ReadMessageFiles.FAILURES));
    }

    PCollectionTuple decoded = messages.apply("DecodeEvents", DecodeCrashEvent.with(limits(o)));
    failures = failures.and(decoded.get(DecodeCrashEvent.FAILURES));
    PCollection<SessionUpdate> sessions = decoded.get(DecodeCrashEvent.SESSIONS);
    PCollection<CrashEvent> events = decoded.get(DecodeCrashEvent.EVENTS)
        .apply("DeduplicateEvents", DeduplicateEvents.within(parse(o.getDedupHorizon())));

    PCollectionList.of(events.apply("EventsToArchive", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(RawMessage.class)))
            .via((CrashEvent e) -> KV.of(
                ArchiveRawMessages.partition(e.appIdOrUnknown(), e.timestampMillis()), e.raw())))
            .setCoder(ARCHIVED))
        .and(sessions.apply("SessionsToArchive", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(RawMessage.class)))
            .via((SessionUpdate s) -> KV.of(ArchiveRawMessages.partition(
                s.app().appId() == null ? "_unknown" : s.app().appId(), s.timestampMillis()), s.raw())))
            .setCoder(ARCHIVED))
        .apply("FlattenArchive", Flatten.pCollections())
        .setCoder(ARCHIVED)
        .apply("ArchiveRawMessages", ArchiveRawMessages.to(sinks.archiveRoot(), sinks.fileSettings()));

    // Past the archive nothing reads the raw payload: dropping it here halves what every later
    // step ships between workers.
    PCollection<CrashEvent> grouped = events
        .apply("DropRawPayloads", MapElements.into(EVENT).via(CrashEvent::withoutRaw))
        .setCoder(CrashEventCoder.of())
        .apply("SymbolicateFrames", SymbolicateFrames.from(o.getSymbols(), o.getSymbolCacheBytes()))
        .apply("GroupIntoIssues", GroupIntoIssues.withRules(
            o.getGroupingConfig().isEmpty() ? o.getSymbols() : o.getGroupingConfig(),
            parse(o.getGroupingRefresh())));
    PCollection<TableRow> eventRows = grouped.apply("ToCrashEventRows",
        MapElements.into(ROW).via(TableRows::crashEvent)).setCoder(TableRowJsonCoder.of());
    if (o.getPerAppTables()) {
      failures = failures.and(sinks.writePerApp(eventRows));
    }
    failures = failures
        .and(sinks.write("crash_events", eventRows))
        .and(sinks.write("sessions", sessions.apply("ToSessionRows",
            MapElements.into(ROW).via(TableRows::session)).setCoder(TableRowJsonCoder.of())));

    // The aggregates and issue tracking read a few fields of each event; they share one
    // projection (see CrashEvent#forAggregates) instead of each receiving the whole event.
    PCollection<CrashEvent> counted = grouped
        .apply("ForAggregates", MapElements.into(EVENT).via(CrashEvent::forAggregates))
        .setCoder(CrashEventCoder.of());
    failures = failures.and(Aggregates.write(sinks, o, counted, sessions).getAll());

    PCollectionTuple issues = counted.apply("TrackIssues", trackIssues(o));
    failures = failures
        .and(sinks.write("issues", issues.get(TrackIssues.ISSUES)))
        .and(sinks.write("issue_signals", issues.get(TrackIssues.SIGNALS)));
    sinks.publishSignals(issues.get(TrackIssues.SIGNALS));

    failures.apply("FlattenFailures", Flatten.pCollections())
        .setCoder(SerializableCoder.of(DeadLetter.class))
        .apply("ToDeadLetterRows", MapElements.into(ROW).via(TableRows::deadLetter))
        .setCoder(TableRowJsonCoder.of())
        .apply("WriteDeadLetters", sinks.deadLetterSink());
  }

  /** The decoder's limits from the options. */
  public static DecodeLimits limits(CrashflowOptions o) {
    return new DecodeLimits(o.getMaxPayloadBytes(), o.getMaxCompressedBytes(),
        o.getMaxCompressionRatio(), o.getMaxFrames(), o.getKeepFrames(),
        parseJava(o.getMaxEventAge()), parseJava(o.getMaxFutureSkew()), o.getScrubPii());
  }

  /** Issue tracking from the options. */
  static TrackIssues trackIssues(CrashflowOptions o) {
    return TrackIssues.of(parse(o.getIssueWindow()), parse(o.getAllowedLateness()),
            new IssueTracker.Settings(parse(o.getIssueStateTtl()).getMillis(), o.getIssueSpikeFactor(),
                o.getIssueSpikeMinEvents(), parse(o.getIssueSpikeHalfLife()).getMillis()))
        .withResolutions(o.getIssueResolutions(), parse(o.getIssueResolutionsRefresh()));
  }

  static FileWriteSettings fileSettings(CrashflowOptions o) {
    return new FileWriteSettings(parse(o.getFileFlushInterval()), o.getFileShards());
  }
}
