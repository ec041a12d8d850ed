package dev.crashflow.grouping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashflow.model.CrashException;
import dev.crashflow.model.Frame;
import java.util.List;
import org.junit.jupiter.api.Test;

class StackRulesTest {
  private static StackResult run(String rules, List<Frame> frames) {
    return run(rules, frames, null);
  }

  private static StackResult run(String rules, List<Frame> frames, CrashException x) {
    return StackRules.parse("test.txt", rules).apply(frames, "java", x);
  }

  private static RuleSyntaxException bad(String rules) {
    return assertThrows(RuleSyntaxException.class, () -> StackRules.parse("rules.txt", rules));
  }

  @Test
  void badLinesNameTheFileAndLine() {
    RuleSyntaxException e = bad("# ok\nmodule:a.* +app\n\nfuction:abort -group\n");
    assertEquals(4, e.line());
    assertEquals("rules.txt line 4: unknown matcher 'fuction'", e.getMessage());
    assertTrue(bad("module:a.*").getMessage().contains("line 1: no action"));
    assertTrue(bad("module:a.* +ap").getMessage().contains("expected an action"));
    assertTrue(bad("family:cobol -app").getMessage().contains("unknown family 'cobol'"));
    assertTrue(bad("module:a.* max-frames=lots").getMessage().contains("max-frames needs a number"));
    assertTrue(bad("module:a.* invert-stacktrace=1").getMessage().contains("unknown action"));
    assertTrue(bad("function:\"abort -group").getMessage().contains("unclosed quote"));
    assertTrue(bad("[ module:a.* | function:b -group").getMessage().contains("line 1"));
    assertTrue(bad("app:maybe -group").getMessage().contains("expected yes or no"));
    assertTrue(bad("+app").getMessage().contains("expected a matcher"));
  }

  @Test
  void commentsQuotesAndAliasesParse() {
    StackRules r = StackRules.parse("x", "# comment\n\n  stack.function:\"do it\" -group  # trailing\n"
        + "error.type:Foo stack.module:a.* +app\n");
    assertEquals(2, r.size());
    StackResult res = r.apply(List.of(GroupingEvents.jvm("a.B", "do it", false)), "java", null);
    assertEquals(StackRules.MINUS, res.group[0]);
  }

  @Test
  void appAndGroupActionsWithMatchersAndNegation() {
    List<Frame> frames = List.of(
        GroupingEvents.jvmSdk("com.example.Main", "main"),
        GroupingEvents.jvmSdk("com.vendor.Lib", "call"),
        GroupingEvents.jvmSdk("com.example.Shop", "buy"));
    StackResult r = run("module:com.example.* +app\n!module:com.example.* -group\n", frames);
    assertArrayEquals(new boolean[] {true, false, true}, r.inApp);
    assertArrayEquals(new byte[] {0, StackRules.MINUS, 0}, r.group);
    assertTrue(r.appHint(0).contains("test.txt:1"), r.appHint(0));
  }

  @Test
  void laterRulesSeeEarlierChanges() {
    List<Frame> frames = List.of(GroupingEvents.jvmSdk("com.example.Shop", "buy"));
    StackResult r = run("module:com.example.* +app\napp:yes category=mine\ncategory:mine -group\n", frames);
    assertTrue(r.inApp[0]);
    assertEquals("mine", r.category(0));
    assertEquals(StackRules.MINUS, r.group[0]);
    StackResult later = run("module:com.example.* -group\nfunction:buy +group\n", frames);
    assertEquals(StackRules.PLUS, later.group[0]);
  }

  @Test
  void rangesReachCalleesUpAndCallersDown() {
    List<Frame> frames = List.of(
        GroupingEvents.nat("libgame.so", "main", true),
        GroupingEvents.nat("libgame.so", "Game::fail", true),
        GroupingEvents.nat("libc.so", "abort", false),
        GroupingEvents.nat("libc.so", "raise", false),
        GroupingEvents.nat("libc.so", "tgkill", false));
    StackResult r = run("family:native function:abort ^-group -group\n", frames);
    assertArrayEquals(new byte[] {0, 0, StackRules.MINUS, StackRules.MINUS, StackRules.MINUS}, r.group);
    StackResult down = run("family:native function:abort v-app\n", frames);
    assertArrayEquals(new boolean[] {false, false, false, false, false}, down.inApp);
  }

