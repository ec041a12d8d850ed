package dev.crashflow.transforms;

import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.Frame;
import dev.crashflow.testing.Events;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.Assert;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The grouping step reads each app's rules from the store and survives a broken rule file. */
public class GroupIntoIssuesTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  private static CrashEvent event(String id, String app, String type, String module) {
    return Events.jvm(id.repeat(32), 1_000L, app, "1.0", type, "x",
        List.of(Frame.jvm(module, "run", "X.java", 3, true)));
  }

  @Test
  public void perAppRulesApplyAndABrokenFileIsCountedNotFatal() throws Exception {
    Path root = tmp.getRoot().toPath();
    Files.createDirectories(root.resolve("grouping/com.net"));
    Files.writeString(root.resolve("grouping/com.net/fingerprints.txt"),
        "type:java.net.* -> network title=\"Network\"\n");
    Files.createDirectories(root.resolve("grouping/com.broken"));
    Files.writeString(root.resolve("grouping/com.broken/enhancements.txt"), "module:x.* +sideways\n");

    PCollection<String> rows = p.apply(Create.of(
            event("a", "com.net", "java.net.SocketTimeoutException", "com.net.Sync"),
            event("b", "com.net", "java.net.UnknownHostException", "com.net.Shop"),
            event("c", "com.broken", "java.lang.IllegalStateException", "com.broken.Game"))
            .withCoder(SerializableCoder.of(CrashEvent.class)))
        .apply(GroupIntoIssues.withRules(root.toString(), Duration.standardMinutes(5)))
        .apply(MapElements.into(TypeDescriptors.strings()).via((CrashEvent e) ->
            e.app().appId() + "|" + e.grouping().title() + "|" + e.grouping().groupingVersion()));
    PAssert.that(rows).containsInAnyOrder("com.net|Network|crashflow-2", "com.net|Network|crashflow-2",
        "com.broken|java.lang.IllegalStateException: x|crashflow-2");
    PipelineResult r = p.run();
    r.waitUntilFinish();
    long failed = 0;
    for (MetricResult<Long> c : r.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named("crashflow", "group_rules_failed")).build()).getCounters()) {
      failed += c.getCommitted();
    }
    Assert.assertTrue("broken rule file counted: " + failed, failed >= 1);
  }
}
