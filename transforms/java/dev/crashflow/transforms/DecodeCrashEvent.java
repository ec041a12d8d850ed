package dev.crashflow.transforms;

import dev.crashflow.decode.DecodeException;
import dev.crashflow.decode.DecodeLimits;
import dev.crashflow.decode.Decoded;
import dev.crashflow.decode.EventDecoder;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.DeadLetter;
import dev.crashflow.model.RawMessage;
import dev.crashflow.model.SessionUpdate;
import dev.crashflow.transforms.coders.CrashEventCoder;
import dev.crashflow.transforms.coders.SessionUpdateCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Decodes raw messages into crash events ({@link #EVENTS}) and session updates ({@link
 * #SESSIONS}), both stamped with their event time; messages that cannot be decoded go to {@link
 * #FAILURES} as dead letters with the original bytes and attributes. Unexpected exceptions fail
 * the bundle so the runner retries.
 *
 * <p>Counters (namespace {@code crashflow}): {@code decode_events}, {@code decode_sessions},
 * {@code decode_failed}, {@code decode_failed_<reason>}, {@code decode_frames_trimmed} (events
 * whose stack traces were trimmed).
 */
public class DecodeCrashEvent extends PTransform<PCollection<RawMessage>, PCollectionTuple> {
  public static final TupleTag<CrashEvent> EVENTS = new TupleTag<>("events") {};
  public static final TupleTag<SessionUpdate> SESSIONS = new TupleTag<>("sessions") {};
  public static final TupleTag<DeadLetter> FAILURES = new TupleTag<>("failures") {};

  /** The step name written into dead letters. */
  public static final String STEP = "decode";

  private final DecodeLimits limits;

  private DecodeCrashEvent(DecodeLimits limits) {
    this.limits = limits;
  }

  public static DecodeCrashEvent with(DecodeLimits limits) {
    return new DecodeCrashEvent(limits);
  }

  @Override
  public PCollectionTuple expand(PCollection<RawMessage> input) {
    PCollectionTuple out = input.apply("DecodeFn",
        ParDo.of(new DecodeFn(limits))
            .withOutputTags(EVENTS, TupleTagList.of(SESSIONS).and(FAILURES)));
    out.get(EVENTS).setCoder(CrashEventCoder.of());
    out.get(SESSIONS).setCoder(SessionUpdateCoder.of());
    out.get(FAILURES).setCoder(SerializableCoder.of(DeadLetter.class));
    return out;
  }

  /** Thin wrapper around {@link EventDecoder}: routing, timestamps and counters. */
  static class DecodeFn extends DoFn<RawMessage, CrashEvent> {
    private static final String NS = "crashflow";
    private final Counter events = Metrics.counter(NS, "decode_events");
    private final Counter sessions = Metrics.counter(NS, "decode_sessions");
    private final Counter failed = Metrics.counter(NS, "decode_failed");
    private final Counter trimmed = Metrics.counter(NS, "decode_frames_trimmed");
    private final EventDecoder decoder;

    DecodeFn(DecodeLimits limits) {
      this.decoder = new EventDecoder(limits);
    }

    @ProcessElement
    public void process(@Element RawMessage message, MultiOutputReceiver out) {
      long received = message.publishTimeMillis() != null
          ? message.publishTimeMillis() : System.currentTimeMillis();
      Decoded decoded;
      try {
        decoded = decoder.decode(message, received);
      } catch (DecodeException e) {
        failed.inc();
        Metrics.counter(NS, "decode_failed_" + e.reason()).inc();
        String eventId = e.eventId() != null ? e.eventId() : message.attribute("event_id");
        out.get(FAILURES).output(DeadLetter.of(message, STEP, e.reason(), e, eventId));
        return;
      }
      Instant eventTime = new Instant(decoded.eventTimeMillis());
      if (decoded.event() != null) {
        events.inc();
        if (decoded.event().framesTrimmed() > 0) {
          trimmed.inc();
        }
        out.get(EVENTS).outputWithTimestamp(decoded.event(), eventTime);
      } else {
        sessions.inc();
        out.get(SESSIONS).outputWithTimestamp(decoded.session(), eventTime);
      }
    }

    /** Phones upload days late: event time may be far behind the input (publish) timestamp. */
    @Override
    @SuppressWarnings("deprecation")
    public Duration getAllowedTimestampSkew() {
      return Duration.millis(Long.MAX_VALUE);
    }
  }
}
