package dev.crashflow.transforms;

import dev.crashflow.grouping.Fingerprinter;
import dev.crashflow.model.CrashEvent;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/** Gives every event its issue: fingerprint, issue id, title, culprit and blame frame. */
public class GroupIntoIssues extends PTransform<PCollection<CrashEvent>, PCollection<CrashEvent>> {

  public static GroupIntoIssues create() {
    return new GroupIntoIssues();
  }

  @Override
  public PCollection<CrashEvent> expand(PCollection<CrashEvent> events) {
    return events.apply(ParDo.of(new GroupFn())).setCoder(SerializableCoder.of(CrashEvent.class));
  }

  static class GroupFn extends DoFn<CrashEvent, CrashEvent> {
    private final Counter grouped = Metrics.counter("crashflow", "group_events");
    private transient Fingerprinter fingerprinter;

    @Setup
    public void setup() {
      fingerprinter = new Fingerprinter();
    }

    @ProcessElement
    public void process(@Element CrashEvent event, OutputReceiver<CrashEvent> out) {
      grouped.inc();
      out.output(event.withoutRaw().withGrouping(fingerprinter.group(event)));
    }
  }
}
