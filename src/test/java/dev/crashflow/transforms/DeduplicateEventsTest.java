package dev.crashflow.transforms;

import dev.crashflow.model.CrashEvent;
import dev.crashflow.testing.Events;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.Assert;
import org.junit.Rule;
import org.junit.Test;

public class DeduplicateEventsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void aRetryStormCountsOnceAndTheDropsAreCounted() {
    CrashEvent a = Events.simple("a".repeat(32), 1_000L, "app");
    CrashEvent b = Events.simple("b".repeat(32), 2_000L, "app");
    PCollection<String> ids = p.apply(Create.of(a, a, a, b, a, b).withCoder(SerializableCoder.of(CrashEvent.class)))
        .apply(DeduplicateEvents.within(Duration.standardMinutes(10)))
        .apply(MapElements.into(TypeDescriptors.strings()).via(CrashEvent::eventId));
    PAssert.that(ids).containsInAnyOrder("a".repeat(32), "b".repeat(32));
    PipelineResult r = p.run();
    r.waitUntilFinish();
    long dropped = 0;
    for (MetricResult<Long> c : r.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named("crashflow", "dedup_duplicates_dropped")).build()).getCounters()) {
      dropped += c.getCommitted();
    }
    Assert.assertEquals(4, dropped);
  }

  /** A decoded fixture event: every part of a real event, raw payload included. */
  private static final CrashEvent NDK = fixture("android-ndk.json");

  private static CrashEvent fixture(String name) {
    try {
      return new dev.crashflow.decode.EventDecoder(dev.crashflow.decode.DecodeLimits.defaults())
          .decode(dev.crashflow.decode.Fixtures.message(name), dev.crashflow.decode.Fixtures.RECEIVED)
          .event();
    } catch (dev.crashflow.decode.DecodeException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  public void theKeptEventCrossesTheShuffleWhole() {
    PAssert.that(kept(p.apply(Create.of(NDK, NDK).withCoder(SerializableCoder.of(CrashEvent.class)))))
        .containsInAnyOrder(describe(NDK));
    p.run().waitUntilFinish();
  }

  @Test
  public void aStreamDropsDuplicatesToo() {
    TestStream<CrashEvent> s = TestStream.create(SerializableCoder.of(CrashEvent.class))
        .addElements(NDK, NDK)
        .advanceProcessingTime(Duration.standardMinutes(1))
        .addElements(NDK)
        .advanceWatermarkToInfinity();
    PAssert.that(kept(p.apply(s))).containsInAnyOrder(describe(NDK));
    p.run().waitUntilFinish();
  }

  @Test
  public void aStreamKeepsTheStepNamesAndCodersARunningJobWasStartedWith() {
    // A running streaming job is updated (Dataflow) or restored from a savepoint (Flink) by its
    // steps' full names, and Dataflow refuses a changed coder: the unbounded graph stays as it was.
    TestStream<CrashEvent> s = TestStream.create(SerializableCoder.of(CrashEvent.class))
        .addElements(NDK).advanceWatermarkToInfinity();
    PCollection<CrashEvent> kept = p.apply(s).apply("DeduplicateEvents",
        DeduplicateEvents.within(Duration.standardMinutes(10)));
    java.util.Map<String, String> coders = new java.util.TreeMap<>();
    p.traverseTopologically(new org.apache.beam.sdk.Pipeline.PipelineVisitor.Defaults() {
      @Override
      public void visitPrimitiveTransform(org.apache.beam.sdk.runners.TransformHierarchy.Node node) {
        if (node.getFullName().startsWith("DeduplicateEvents/")) {
          node.getOutputs().values().forEach(out -> coders.put(node.getFullName(),
              ((PCollection<?>) out).getCoder().toString()));
        }
      }
    });
    Assert.assertEquals(java.util.List.of(
        "DeduplicateEvents/DropSeenIds/ParMultiDo(Deduplicate)",
        "DeduplicateEvents/KeyByEventId/AddKeys/Map/ParMultiDo(Anonymous)"),
        java.util.List.copyOf(coders.keySet()));
    Assert.assertTrue(coders.toString(), coders.get(
        "DeduplicateEvents/KeyByEventId/AddKeys/Map/ParMultiDo(Anonymous)").contains("CrashEventCoder"));
    PAssert.that(kept.apply(MapElements.into(TypeDescriptors.strings()).via(DeduplicateEventsTest::describe)))
        .containsInAnyOrder(describe(NDK));
    p.run().waitUntilFinish();
  }

  /** The events deduplication keeps, described. */
  private static PCollection<String> kept(PCollection<CrashEvent> events) {
    return events.apply(DeduplicateEvents.within(Duration.standardMinutes(10)))
        .apply(MapElements.into(TypeDescriptors.strings()).via(DeduplicateEventsTest::describe));
  }

  /** Whether the event equals the fixture (records compare by value), and its raw payload. */
  private static String describe(CrashEvent e) {
    return e.withoutRaw().equals(NDK.withoutRaw()) + " "
        + new String(e.raw().payload(), java.nio.charset.StandardCharsets.UTF_8);
  }
}
