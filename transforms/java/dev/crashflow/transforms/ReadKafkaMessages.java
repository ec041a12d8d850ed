package dev.crashflow.transforms;

import dev.crashflow.decode.DecodeException;
import dev.crashflow.model.DeadLetter;
import dev.crashflow.model.RawMessage;
import dev.crashflow.transforms.coders.RawMessageCoder;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.kafka.CustomTimestampPolicyWithLimitedDelay;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.io.kafka.TimestampPolicyFactory;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Reads a Kafka topic into the same {@link RawMessage}s as Pub/Sub, so one decode path serves
 * both: the record's value bytes are the payload (maybe gzip), its headers the attributes
 * ({@code item_type}, {@code app_id}, ...), its timestamp the publish time, and {@code
 * <topic>/<partition>/<offset>} the message id. The record key is not used. A record whose header
 * value is not UTF-8 cannot be a message and becomes a dead letter of step {@code read}.
 *
 * <p>Offsets are part of the source's checkpoint (on Flink: of every Flink checkpoint), so a
 * restore resumes exactly where the checkpoint was taken; with a consumer group they are also
 * committed to Kafka when a checkpoint completes, for lag monitoring and for a fresh start
 * without a savepoint. Element timestamps come from the record timestamp (create or log-append
 * time); the watermark trails the newest record by {@link Settings#maxDelay()}.
 */
public class ReadKafkaMessages extends PTransform<PBegin, PCollectionTuple> {
  public static final TupleTag<RawMessage> MESSAGES = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> FAILURES = new TupleTag<>() {};

  /** What to read and how; {@code maxRecords > 0} makes the read bounded (tests, catch-up runs). */
  public record Settings(String bootstrapServers, String topic, String consumerGroup,
      String startOffset, Map<String, String> consumerConfig, long maxRecords, Duration maxDelay)
      implements Serializable {}

  private final Settings settings;

  private ReadKafkaMessages(Settings settings) {
    this.settings = settings;
  }

  public static ReadKafkaMessages from(Settings settings) {
    return new ReadKafkaMessages(settings);
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    Map<String, Object> consumer = new HashMap<>(settings.consumerConfig());
    consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, settings.startOffset());
    // Offsets are committed only for checkpointed work (commitOffsetsInFinalize), never on a timer.
    consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    boolean group = settings.consumerGroup() != null && !settings.consumerGroup().isEmpty();
    if (group) {
      consumer.put(ConsumerConfig.GROUP_ID_CONFIG, settings.consumerGroup());
    }
    KafkaIO.Read<byte[], byte[]> read = KafkaIO.<byte[], byte[]>read()
        .withBootstrapServers(settings.bootstrapServers())
        .withTopic(settings.topic())
        .withKeyDeserializer(ByteArrayDeserializer.class)
        .withValueDeserializer(ByteArrayDeserializer.class)
        .withConsumerConfigUpdates(consumer)
        .withTimestampPolicyFactory(new RecordTimePolicy(settings.maxDelay()));
    if (group) {
      read = read.commitOffsetsInFinalize();
    }
    if (settings.maxRecords() > 0) {
      read = read.withMaxNumRecords(settings.maxRecords());
    }
    PCollectionTuple out = begin
        .apply("ReadTopic", read)
        .apply("ToRawMessages", ParDo.of(new ToRawFn()).withOutputTags(MESSAGES, TupleTagList.of(FAILURES)));
    out.get(MESSAGES).setCoder(RawMessageCoder.of());
    out.get(FAILURES).setCoder(SerializableCoder.of(DeadLetter.class));
    return out;
  }

  /** The message a record carries: value bytes, headers as attributes (last one of a name wins). */
  static RawMessage toRawMessage(KafkaRecord<byte[], byte[]> r) throws DecodeException {
    return message(r, false);
  }

  /**
   * With {@code lenient}, headers whose value is not UTF-8 are left out (the dead letter keeps
   * the rest); otherwise such a header is a {@code bad_header} failure.
   */
  static RawMessage message(KafkaRecord<byte[], byte[]> r, boolean lenient) throws DecodeException {
    byte[] value = r.getKV().getValue();
    Map<String, String> attributes = new TreeMap<>();
    if (r.getHeaders() != null) {
      for (Header h : r.getHeaders()) {
        String text = h.value() == null ? "" : utf8(h.value());
        if (text == null && !lenient) {
          throw new DecodeException("bad_header", "Kafka header '" + h.key() + "' of "
              + messageId(r) + " is not valid UTF-8");
        }
        if (text != null) {
          attributes.put(h.key(), text);
        }
      }
    }
    return new RawMessage(value == null ? new byte[0] : value, attributes, messageId(r),
        r.getTimestamp() >= 0 ? r.getTimestamp() : null);
  }

  static String messageId(KafkaRecord<?, ?> r) {
    return r.getTopic() + "/" + r.getPartition() + "/" + r.getOffset();
  }

  /** The text of UTF-8 bytes, or null when they are not valid UTF-8. */
  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  static class ToRawFn extends DoFn<KafkaRecord<byte[], byte[]>, RawMessage> {
    private final Counter messages = Metrics.counter("crashflow", "read_messages");
    private final Counter failed = Metrics.counter("crashflow", "read_failed");

    @ProcessElement
    public void process(@Element KafkaRecord<byte[], byte[]> r, MultiOutputReceiver out)
        throws DecodeException {
      messages.inc();
      try {
        out.get(MESSAGES).output(toRawMessage(r));
      } catch (DecodeException e) {
        failed.inc();
        out.get(FAILURES).output(DeadLetter.of(message(r, true), "read", e.reason(), e, null));
      }
    }
  }

  /**
   * Record timestamps of either type (create or log-append time) as event-time input, with the
   * watermark {@code maxDelay} behind the newest record (and behind now on an idle partition).
   */
  static final class RecordTimePolicy implements TimestampPolicyFactory<byte[], byte[]> {
    private final Duration maxDelay;

    RecordTimePolicy(Duration maxDelay) {
      this.maxDelay = maxDelay;
    }

    @Override
    public TimestampPolicy<byte[], byte[]> createTimestampPolicy(
        TopicPartition tp, java.util.Optional<Instant> previousWatermark) {
      return new CustomTimestampPolicyWithLimitedDelay<>(
          r -> r.getTimestamp() >= 0 ? new Instant(r.getTimestamp()) : Instant.now(), maxDelay,
          previousWatermark);
    }
  }
}
