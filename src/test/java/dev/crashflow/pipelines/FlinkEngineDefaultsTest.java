package dev.crashflow.pipelines;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.junit.jupiter.api.Test;

/**
 * Which of Flink's engines a run gets: bounded runs go through the DataStream engine with object
 * reuse (a third less CPU than DataSet on the bench), unless the user says otherwise; streaming
 * runs never get object reuse by default; other runners are left alone.
 */
class FlinkEngineDefaultsTest {
  private static FlinkPipelineOptions flink(String... args) {
    return CrashPipeline.options(args).as(FlinkPipelineOptions.class);
  }

  @Test
  void aFileRunOnFlinkUsesTheDataStreamEngineWithObjectReuse() {
    FlinkPipelineOptions o = flink("--input=events.jsonl");
    assertTrue(o.getUseDataStreamForBatch());
    assertTrue(o.getObjectReuse());
    assertTrue(o.getFasterCopy());
    FlinkPipelineOptions bounded = flink("--inputType=kafka", "--kafkaBootstrapServers=k:9092",
        "--kafkaTopic=crashes", "--kafkaMaxRecords=1000");
    assertTrue(bounded.getUseDataStreamForBatch());
    assertTrue(bounded.getObjectReuse(), "a bounded Kafka read is a batch run too");
  }

  @Test
  void whatTheUserGivesWins() {
    FlinkPipelineOptions dataSet = flink("--input=events.jsonl", "--useDataStreamForBatch=false");
    assertFalse(dataSet.getUseDataStreamForBatch());
    assertFalse(dataSet.getObjectReuse(), "object reuse only comes with the DataStream engine");
    assertFalse(flink("--input=events.jsonl", "--objectReuse=false").getObjectReuse());
  }

  @Test
  void streamingRunsGetNoObjectReuseByDefault() {
    FlinkPipelineOptions pubsub = flink("--inputType=pubsub",
        "--subscription=projects/p/subscriptions/s");
    assertFalse(pubsub.getObjectReuse());
    FlinkPipelineOptions kafka = flink("--inputType=kafka", "--kafkaBootstrapServers=k:9092",
        "--kafkaTopic=crashes");
    assertFalse(kafka.getObjectReuse());
  }

  @Test
  void aFlinkConfigurationThatForcesEveryStepsParallelismKeepsBatchRunsOnDataSet(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path conf) throws Exception {
    java.nio.file.Files.writeString(conf.resolve("config.yaml"),
        "execution.batch.adaptive.auto-parallelism.enabled: false\n");
    FlinkPipelineOptions fallback = flink("--input=events.jsonl", "--flinkConfDir=" + conf);
    assertFalse(fallback.getUseDataStreamForBatch(), "the DataStream engine loses rows with it");
    assertFalse(fallback.getObjectReuse());

    CrashflowOptions explicit = CrashPipeline.options(new String[] {"--input=events.jsonl",
        "--flinkConfDir=" + conf, "--useDataStreamForBatch=true"});
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> OptionsValidator.validate(explicit));
    assertTrue(e.getMessage().contains("execution.batch.adaptive.auto-parallelism.enabled: false")
        && e.getMessage().contains("--useDataStreamForBatch=false"), e.getMessage());

    java.nio.file.Files.writeString(conf.resolve("config.yaml"),
        "execution.batch.adaptive.auto-parallelism.min-parallelism: 2\n");
    assertFalse(flink("--input=events.jsonl", "--flinkConfDir=" + conf).getUseDataStreamForBatch());
    java.nio.file.Files.writeString(conf.resolve("config.yaml"), "parallelism.default: 2\n");
    assertTrue(flink("--input=events.jsonl", "--flinkConfDir=" + conf).getUseDataStreamForBatch(),
        "other settings keep the DataStream engine");
  }

  @Test
  void otherRunnersAreLeftAlone() {
    FlinkPipelineOptions direct = flink("--runner=DirectRunner", "--input=events.jsonl");
    assertFalse(direct.getUseDataStreamForBatch());
    assertFalse(direct.getObjectReuse());
  }
}