  @Test
  void familyMatchersKeepPlatformsApart() {
    List<Frame> frames = List.of(
        GroupingEvents.jvm("com.example.Jni", "render", true),
        GroupingEvents.nat("libgame.so", "render", true));
    StackResult r = run("family:native function:render -group\n", frames);
    assertArrayEquals(new byte[] {0, StackRules.MINUS}, r.group);
    StackResult other = run("family:other function:render -group\n", frames);
    assertArrayEquals(new byte[] {StackRules.MINUS, 0}, other.group);
    StackResult all = run("family:jvm,native function:render -group\n", frames);
    assertArrayEquals(new byte[] {StackRules.MINUS, StackRules.MINUS}, all.group);
  }

  @Test
  void pathAndPackageMatchersIgnoreInstallFolders() {
    List<Frame> frames = List.of(
        GroupingEvents.nat("/data/app/~~Ab==/com.game-Cd==/lib/arm64/libgame.so", "tick", null),
        GroupingEvents.nat("/apex/com.android.runtime/lib64/bionic/libc.so", "abort", null));
    assertEquals("/data/app/com.game/lib/arm64/libgame.so",
        FrameFacts.canonicalPackage("/data/app/~~Ab==/com.game-Cd==/lib/arm64/libgame.so"));
    assertEquals("/data/app/com.game/base.apk!libgame.so",
        FrameFacts.canonicalPackage("/data/app/com.game-1/base.apk!libgame.so"));
    assertEquals("/private/var/containers/Bundle/Application/<uuid>/Tower.app/Tower",
        FrameFacts.canonicalPackage("/private/var/containers/Bundle/Application/"
            + "0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9/Tower.app/Tower"));
    StackResult r = run("package:**/libgame.so +app\npackage:/apex/** -group\n"
        + "package:/data/app/com.game/** category=game\n", frames);
    assertEquals("game", r.category(0));
    assertArrayEquals(new boolean[] {true, false}, r.inApp);
    assertArrayEquals(new byte[] {0, StackRules.MINUS}, r.group);
  }

  @Test
  void callerAndCalleeContext() {
    List<Frame> frames = List.of(
        GroupingEvents.jvm("android.os.Handler", "dispatchMessage", false),
        GroupingEvents.jvm("com.example.Task", "run", true),
        GroupingEvents.jvm("com.example.Worker", "run", true),
        GroupingEvents.jvm("com.example.Db", "query", true));
    StackResult r = run("[ module:android.os.Handler ] | function:run category=posted\n"
        + "function:run | [ module:com.example.Db ] -group\n", frames);
    assertArrayEquals(new String[] {null, "posted", null, null}, r.categories());
    assertArrayEquals(new byte[] {0, 0, StackRules.MINUS, 0}, r.group);
  }

  @Test
  void frameLimitsAndExceptionMatchers() {
    List<Frame> frames = List.of(GroupingEvents.jvm("com.example.A", "a", true));
    CrashException soe = GroupingEvents.exception("java.lang.StackOverflowError", null, frames);
    CrashException npe = GroupingEvents.exception("java.lang.NullPointerException", null, frames);
    String rules = "type:*StackOverflowError app:yes max-frames=5\napp:yes min-frames=2\n";
    StackResult r = run(rules, frames, soe);
    assertEquals(5, r.maxFrames);
    assertEquals(2, r.minFrames);
    assertTrue(r.maxFramesRule.describe().contains("test.txt:1"));
    StackResult n = run(rules, frames, npe);
    assertEquals(-1, n.maxFrames);
    assertNull(n.maxFramesRule);
    assertFalse(run("!type:*StackOverflowError -group\n", frames, soe).group[0] != 0);
  }

  @Test
  void rulesAreCachedPerDistinctFrameButStillSeeEachStacksState() {
    StackRules rules = StackRules.parse("t", "module:com.example.* +app\napp:no -group\n");
    Frame f = GroupingEvents.jvmSdk("com.vendor.X", "y");
    for (int i = 0; i < 3; i++) {
      StackResult r = rules.apply(List.of(f, GroupingEvents.jvmSdk("com.example.Y", "z")), "java", null);
      assertArrayEquals(new byte[] {StackRules.MINUS, 0}, r.group);
    }
  }

  @Test
  void tooManyRulesAreRefused() {
    String many = "module:a.* -app\n".repeat(RuleLines.MAX_RULES + 1);
    assertTrue(bad(many).getMessage().contains("more than " + RuleLines.MAX_RULES));
  }
}
