package dev.crashflow.transforms;

import dev.crashflow.model.RawMessage;
import dev.crashflow.transforms.coders.RawMessageCoder;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubIO;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

/**
 * Reads a Pub/Sub subscription into {@link RawMessage}s: payload, attributes, message id and
 * publish time (PubsubIO stamps each element with its publish time). With an id attribute,
 * runners that support it (Dataflow) drop redelivered messages before crashflow sees them.
 */
public class ReadPubsubMessages extends PTransform<PBegin, PCollection<RawMessage>> {
  private final PTransform<PBegin, PCollection<PubsubMessage>> read;

  private ReadPubsubMessages(PTransform<PBegin, PCollection<PubsubMessage>> read) {
    this.read = read;
  }

  /** Reads {@code projects/<p>/subscriptions/<s>}; {@code idAttribute} may be null or empty. */
  public static ReadPubsubMessages fromSubscription(String subscription, String idAttribute) {
    PubsubIO.Read<PubsubMessage> read =
        PubsubIO.readMessagesWithAttributesAndMessageId().fromSubscription(subscription);
    if (idAttribute != null && !idAttribute.isEmpty()) {
      read = read.withIdAttribute(idAttribute);
    }
    return new ReadPubsubMessages(read);
  }

  /** Reads through any source of Pub/Sub messages (tests use Beam's PubsubTestClient). */
  public static ReadPubsubMessages from(PTransform<PBegin, PCollection<PubsubMessage>> read) {
    return new ReadPubsubMessages(read);
  }

  @Override
  public PCollection<RawMessage> expand(PBegin begin) {
    return begin
        .apply("ReadSubscription", read)
        .apply("ToRawMessages", ParDo.of(new ToRawFn()))
        .setCoder(RawMessageCoder.of());
  }

  static class ToRawFn extends DoFn<PubsubMessage, RawMessage> {
    private final Counter messages = Metrics.counter("crashflow", "read_messages");

    @ProcessElement
    public void process(@Element PubsubMessage m, @Timestamp Instant publishTime,
        OutputReceiver<RawMessage> out) {
      messages.inc();
      byte[] payload = m.getPayload() == null ? new byte[0] : m.getPayload();
      out.output(new RawMessage(payload, m.getAttributeMap(), m.getMessageId(), publishTime.getMillis()));
    }
  }
}
