package dev.crashflow.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Options of the Kafka source ({@code --inputType=kafka}), for deployments without Pub/Sub. */
public interface KafkaOptions extends PipelineOptions {

  @Description("Kafka bootstrap servers (host:port[,host:port...]) for --inputType=kafka.")
  String getKafkaBootstrapServers();
  void setKafkaBootstrapServers(String value);

  @Description("Kafka topic to read for --inputType=kafka: record value = message payload,"
      + " headers = attributes.")
  String getKafkaTopic();
  void setKafkaTopic(String value);

  @Description("Kafka consumer group: offsets are committed to it when a checkpoint completes (lag"
      + " monitoring; a fresh start without a savepoint resumes there). Empty: no group, no commits.")
  @Default.String("crashflow")
  String getKafkaConsumerGroup();
  void setKafkaConsumerGroup(String value);

  @Description("Where to start when neither a checkpoint nor the consumer group has an offset:"
      + " 'earliest' (everything the topic retains) or 'latest' (only new records).")
  @Default.String("earliest")
  String getKafkaStartOffset();
  void setKafkaStartOffset(String value);

  @Description("A Java properties file of further Kafka consumer settings (security.protocol, SASL,"
      + " TLS, fetch sizes), read when the job is launched.")
  @Default.String("")
  String getKafkaConsumerConfigFile();
  void setKafkaConsumerConfigFile(String value);

  @Description("Read this many records and stop (a bounded, batch run: catch-up jobs, tests)."
      + " 0: read forever (streaming).")
  @Default.Long(0)
  long getKafkaMaxRecords();
  void setKafkaMaxRecords(long value);
}
