package dev.crashflow.transforms;

import dev.crashflow.model.CrashEvent;
import dev.crashflow.transforms.coders.CrashEventCoder;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * Drops events whose {@code event_id} was already seen within a horizon (processing time), so
 * Pub/Sub redelivery and client retry storms count once. State per id is cleared when the horizon
 * ends, which bounds memory. Dropped duplicates are counted ({@code dedup_duplicates_dropped}).
 *
 * <p>Bounded input crosses the shuffle as each event's {@link CrashEventCoder} bytes, decoded once
 * after it and only when kept. A batch runner that sorts (Flink, Spark) otherwise decodes and
 * re-encodes each whole event as it moves it: into its sort buffer, again for each spill and merge
 * (Beam's Flink serializer copies by decoding and encoding), and out of it. On embedded Flink that
 * was 9.6% of a 300,000-message run's CPU; as bytes those moves are copies. Unbounded input keeps
 * the events whole across the shuffle, as before: a streaming shuffle decodes once anyway, and an
 * unchanged graph keeps a running streaming job updatable in place (Dataflow's {@code --update}
 * refuses a changed coder).
 */
public class DeduplicateEvents extends PTransform<PCollection<CrashEvent>, PCollection<CrashEvent>> {
  private final Duration horizon;

  private DeduplicateEvents(Duration horizon) {
    this.horizon = horizon;
  }

  public static DeduplicateEvents within(Duration horizon) {
    return new DeduplicateEvents(horizon);
  }

  @Override
  public PCollection<CrashEvent> expand(PCollection<CrashEvent> events) {
    if (events.isBounded() == PCollection.IsBounded.BOUNDED) {
      return events
          .apply("KeyByEventId", ParDo.of(new KeyByIdFn()))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of()))
          .apply("DropSeenIds", ParDo.of(new DeduplicateBytesFn(horizon)))
          .setCoder(CrashEventCoder.of());
    }
    return events
        .apply("KeyByEventId",
            WithKeys.of((CrashEvent e) -> e.eventId()).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), CrashEventCoder.of()))
        .apply("DropSeenIds", ParDo.of(new DeduplicateFn(horizon)))
        .setCoder(CrashEventCoder.of());
  }

  /** An event as its id and its coder's bytes. */
  static class KeyByIdFn extends DoFn<CrashEvent, KV<String, byte[]>> {
    @ProcessElement
    public void process(@Element CrashEvent e, OutputReceiver<KV<String, byte[]>> out)
        throws CoderException {
      out.output(KV.of(e.eventId(), CoderUtils.encodeToByteArray(CrashEventCoder.of(), e)));
    }
  }

  /**
   * {@link DropSeen} over whole events (unbounded input). Its name is part of the step's full name
   * ({@code DropSeenIds/ParMultiDo(Deduplicate)}), which a running job's update and savepoints
   * match on: keep it.
   */
  static class DeduplicateFn extends DropSeen<CrashEvent> {
    DeduplicateFn(Duration horizon) {
      super(horizon);
    }

    @Override
    CrashEvent event(CrashEvent value) {
      return value;
    }
  }

  /** {@link DropSeen} over events as their coder's bytes (bounded input). */
  static class DeduplicateBytesFn extends DropSeen<byte[]> {
    DeduplicateBytesFn(Duration horizon) {
      super(horizon);
    }

    @Override
    CrashEvent event(byte[] value) throws CoderException {
      return CoderUtils.decodeFromByteArray(CrashEventCoder.of(), value);
    }
  }

  /**
   * Emits the first event per id and drops the rest until the horizon expires; {@code V} is how
   * the event crossed the shuffle, {@link #event} makes it an event again (kept ones only).
   */
  abstract static class DropSeen<V> extends DoFn<KV<String, V>, CrashEvent> {
    private final Counter unique = Metrics.counter("crashflow", "dedup_unique_events");
    private final Counter dropped = Metrics.counter("crashflow", "dedup_duplicates_dropped");
    private final Duration horizon;

    @StateId("seen")
    private final StateSpec<ValueState<Boolean>> seenSpec = StateSpecs.value();

    @TimerId("expiry")
    private final TimerSpec expirySpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

    DropSeen(Duration horizon) {
      this.horizon = horizon;
    }

    abstract CrashEvent event(V value) throws CoderException;

    @ProcessElement
    public void process(
        @Element KV<String, V> element,
        @StateId("seen") ValueState<Boolean> seen,
        @TimerId("expiry") Timer expiry,
        OutputReceiver<CrashEvent> out) throws CoderException {
      if (Boolean.TRUE.equals(seen.read())) {
        dropped.inc();
        return;
      }
      seen.write(true);
      expiry.offset(horizon).setRelative();
      unique.inc();
      out.output(event(element.getValue()));
    }

    @OnTimer("expiry")
    public void onExpiry(@StateId("seen") ValueState<Boolean> seen) {
      seen.clear();
    }
  }
}
