package dev.crashflow.pipelines;

import dev.crashflow.transforms.Durations;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;

/** Checks every option combination at once, so a bad launch reports all its problems together. */
public final class OptionsValidator {
  private OptionsValidator() {}

  public static void validate(CrashflowOptions o) {
    List<String> problems = new ArrayList<>();
    if (o.getInputType() == CrashflowOptions.InputType.pubsub && isEmpty(o.getSubscription())) {
      problems.add("--inputType=pubsub needs --subscription=projects/<p>/subscriptions/<s>");
    }
    if (o.getInputType() == CrashflowOptions.InputType.file && !isEmpty(o.getSubscription())) {
      problems.add("--subscription is set but --inputType=file: add --inputType=pubsub");
    }
    problems.addAll(KafkaInput.problems(o));
    if (unboundedOnFlink(o) && o.as(FlinkPipelineOptions.class).getCheckpointingInterval() <= 0) {
      problems.add("streaming on Flink needs --checkpointingInterval=<ms> (e.g. 60000): file outputs"
          + " are written only once a checkpoint completes, and Pub/Sub acks and Kafka offsets ride on"
          + " checkpoints");
    }
    if (onFlink(o) && !unbounded(o) && o.as(FlinkPipelineOptions.class).getUseDataStreamForBatch()) {
      String forced = forcedBatchParallelism(o.as(FlinkPipelineOptions.class));
      if (forced != null) {
        problems.add(forced + ", which loses rows on Flink's DataStream engine: Beam's file writes"
            + " (the tables, the archive) then leave written files out. Drop the setting, or run"
            + " with --useDataStreamForBatch=false (Flink's DataSet engine)");
      }
    }
    if (o.getOutputType() == CrashflowOptions.OutputType.bigquery && isEmpty(o.getBigQueryDataset())) {
      problems.add("--outputType=bigquery needs --bigQueryDataset=<project>:<dataset>");
    }
    if (o.getMaxFrames() < 10_000) {
      problems.add("--maxFrames must be at least 10000 (got " + o.getMaxFrames() + ")");
    }
    if (o.getKeepFrames() < 1 || o.getKeepFrames() > o.getMaxFrames()) {
      problems.add("--keepFrames must be between 1 and --maxFrames (got " + o.getKeepFrames() + ")");
    }
    if (o.getMaxPayloadBytes() < 1024 || o.getMaxCompressedBytes() < 1024) {
      problems.add("--maxPayloadBytes and --maxCompressedBytes must be at least 1024");
    }
    if (o.getMaxCompressionRatio() < 2) {
      problems.add("--maxCompressionRatio must be at least 2");
    }
    if (o.getSymbolCacheBytes() < (1 << 20)) {
      problems.add("--symbolCacheBytes must be at least 1048576 (got " + o.getSymbolCacheBytes() + ")");
    }
    if (o.getFileShards() < 1) {
      problems.add("--fileShards must be at least 1");
    }
    for (String[] d : new String[][] {
        {"maxEventAge", o.getMaxEventAge()}, {"maxFutureSkew", o.getMaxFutureSkew()},
        {"dedupHorizon", o.getDedupHorizon()}, {"countWindow", o.getCountWindow()},
        {"allowedLateness", o.getAllowedLateness()}, {"earlyFiringDelay", o.getEarlyFiringDelay()},
        {"fileFlushInterval", o.getFileFlushInterval()}, {"groupingRefresh", o.getGroupingRefresh()},
        {"issueWindow", o.getIssueWindow()},
        {"issueStateTtl", o.getIssueStateTtl()}, {"issueSpikeHalfLife", o.getIssueSpikeHalfLife()},
        {"issueResolutionsRefresh", o.getIssueResolutionsRefresh()},
        {"bigQueryTriggeringFrequency", o.getBigQueryTriggeringFrequency()}}) {
      try {
        Durations.parse(d[1]);
      } catch (IllegalArgumentException e) {
        problems.add("--" + d[0] + ": " + e.getMessage());
      }
    }
    try {
      if (Durations.parse(o.getGroupingRefresh()).getMillis() < 1_000) {
        problems.add("--groupingRefresh must be at least 1s (rules are re-read that often)");
      }
    } catch (IllegalArgumentException reported) {
      // reported above with the other durations
    }
    issueProblems(o, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid options:\n  - " + String.join("\n  - ", problems));
    }
  }

