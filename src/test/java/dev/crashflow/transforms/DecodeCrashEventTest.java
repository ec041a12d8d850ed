package dev.crashflow.transforms;

import static dev.crashflow.decode.Fixtures.RECEIVED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crashflow.decode.DecodeLimits;
import dev.crashflow.decode.Fixtures;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.DeadLetter;
import dev.crashflow.model.RawMessage;
import dev.crashflow.model.SessionUpdate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DecodeCrashEvent on DirectRunner: events and sessions come out stamped with their event time
 * (even when that is days before the publish time), bad messages come out as dead letters with
 * their original bytes and reason, and the counters add up.
 */
@ExtendWith(TestPipelineExtension.class)
class DecodeCrashEventTest {
  private static final long EVENT_TIME = java.time.Instant.parse("2024-05-01T12:00:00.250Z")
      .toEpochMilli();
  private static final long SESSION_TIME = java.time.Instant.parse("2024-05-01T12:00:00Z")
      .toEpochMilli();
  private static final long THREE_DAYS = 3L * 24 * 3600 * 1000;

  private static RawMessage published(byte[] payload, Map<String, String> attrs, long at) {
    return new RawMessage(payload, attrs, "id-" + at, at);
  }

  @Test
  void goodBadAndSessionMessagesAreRoutedWithEventTimestamps(TestPipeline p) {
    // The event was uploaded three days late: its publish time (the input timestamp) is later.
    long late = EVENT_TIME + THREE_DAYS;
    RawMessage lateEvent = published(Fixtures.message("android-java.json").payload(), Map.of(), late);
    ObjectNode noTime = Fixtures.minimalEvent().put("event_id", "11111111111111111111111111111111");
    noTime.remove("timestamp");
    RawMessage untimed = published(Fixtures.bytes(noTime), Map.of(), RECEIVED);
    ObjectNode deep = Fixtures.minimalEvent().put("event_id", "22222222222222222222222222222222");
    deep.putArray("exception").addObject().set("stacktrace", Fixtures.stacktrace(300));
    RawMessage trimmed = published(Fixtures.bytes(deep), Map.of(), RECEIVED);
    RawMessage session = published(Fixtures.message("session.json").payload(),
        Map.of("item_type", "session", "platform", "ANDROID"), RECEIVED);
    RawMessage garbage = published("not json".getBytes(StandardCharsets.UTF_8),
        Map.of("event_id", "from-attribute"), RECEIVED);
    ObjectNode ancient = Fixtures.minimalEvent().put("event_id", "33333333333333333333333333333333")
        .put("timestamp", "2020-01-01T00:00:00Z");
    RawMessage tooOld = published(Fixtures.bytes(ancient), Map.of(), RECEIVED);
    RawMessage attachment = published(Fixtures.bytes(Fixtures.minimalEvent()),
        Map.of("item_type", "attachment"), RECEIVED);

    List<TimestampedValue<RawMessage>> input = new ArrayList<>();
    for (RawMessage m : List.of(lateEvent, untimed, trimmed, session, garbage, tooOld, attachment)) {
      input.add(TimestampedValue.of(m, new Instant(m.publishTimeMillis())));
    }
    PCollectionTuple out = p
        .apply("Messages", Create.timestamped(input)
            .withCoder(SerializableCoder.of(RawMessage.class)))
        .apply("Decode", DecodeCrashEvent.with(DecodeLimits.defaults()));

    PAssert.that(out.get(DecodeCrashEvent.EVENTS).apply("EventStamps", ParDo.of(new EventStamp())))
        .containsInAnyOrder(
            "5f1e6b7c9d0a4b3c8e2f1a0b9c8d7e6f@" + EVENT_TIME + " raw=true trimmed=0",
            "11111111111111111111111111111111@" + RECEIVED + " raw=true trimmed=0",
            "22222222222222222222222222222222@" + EVENT_TIME / 1000 * 1000 + " raw=true trimmed=50");
    PAssert.that(out.get(DecodeCrashEvent.SESSIONS)
            .apply("SessionStamps", ParDo.of(new SessionStamp())))
        .containsInAnyOrder("7c7b6a5f-4e3d-4c2b-9a1f-0e9d8c7b6a59@" + SESSION_TIME + " crashed ANDROID");
    PAssert.that(out.get(DecodeCrashEvent.FAILURES).apply("Failures", ParDo.of(new Failure())))
        .containsInAnyOrder(
            "decode malformed_json from-attribute",
            "decode timestamp_out_of_range 33333333333333333333333333333333",
            "decode unsupported_item_type null");
    PAssert.that(out.get(DecodeCrashEvent.FAILURES)).satisfies(letters -> {
      for (DeadLetter d : letters) {
        assertEquals(DecodeCrashEvent.STEP, d.step());
        assertEquals("dev.crashflow.decode.DecodeException", d.errorClass());
        assertTrue(d.stackTrace().contains("DecodeException"), d.stackTrace());
        if (d.errorMessage().startsWith("malformed_json")) {
          assertArrayEquals(garbage.payload(), d.original().payload(), "original bytes kept");
          assertEquals(garbage, d.original(), "with attributes, id and publish time");
        }
      }
      return null;
    });

    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertEquals(3, counter(result, "decode_events"));
    assertEquals(1, counter(result, "decode_sessions"));
    assertEquals(3, counter(result, "decode_failed"));
    assertEquals(1, counter(result, "decode_failed_malformed_json"));
    assertEquals(1, counter(result, "decode_failed_timestamp_out_of_range"));
    assertEquals(1, counter(result, "decode_failed_unsupported_item_type"));
    assertEquals(1, counter(result, "decode_frames_trimmed"));
  }

  private static long counter(PipelineResult result, String name) {
    MetricQueryResults q = result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named("crashflow", name)).build());
    long sum = 0;
    for (MetricResult<Long> c : q.getCounters()) {
      sum += c.getAttempted();
    }
    return sum;
  }

  /** {@code eventId@elementTimestamp}, whether raw is kept, and frames trimmed. */
  static class EventStamp extends DoFn<CrashEvent, String> {
    @ProcessElement
    public void process(@Element CrashEvent e, @Timestamp Instant ts, OutputReceiver<String> out) {
      out.output(e.eventId() + "@" + ts.getMillis() + " raw=" + (e.raw() != null)
          + " trimmed=" + e.framesTrimmed());
    }
  }

  static class SessionStamp extends DoFn<SessionUpdate, String> {
    @ProcessElement
    public void process(@Element SessionUpdate s, @Timestamp Instant ts,
        OutputReceiver<String> out) {
      out.output(s.sessionId() + "@" + ts.getMillis() + " " + s.status() + " " + s.platform());
    }
  }

  /** {@code step reason eventId}. */
  static class Failure extends DoFn<DeadLetter, String> {
    @ProcessElement
    public void process(@Element DeadLetter d, OutputReceiver<String> out) {
      String reason = d.errorMessage().substring(0, d.errorMessage().indexOf(':'));
      out.output(d.step() + " " + reason + " " + d.eventId());
    }
  }
}
