package dev.crashflow.grouping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.Frame;
import dev.crashflow.model.Grouping;
import dev.crashflow.testing.Events;
import java.util.List;
import org.junit.jupiter.api.Test;

class FingerprinterTest {
  private final Fingerprinter fp = new Fingerprinter();

  private static List<Frame> frames(int line) {
    return List.of(
        Frame.jvm("android.os.Handler", "dispatchMessage", "Handler.java", 99, false),
        Frame.jvm("com.example.Shop", "buy", "Shop.java", line, true),
        Frame.jvm("com.example.Inventory", "find", "Inventory.java", line + 7, true));
  }

  @Test
  void lineNumbersAndMessagesDoNotSplitAnIssue() {
    Grouping a = fp.group(Events.jvm("a".repeat(32), 0, "com.example", "1.0",
        "java.lang.IllegalStateException", "Item 3141 not found", frames(10)));
    Grouping b = fp.group(Events.jvm("b".repeat(32), 0, "com.example", "1.1",
        "java.lang.IllegalStateException", "Item 27 not found", frames(55)));
    assertEquals(a.issueId(), b.issueId());
    assertEquals("java.lang.IllegalStateException: Item 3141 not found", a.title());
    assertEquals("com.example.Inventory.find", a.culprit());
  }

  @Test
  void differentInAppFramesOrTypesMakeDifferentIssues() {
    Grouping a = fp.group(Events.jvm("a".repeat(32), 0, "com.example", "1.0",
        "java.lang.IllegalStateException", "x", frames(10)));
    Grouping otherType = fp.group(Events.jvm("b".repeat(32), 0, "com.example", "1.0",
        "java.lang.NullPointerException", "x", frames(10)));
    Grouping otherFrames = fp.group(Events.jvm("c".repeat(32), 0, "com.example", "1.0",
        "java.lang.IllegalStateException", "x",
        List.of(Frame.jvm("com.example.Shop", "sell", "Shop.java", 3, true))));
    assertNotEquals(a.issueId(), otherType.issueId());
    assertNotEquals(a.issueId(), otherFrames.issueId());
  }

  /** Crashlytics' issue variants: one issue, a variant per distinct whole stack. */
  @Test
  void variantsSplitAnIssueByItsFrameworkFramesButNotByLines() {
    List<Frame> viaHandler = frames(10);
    List<Frame> viaLooper = List.of(
        Frame.jvm("android.os.Looper", "loop", "Looper.java", 223, false),
        viaHandler.get(1), viaHandler.get(2));
    Grouping a = fp.group(Events.jvm("a".repeat(32), 0, "com.example", "1.0",
        "java.lang.IllegalStateException", "x", viaHandler));
    Grouping sameStackOtherLines = fp.group(Events.jvm("b".repeat(32), 0, "com.example", "1.1",
        "java.lang.IllegalStateException", "y", frames(70)));
    Grouping otherPath = fp.group(Events.jvm("c".repeat(32), 0, "com.example", "1.0",
        "java.lang.IllegalStateException", "x", viaLooper));
    assertEquals(a.issueId(), otherPath.issueId(), "in-app frames decide the issue");
    assertEquals(a.variantId(), sameStackOtherLines.variantId());
    assertNotEquals(a.variantId(), otherPath.variantId(), "the framework path decides the variant");
    assertEquals(32, a.variantId().length());

    Grouping otherApp = fp.group(Events.jvm("d".repeat(32), 0, "com.other", "1.0",
        "java.lang.IllegalStateException", "x", viaHandler));
    assertNotEquals(a.variantId(), otherApp.variantId(), "variants belong to their issue");
    Grouping messageOnly = fp.group(Events.jvm("e".repeat(32), 0, "com.example", "1.0",
        "java.lang.IllegalStateException", "x", List.of()));
    assertNull(messageOnly.variantId(), "no frame counts: no variant");
  }

  @Test
  void namesBeyondLatin1ThatShareTheirLowBytesAreDifferentFrames() {
    // U+52A0 and U+4EA0 share their low byte (0xA0): the frame cache's key alone cannot tell the
    // two methods apart, the cached entry's own fields must
    Grouping load = fp.group(Events.jvm("a".repeat(32), 0, "com.example", "1.0", "E", "x",
        List.of(Frame.jvm("com.example.\u5546\u5E97", "\u52A0\u8F7D", "Shop.kt", 3, true))));
    Grouping other = fp.group(Events.jvm("b".repeat(32), 0, "com.example", "1.0", "E", "x",
        List.of(Frame.jvm("com.example.\u5546\u5E97", "\u4EA0\u8F7D", "Shop.kt", 3, true))));
    Grouping loadAgain = fp.group(Events.jvm("c".repeat(32), 0, "com.example", "1.0", "E", "x",
        List.of(Frame.jvm("com.example.\u5546\u5E97", "\u52A0\u8F7D", "Shop.kt", 9, true))));
    assertNotEquals(load.issueId(), other.issueId());
    assertEquals(load.issueId(), loadAgain.issueId());
    assertEquals("com.example.\u5546\u5E97.\u52A0\u8F7D", loadAgain.culprit());
  }

