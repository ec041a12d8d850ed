package dev.crashflow.transforms;

import dev.crashflow.grouping.Fingerprinter;
import dev.crashflow.grouping.GroupingConfigs;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.transforms.coders.CrashEventCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every event its issue: fingerprint, issue id, title, culprit and blame frame, with
 * crashflow's built-in rules plus each app's own rules from {@code <rules root>/grouping/<app
 * id>/} (read when an app is first seen and again every refresh interval). A rule file that
 * cannot be read or parsed is logged and counted ({@code group_rules_failed}); the app keeps its
 * last good rules, or the built-ins.
 */
public class GroupIntoIssues extends PTransform<PCollection<CrashEvent>, PCollection<CrashEvent>> {
  private final String rulesRoot;
  private final long refreshMillis;

  private GroupIntoIssues(String rulesRoot, long refreshMillis) {
    this.rulesRoot = rulesRoot;
    this.refreshMillis = refreshMillis;
  }

  /** Built-in rules only. */
  public static GroupIntoIssues create() {
    return new GroupIntoIssues("", 0);
  }

  /** Built-in rules plus per-app rules under {@code rulesRoot} (empty: none), re-read every {@code refresh}. */
  public static GroupIntoIssues withRules(String rulesRoot, Duration refresh) {
    return new GroupIntoIssues(rulesRoot == null ? "" : rulesRoot, refresh.getMillis());
  }

  @Override
  public PCollection<CrashEvent> expand(PCollection<CrashEvent> events) {
    return events.apply(ParDo.of(new GroupFn(rulesRoot, refreshMillis)))
        .setCoder(CrashEventCoder.of());
  }

  static class GroupFn extends DoFn<CrashEvent, CrashEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(GroupIntoIssues.class);
    private final Counter grouped = Metrics.counter("crashflow", "group_events");
    private final Counter rulesFailed = Metrics.counter("crashflow", "group_rules_failed");
    private final String rulesRoot;
    private final long refreshMillis;
    private transient Fingerprinter fingerprinter;

    GroupFn(String rulesRoot, long refreshMillis) {
      this.rulesRoot = rulesRoot;
      this.refreshMillis = refreshMillis;
    }

    @Setup
    public void setup() {
      fingerprinter = rulesRoot.isEmpty() ? new Fingerprinter()
          : new Fingerprinter(new GroupingConfigs(new BeamRuleSource(rulesRoot), refreshMillis,
              System::currentTimeMillis, (app, problem) -> {
                rulesFailed.inc();
                LOG.warn("grouping rules of app {} not applied, keeping the previous ones: {}",
                    app, problem.getMessage());
              }));
    }

    @ProcessElement
    public void process(@Element CrashEvent event, OutputReceiver<CrashEvent> out) {
      grouped.inc();
      out.output(event.withoutRaw().withGrouping(fingerprinter.group(event)));
    }
  }
}