  /** A job whose input never ends: Pub/Sub, or Kafka without --kafkaMaxRecords. */
  static boolean unbounded(CrashflowOptions o) {
    return o.getInputType() == CrashflowOptions.InputType.pubsub
        || (o.getInputType() == CrashflowOptions.InputType.kafka && o.getKafkaMaxRecords() == 0);
  }

  /** A FlinkRunner job. */
  static boolean onFlink(CrashflowOptions o) {
    return o.getRunner() != null && o.getRunner().getSimpleName().equals("FlinkRunner");
  }

  /** A FlinkRunner job whose input never ends. */
  static boolean unboundedOnFlink(CrashflowOptions o) {
    return unbounded(o) && onFlink(o);
  }

  /**
   * What in the Flink configuration handed to a local run ({@code --flinkConfDir}, else {@code
   * FLINK_CONF_DIR}) forces every batch step to the job's parallelism, or null. In batch mode
   * Flink's adaptive scheduler gives steps fed by little data one task, among them the steps where
   * Beam's file writes gather and rename the files written. Forced to two tasks on the DataStream
   * engine, tables lost rows: sessions kept 294 of 504 rows in a 10,000-message bench (one file
   * where the default run writes two) while the counters said all were written; the DataSet engine
   * with the same setting, and the DataStream engine without it, kept every row.
   */
  static String forcedBatchParallelism(FlinkPipelineOptions flink) {
    String dir = flink.getFlinkConfDir() != null ? flink.getFlinkConfDir() : System.getenv("FLINK_CONF_DIR");
    if (dir == null || !java.nio.file.Files.isDirectory(java.nio.file.Path.of(dir))) {
      return null;
    }
    org.apache.flink.configuration.Configuration conf =
        org.apache.flink.configuration.GlobalConfiguration.loadConfiguration(dir);
    if (!conf.get(org.apache.flink.configuration.BatchExecutionOptions.ADAPTIVE_AUTO_PARALLELISM_ENABLED)) {
      return "the Flink configuration in " + dir + " sets "
          + org.apache.flink.configuration.BatchExecutionOptions.ADAPTIVE_AUTO_PARALLELISM_ENABLED.key() + ": false";
    }
    int min = conf.get(org.apache.flink.configuration.BatchExecutionOptions.ADAPTIVE_AUTO_PARALLELISM_MIN_PARALLELISM);
    if (min > 1) {
      return "the Flink configuration in " + dir + " sets "
          + org.apache.flink.configuration.BatchExecutionOptions.ADAPTIVE_AUTO_PARALLELISM_MIN_PARALLELISM.key()
          + ": " + min;
    }
    return null;
  }

  private static void issueProblems(CrashflowOptions o, List<String> problems) {
    if (!(o.getIssueSpikeFactor() >= 1)) {
      problems.add("--issueSpikeFactor must be at least 1 (got " + o.getIssueSpikeFactor() + ")");
    }
    if (o.getIssueSpikeMinEvents() < 1) {
      problems.add("--issueSpikeMinEvents must be at least 1");
    }
    String topic = o.getIssueSignalsTopic();
    if (!isEmpty(topic) && !topic.matches("projects/[^/]+/topics/[^/]+")) {
      problems.add("--issueSignalsTopic must be projects/<p>/topics/<t> (got " + topic + ")");
    }
    String res = o.getIssueResolutions();
    if (!isEmpty(res) && !res.contains("://") && !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(res))) {
      problems.add("--issueResolutions: no such file " + res);
    }
    try {
      long ttl = Durations.parse(o.getIssueStateTtl()).getMillis();
      long window = Durations.parse(o.getIssueWindow()).getMillis();
      long lateness = Durations.parse(o.getAllowedLateness()).getMillis();
      if (window <= 0 || Durations.parse(o.getIssueSpikeHalfLife()).getMillis() <= 0) {
        problems.add("--issueWindow and --issueSpikeHalfLife must be positive");
      } else if (ttl <= Math.max(window, lateness)) {
        problems.add("--issueStateTtl (" + o.getIssueStateTtl() + ") must exceed --issueWindow and"
            + " --allowedLateness (late data would meet forgotten issues)");
      }
    } catch (IllegalArgumentException e) {
      // reported with the durations above
    }
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isBlank();
  }
}
