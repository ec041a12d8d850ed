package dev.crashflow.grouping;

import static dev.crashflow.grouping.GroupingEvents.event;
import static dev.crashflow.grouping.GroupingEvents.exception;
import static dev.crashflow.grouping.GroupingEvents.jvm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.Frame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Built-in rules, per-app rules from a store, refresh and failures. */
class GroupingConfigTest {
  private static final List<Frame> FRAMES = List.of(
      jvm("com.example.Shop", "buy", true), jvm("com.thirdparty.Sdk", "track", true));

  private static CrashEvent ev(String app) {
    return event(app, "java", List.of(exception("E", "x", FRAMES)));
  }

  /** A rule source in memory, counting reads. */
  private static final class MemorySource implements RuleSource {
    final Map<String, String> files = new HashMap<>();
    int reads;
    boolean broken;

    @Override
    public String read(String appId, String fileName) throws IOException {
      reads++;
      if (broken) {
        throw new IOException("store unreachable");
      }
      return files.get(appId + "/" + fileName);
    }

    @Override
    public String describe(String appId, String fileName) {
      return "mem:" + appId + "/" + fileName;
    }
  }

  @Test
  void builtInRuleFilesAllParseAndRunInOrder() {
    GroupingConfig c = GroupingConfig.builtIn();
    assertTrue(c.stackRules().size() > 150, "built-in rules: " + c.stackRules().size());
    assertEquals(0, c.fingerprintRules().size());
    assertEquals("built-in rules", c.origin());
    for (String name : GroupingConfig.BUILT_IN) {
      assertTrue(GroupingConfig.class.getResource("/grouping/" + name + ".txt") != null, name);
    }
  }

  @Test
  void appRulesComeFromTheStoreLayout(@TempDir Path root) throws IOException {
    Path dir = Files.createDirectories(root.resolve("grouping/com.example"));
    Files.writeString(dir.resolve(RuleSource.ENHANCEMENTS), "module:com.thirdparty.* -app\n");
    GroupingConfig c = GroupingConfig.load(RuleSource.store(root), "com.example");
    assertTrue(c.origin().contains("grouping/com.example/enhancements.txt"), c.origin());
    assertSame(GroupingConfig.builtIn(), GroupingConfig.load(RuleSource.store(root), "com.other"));
    assertSame(GroupingConfig.builtIn(), GroupingConfig.load(RuleSource.store(root), "../etc"));
    Fingerprinter custom = new Fingerprinter(c);
    Fingerprinter plain = new Fingerprinter();
    assertNotEquals(custom.group(ev("com.example")).fingerprint(), plain.group(ev("com.example")).fingerprint());
    assertEquals(custom.group(ev("com.example")).fingerprint(), plain.group(event("com.example", "java",
        List.of(exception("E", "x", List.of(jvm("com.example.Shop", "buy", true)))))).fingerprint());
  }

  @Test
  void badAppRulesFailWithFileAndLine(@TempDir Path root) throws IOException {
    Path dir = Files.createDirectories(root.resolve("grouping/com.example"));
    Files.writeString(dir.resolve(RuleSource.FINGERPRINTS), "type:a -> x\ntype:b\n");
    RuleSyntaxException e = assertThrows(RuleSyntaxException.class,
        () -> GroupingConfig.load(RuleSource.store(root), "com.example"));
    assertEquals(2, e.line());
    assertTrue(e.source().endsWith("fingerprints.txt"), e.source());
  }

  @Test
  void rulesRefreshOnTheIntervalAndUnchangedFilesKeepTheirParse() {
    MemorySource source = new MemorySource();
    AtomicLong now = new AtomicLong(0);
    List<String> failures = new ArrayList<>();
    GroupingConfigs configs = new GroupingConfigs(source, 60_000, now::get,
        (app, problem) -> failures.add(app + ": " + problem.getMessage()));
    Fingerprinter fp = new Fingerprinter(configs);
    String before = fp.group(ev("com.example")).fingerprint();
    assertSame(GroupingConfig.builtIn(), configs.apply("com.example"));

    source.files.put("com.example/enhancements.txt", "module:com.thirdparty.* -app\n");
    now.set(59_999);
    assertEquals(before, fp.group(ev("com.example")).fingerprint(), "not yet refreshed");
    now.set(60_000);
    String after = fp.group(ev("com.example")).fingerprint();
    assertNotEquals(before, after);
    GroupingConfig loaded = configs.apply("com.example");
    int reads = source.reads;
    now.set(200_000);
    assertSame(loaded, configs.apply("com.example"), "unchanged text: same parsed rules");
    assertEquals(reads + 2, source.reads);
    assertTrue(failures.isEmpty(), failures.toString());
  }

  @Test
  void aBadOrUnreadableFileIsReportedOnceAndGroupingGoesOn() {
    MemorySource source = new MemorySource();
    AtomicLong now = new AtomicLong(0);
    List<String> failures = new ArrayList<>();
    GroupingConfigs configs = new GroupingConfigs(source, 1_000, now::get,
        (app, problem) -> failures.add(app + ": " + problem.getMessage()));
    source.files.put("com.example/enhancements.txt", "module:com.thirdparty.* -app\n");
    GroupingConfig good = configs.apply("com.example");

    source.files.put("com.example/enhancements.txt", "module:com.thirdparty.* -app\nmodule:x +sideways\n");
    now.set(1_000);
    assertSame(good, configs.apply("com.example"), "the last good rules stay");
    assertEquals(1, failures.size());
    assertTrue(failures.get(0).contains("mem:com.example/enhancements.txt line 2"), failures.get(0));
    now.set(2_000);
    configs.apply("com.example");
    assertEquals(1, failures.size(), "the same broken file is reported once");

    source.broken = true;
    now.set(3_000);
    assertSame(good, configs.apply("com.example"));
    assertTrue(failures.get(1).contains("store unreachable"));

    source.broken = false;
    source.files.put("other/fingerprints.txt", "type:* -> all\nnonsense\n");
    assertSame(GroupingConfig.builtIn(), configs.apply("other"), "no good rules yet: the built-ins");
    Fingerprinter fp = new Fingerprinter(configs);
    assertTrue(fp.group(ev("other")).issueId().matches("[0-9a-f]{32}"));
  }

  @Test
  void appIdsThatAreNotPathSegmentsGetTheBuiltIns() {
    MemorySource source = new MemorySource();
    GroupingConfigs configs = new GroupingConfigs(source, 1_000, () -> 0, (a, p) -> { });
    assertSame(GroupingConfig.builtIn(), configs.apply("../../secrets"));
    assertSame(GroupingConfig.builtIn(), configs.apply("a/b"));
    assertSame(GroupingConfig.builtIn(), configs.apply(null));
    assertEquals(0, source.reads);
    assertTrue(RuleSource.usableAppId("com.example.game"));
    assertFalse(RuleSource.usableAppId("_unknown"), "events without an app id: built-ins only");
  }
}
