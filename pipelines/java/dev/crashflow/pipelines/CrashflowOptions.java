package dev.crashflow.pipelines;

import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.options.Validation;

/**
 * Options of the crash pipeline. Durations are strings such as {@code 30s}, {@code 10m}, {@code
 * 3d}; {@link OptionsValidator} checks every combination at once before the graph is built.
 */
public interface CrashflowOptions extends PubsubOptions, StreamingOptions, KafkaOptions {

  /** Where messages come from. */
  enum InputType { file, pubsub, kafka }

  /** Where the tables go. */
  enum OutputType { local, bigquery }

  @Description("Input: 'file' (newline-delimited events or envelopes, plain or .gz), 'pubsub' or"
      + " 'kafka' (--kafkaBootstrapServers, --kafkaTopic).")
  @Default.Enum("file")
  InputType getInputType();
  void setInputType(InputType value);

  @Description("Input files (a glob, local or gs://). Empty: the bundled sample corpus.")
  @Default.String("")
  String getInput();
  void setInput(String value);

  @Description("Pub/Sub subscription to read (projects/<p>/subscriptions/<s>) when --inputType=pubsub.")
  String getSubscription();
  void setSubscription(String value);

  @Description("Pub/Sub attribute holding a unique message id; Dataflow drops redeliveries with the"
      + " same id before crashflow sees them. Empty: none (crashflow still deduplicates by event_id).")
  @Default.String("")
  String getPubsubIdAttribute();
  void setPubsubIdAttribute(String value);

  @Description("Output root for local runs: the raw archive goes to <output>/archive and the local"
      + " warehouse (one folder of JSON files per table) to <output>/warehouse.")
  @Default.String("crashflow-out")
  @Validation.Required
  String getOutput();
  void setOutput(String value);

  @Description("Tables go to the 'local' embedded warehouse or to 'bigquery' (--bigQueryDataset).")
  @Default.Enum("local")
  OutputType getOutputType();
  void setOutputType(OutputType value);

  @Description("Raw archive location (local directory or gs://bucket/prefix). Empty: <output>/archive.")
  @Default.String("")
  String getArchive();
  void setArchive(String value);

  @Description("BigQuery dataset for --outputType=bigquery, as project:dataset.")
  String getBigQueryDataset();
  void setBigQueryDataset(String value);

  @Description("BigQuery write method: STORAGE_WRITE_API (exactly-once), STORAGE_API_AT_LEAST_ONCE"
      + " (cheaper, at-least-once: read through the dedup views), STREAMING_INSERTS, FILE_LOADS (batch).")
  @Default.Enum("STORAGE_WRITE_API")
  BigQueryIO.Write.Method getBigQueryWriteMethod();
  void setBigQueryWriteMethod(BigQueryIO.Write.Method value);

  @Description("How often streaming BigQuery writes commit (exactly-once Storage Write API, file loads).")
  @Default.String("10s")
  String getBigQueryTriggeringFrequency();
  void setBigQueryTriggeringFrequency(String value);

  @Description("Largest payload after decompression, in bytes; larger messages are dead-lettered.")
  @Default.Integer(1 << 20)
  int getMaxPayloadBytes();
  void setMaxPayloadBytes(int value);

  @Description("Largest payload as received (compressed or not), in bytes.")
  @Default.Integer(1 << 20)
  int getMaxCompressedBytes();
  void setMaxCompressedBytes(int value);

  @Description("Largest gzip decompression ratio; above it the message is a suspected gzip bomb.")
  @Default.Integer(100)
  int getMaxCompressionRatio();
  void setMaxCompressionRatio(int value);

  @Description("Hard cap on frames in one stack trace; events beyond it are dead-lettered (at least 10000).")
  @Default.Integer(10_000)
  int getMaxFrames();
  void setMaxFrames(int value);

  @Description("Longer stack traces are trimmed to this many frames nearest the crash (not rejected).")
  @Default.Integer(250)
  int getKeepFrames();
  void setKeepFrames(int value);

  @Description("Events older than this before they were received are dead-lettered; raise it to replay"
      + " old archives.")
  @Default.String("30d")
  String getMaxEventAge();
  void setMaxEventAge(String value);

  @Description("Events dated more than this after they were received (device clocks) are dead-lettered.")
  @Default.String("1d")
  String getMaxFutureSkew();
  void setMaxFutureSkew(String value);

  @Description("Drop user emails and IP addresses and mask them in messages.")
  @Default.Boolean(true)
  boolean getScrubPii();
  void setScrubPii(boolean value);

  @Description("Symbol store (local directory or gs://bucket/prefix) with ProGuard/R8 mappings and"
      + " Breakpad .sym files (layout in the README). Empty: no store; events needing symbols are"
      + " marked missing_symbols and can be replayed once symbols are uploaded.")
  @Default.String("")
  String getSymbols();
  void setSymbols(String value);

