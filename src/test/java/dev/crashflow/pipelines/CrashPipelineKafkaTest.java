package dev.crashflow.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashflow.samples.SampleCorpusFacts;
import dev.crashflow.testing.KafkaBroker;
import dev.crashflow.testing.KafkaSamples;
import dev.crashflow.testing.Outputs;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline reading a real Kafka broker (KRaft, in-process, loopback): the sample corpus as
 * records (payload = value, attributes = headers), read bounded on embedded Flink, every output
 * checked as for files and Pub/Sub; plus the Kafka options' validation. About 30 s.
 */
class CrashPipelineKafkaTest {
  @TempDir Path tmp;

  @Test
  void sampleRecordsFromKafkaReachEveryOutputAndBadHeadersAreDeadLettered() throws Exception {
    try (KafkaBroker broker = KafkaBroker.start(tmp.resolve("broker"))) {
      broker.createTopic("crashes", 2);
      List<ProducerRecord<byte[], byte[]>> records;
      try (InputStream in = SampleData.class.getClassLoader().getResourceAsStream(SampleData.RESOURCE)) {
        records = new ArrayList<>(KafkaSamples.records("crashes", in));
      }
      // The corpus's one envelope with broken base64 cannot be a Kafka record.
      assertEquals(SampleCorpusFacts.TOTAL_LINES - 1, records.size());
      // A good event whose header is not UTF-8: the record cannot be a message.
      ProducerRecord<byte[], byte[]> good = records.get(0);
      records.add(new ProducerRecord<>("crashes", null, good.timestamp(), null, good.value(),
          List.of(new RecordHeader("app_id", new byte[] {(byte) 0xC3, (byte) 0x28}),
              new RecordHeader("item_type", "event".getBytes(StandardCharsets.UTF_8)))));
      broker.send(records);

      Path out = tmp.resolve("out");
      PipelineResult result = CrashPipeline.run(new String[] {
          "--inputType=kafka", "--kafkaBootstrapServers=" + broker.bootstrapServers(),
          "--kafkaTopic=crashes", "--kafkaMaxRecords=" + records.size(), "--output=" + out});
      assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());

      Outputs o = new Outputs(out);
      long events = o.scalar("SELECT count(*) FROM crash_events");
      long sessions = o.scalar("SELECT count(*) FROM sessions");
      long dead = o.scalar("SELECT count(*) FROM dead_letters");
      assertEquals(SampleCorpusFacts.GOOD_EVENTS, events);
      assertEquals(SampleCorpusFacts.GOOD_EVENTS, o.scalar("SELECT count(DISTINCT event_id) FROM crash_events"));
      assertEquals(SampleCorpusFacts.SESSIONS, sessions);
      assertEquals(SampleCorpusFacts.BAD_LINES - 1 + 1, dead);
      Outputs.assertConservation(records.size(), events, sessions, dead, SampleCorpusFacts.DUPLICATES);
      assertEquals(1, o.scalar("SELECT count(*) FROM dead_letters WHERE step = 'read'"
          + " AND error_reason = 'bad_header' AND error_message LIKE '%app_id%'"));
      // the dead letter keeps the payload and the headers that were text
      assertEquals(1, o.scalar("SELECT count(*) FROM dead_letters WHERE error_reason = 'bad_header'"
          + " AND octet_length(payload) > 0 AND message_id LIKE 'crashes/%/%'"));
      assertEquals(events, o.scalar("SELECT sum(events) FROM crash_counts"));
      // publish time = the record timestamp = the envelope's publish_time
      assertEquals(0, o.scalar("SELECT count(*) FROM crash_events WHERE received_timestamp < TIMESTAMP '2026-01-01'"));
      o.assertRowsFitSchemas();
      assertEquals(events + sessions, Outputs.lines(o.archive()).size());
    }
  }

  @Test
  void kafkaOptionsAreCheckedTogetherWithClearMessages() throws Exception {
    Path props = Files.writeString(tmp.resolve("kafka.properties"),
        "security.protocol=SASL_SSL\ngroup.id=sneaky\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
        OptionsValidator.validate(CrashPipeline.options(new String[] {"--runner=DirectRunner",
            "--inputType=kafka", "--kafkaBootstrapServers=broker1:9092,broker2", "--kafkaTopic=bad topic",
            "--kafkaStartOffset=newest", "--kafkaMaxRecords=-1",
            "--kafkaConsumerConfigFile=" + props})));
    String m = e.getMessage();
    assertTrue(m.contains("'broker2' is not host:port"), m);
    assertTrue(m.contains("'bad topic' is not a Kafka topic name"), m);
    assertTrue(m.contains("--kafkaStartOffset must be 'earliest' or 'latest'"), m);
    assertTrue(m.contains("--kafkaMaxRecords must be 0"), m);
    assertTrue(m.contains("'group.id' is set by crashflow itself"), m);

    e = assertThrows(IllegalArgumentException.class, () -> OptionsValidator.validate(
        CrashPipeline.options(new String[] {"--runner=DirectRunner", "--inputType=kafka"})));
    assertTrue(e.getMessage().contains("--inputType=kafka needs --kafkaBootstrapServers"), e.getMessage());
    assertTrue(e.getMessage().contains("--inputType=kafka needs --kafkaTopic"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class, () -> OptionsValidator.validate(
        CrashPipeline.options(new String[] {"--kafkaTopic=crashes"})));
    assertTrue(e.getMessage().contains("add --inputType=kafka"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class, () -> OptionsValidator.validate(
        CrashPipeline.options(new String[] {"--runner=DirectRunner", "--inputType=kafka",
            "--kafkaBootstrapServers=localhost:9092", "--kafkaTopic=t",
            "--kafkaConsumerConfigFile=" + tmp.resolve("missing.properties")})));
    assertTrue(e.getMessage().contains("--kafkaConsumerConfigFile: cannot read"), e.getMessage());

    // streaming on Flink without checkpoints would neither commit offsets nor write files safely
    e = assertThrows(IllegalArgumentException.class, () -> OptionsValidator.validate(
        CrashPipeline.options(new String[] {"--runner=FlinkRunner", "--inputType=kafka",
            "--kafkaBootstrapServers=localhost:9092", "--kafkaTopic=t"})));
    assertTrue(e.getMessage().contains("streaming on Flink needs --checkpointingInterval"), e.getMessage());
    OptionsValidator.validate(CrashPipeline.options(new String[] {"--runner=FlinkRunner",
        "--inputType=kafka", "--kafkaBootstrapServers=localhost:9092", "--kafkaTopic=t",
        "--checkpointingInterval=10000"}));
    OptionsValidator.validate(CrashPipeline.options(new String[] {"--runner=FlinkRunner",
        "--inputType=kafka", "--kafkaBootstrapServers=[::1]:9092,kafka-0.kafka:9093", "--kafkaTopic=t",
        "--kafkaMaxRecords=100"}));
  }
}