  @Test
  void sameCrashInTwoAppsIsTwoIssuesWithOneFingerprint() {
    Grouping a = fp.group(Events.jvm("a".repeat(32), 0, "com.one", "1", "E", "x", frames(1)));
    Grouping b = fp.group(Events.jvm("b".repeat(32), 0, "com.two", "1", "E", "x", frames(1)));
    assertEquals(a.fingerprint(), b.fingerprint());
    assertNotEquals(a.issueId(), b.issueId());
  }

  @Test
  void withoutFramesTheNormalisedMessageGroups() {
    CrashEvent a = Events.jvm("a".repeat(32), 0, "app", "1", "Timeout",
        "request 0x7f3a to 10.0.0.1 failed after 3000 ms", List.of());
    CrashEvent b = Events.jvm("b".repeat(32), 0, "app", "1", "Timeout",
        "request 0x11 to 192.168.1.9 failed after 12 ms", List.of());
    CrashEvent c = Events.jvm("c".repeat(32), 0, "app", "1", "Timeout", "socket closed", List.of());
    assertEquals(fp.group(a).issueId(), fp.group(b).issueId());
    assertNotEquals(fp.group(a).issueId(), fp.group(c).issueId());
  }

  @Test
  void nativeFramesIgnoreAndroidInstallPathsAndLoadAddresses() {
    Grouping a = fp.group(GroupingEvents.one("native", "SIGSEGV", "Segfault", List.of(
        GroupingEvents.raw("/data/app/~~AbC==/com.game-XyZ==/lib/arm64/libgame.so", 0x7000000000L, 0x1234),
        GroupingEvents.nat("/data/app/~~AbC==/com.game-XyZ==/base.apk!libgame.so", "Game::tick()", null))));
    Grouping b = fp.group(GroupingEvents.one("native", "SIGSEGV", "Segfault", List.of(
        GroupingEvents.raw("/data/app/~~QqQ==/com.game-PpP==/lib/arm64/libgame.so", 0x5500000000L, 0x1234),
        GroupingEvents.nat("/data/app/~~QqQ==/com.game-PpP==/lib/arm64/libgame.so", "Game::tick()", null))));
    Grouping other = fp.group(GroupingEvents.one("native", "SIGSEGV", "Segfault", List.of(
        GroupingEvents.raw("/data/app/~~QqQ==/com.game-PpP==/lib/arm64/libgame.so", 0x5500000000L, 0x1238),
        GroupingEvents.nat("/data/app/~~QqQ==/com.game-PpP==/lib/arm64/libgame.so", "Game::tick()", null))));
    assertEquals(a.fingerprint(), b.fingerprint());
    assertNotEquals(a.fingerprint(), other.fingerprint());
    assertEquals("libgame.so in Game::tick", a.culprit());
    assertEquals("DEVELOPER", a.blameOwner()); // no flags sent: what no rule claims is the app's
  }

  @Test
  void recursionCountsOnce() {
    Frame r = Frame.jvm("com.example.Tree", "walk", "Tree.java", 5, true);
    Grouping once = fp.group(Events.jvm("a".repeat(32), 0, "app", "1", "StackOverflowError", null, List.of(r)));
    Grouping many = fp.group(Events.jvm("b".repeat(32), 0, "app", "1", "StackOverflowError", null,
        List.of(r, r, r, r, r)));
    assertEquals(once.issueId(), many.issueId());
  }

  @Test
  void cachedIssueIdsAreTheOnesWorkedOutAfresh() {
    // The same bugs again and again (most from the issue-id cache), against explain's uncached
    // path and a fingerprinter that has seen nothing (one input in two apps: otherApp above).
    GroupingBenchmarkTest.Gen gen = new GroupingBenchmarkTest.Gen(11, 40);
    Fingerprinter warm = new Fingerprinter();
    for (CrashEvent e : gen.batch(400, false)) {
      Grouping cached = warm.group(e);
      Grouping fresh = new Fingerprinter().group(e);
      Grouping explained = warm.explain(e).grouping();
      assertEquals(fresh, cached, e.eventId());
      assertEquals(explained, cached, e.eventId());
      assertEquals(Fingerprinter.fingerprintOf(warm.explain(e).hashInput()), cached.fingerprint());
    }
  }
}