  @Description("Root of the per-app grouping rules (local directory or gs://bucket/prefix):"
      + " <root>/grouping/<app id>/enhancements.txt and fingerprints.txt. Empty: the --symbols store.")
  @Default.String("")
  String getGroupingConfig();
  void setGroupingConfig(String value);

  @Description("How often workers re-read each app's grouping rules.")
  @Default.String("5m")
  String getGroupingRefresh();
  void setGroupingRefresh(String value);

  @Description("Memory bound of the per-worker cache of parsed symbol files, in bytes.")
  @Default.Long(512L << 20)
  long getSymbolCacheBytes();
  void setSymbolCacheBytes(long value);

  @Description("Deduplication horizon: an event_id seen again within it is dropped as a duplicate."
      + " Longer horizons keep more state (one small entry per event id).")
  @Default.String("1h")
  String getDedupHorizon();
  void setDedupHorizon(String value);

  @Description("Event-time window of crash_counts.")
  @Default.String("1m")
  String getCountWindow();
  void setCountWindow(String value);

  @Description("How late (event time behind the watermark) data may arrive and still update"
      + " crash_counts, crash_rollups, release_health, missing_symbols and issue tracking.")
  @Default.String("3d")
  String getAllowedLateness();
  void setAllowedLateness(String value);

  @Description("Speculative crash_counts panes fire this long after a window's first element.")
  @Default.String("1m")
  String getEarlyFiringDelay();
  void setEarlyFiringDelay(String value);

  @Description("Late panes of the hourly and daily crash_rollups, of release_health and of"
      + " missing_symbols fire this long after the first late element, so a backlog of late data"
      + " makes a pane per window per delay rather than one per event.")
  @Default.String("10m")
  String getRollupFiringDelay();
  void setRollupFiringDelay(String value);

  @Description("Event-time window of release_health (sessions are placed at their start).")
  @Default.String("1h")
  String getReleaseHealthWindow();
  void setReleaseHealthWindow(String value);

  @Description("Also write each crash_events row to a table per app and platform,"
      + " <app_id with . as _>_<PLATFORM> (as the Crashlytics export names its tables), for teams"
      + " that query per-app tables.")
  @Default.Boolean(false)
  boolean getPerAppTables();
  void setPerAppTables(boolean value);

  @Description("Event-time window of issue tracking: issues get one row per window with events,"
      + " signals are decided per window (and in streaming emitted when the watermark passes it).")
  @Default.String("5m")
  String getIssueWindow();
  void setIssueWindow(String value);

  @Description("An issue with no event for this long (event time) is forgotten: its state is cleared,"
      + " and if it comes back it is a NEW_ISSUE again. Bounds the state. Must exceed --allowedLateness.")
  @Default.String("90d")
  String getIssueStateTtl();
  void setIssueStateTtl(String value);

  @Description("Issue resolutions: JSON lines (local or gs://) with app_id, issue_id,"
      + " resolved_in_version and optional resolved_at; drives REGRESSED. Empty: none.")
  @Default.String("")
  String getIssueResolutions();
  void setIssueResolutions(String value);

  @Description("How often (processing time) each worker re-reads --issueResolutions.")
  @Default.String("5m")
  String getIssueResolutionsRefresh();
  void setIssueResolutionsRefresh(String value);

  @Description("SPIKING: a window is a spike when its events reach this many times the issue's recent"
      + " rate (exponentially weighted events per window).")
  @Default.Double(5.0)
  double getIssueSpikeFactor();
  void setIssueSpikeFactor(double value);

  @Description("SPIKING: fewest events in one window that can be a spike.")
  @Default.Integer(20)
  int getIssueSpikeMinEvents();
  void setIssueSpikeMinEvents(int value);

  @Description("SPIKING: half-life of the recent rate; also the least time between two SPIKING"
      + " signals of one issue.")
  @Default.String("6h")
  String getIssueSpikeHalfLife();
  void setIssueSpikeHalfLife(String value);

  @Description("Pub/Sub topic (projects/<p>/topics/<t>) that issue_signals rows are also published to,"
      + " for alerting. Empty: table only.")
  @Default.String("")
  String getIssueSignalsTopic();
  void setIssueSignalsTopic(String value);

  @Description("Streaming only: how often file outputs (archive, local tables) flush a pane.")
  @Default.String("30s")
  String getFileFlushInterval();
  void setFileFlushInterval(String value);

  @Description("Streaming only: files per pane and destination for file outputs.")
  @Default.Integer(2)
  int getFileShards();
  void setFileShards(int value);
}
