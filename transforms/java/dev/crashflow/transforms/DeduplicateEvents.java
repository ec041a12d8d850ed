package dev.crashflow.transforms;

import dev.crashflow.model.CrashEvent;
import dev.crashflow.transforms.coders.CrashEventCoder;
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
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * Drops events whose {@code event_id} was already seen within a horizon (processing time), so
 * Pub/Sub redelivery and client retry storms count once. State per id is cleared when the horizon
 * ends, which bounds memory. Dropped duplicates are counted ({@code dedup_duplicates_dropped}).
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
    return events
        .apply("KeyByEventId",
            WithKeys.of((CrashEvent e) -> e.eventId()).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), CrashEventCoder.of()))
        .apply("DropSeenIds", ParDo.of(new DeduplicateFn(horizon)))
        .setCoder(CrashEventCoder.of());
  }

  /** Emits the first event per id and drops the rest until the horizon expires. */
  static class DeduplicateFn extends DoFn<KV<String, CrashEvent>, CrashEvent> {
    private final Counter unique = Metrics.counter("crashflow", "dedup_unique_events");
    private final Counter dropped = Metrics.counter("crashflow", "dedup_duplicates_dropped");
    private final Duration horizon;

    @StateId("seen")
    private final StateSpec<ValueState<Boolean>> seenSpec = StateSpecs.value();

    @TimerId("expiry")
    private final TimerSpec expirySpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

    DeduplicateFn(Duration horizon) {
      this.horizon = horizon;
    }

    @ProcessElement
    public void process(
        @Element KV<String, CrashEvent> element,
        @StateId("seen") ValueState<Boolean> seen,
        @TimerId("expiry") Timer expiry,
        OutputReceiver<CrashEvent> out) {
      if (Boolean.TRUE.equals(seen.read())) {
        dropped.inc();
        return;
      }
      seen.write(true);
      expiry.offset(horizon).setRelative();
      unique.inc();
      out.output(element.getValue());
    }

    @OnTimer("expiry")
    public void onExpiry(@StateId("seen") ValueState<Boolean> seen) {
      seen.clear();
    }
  }
}
