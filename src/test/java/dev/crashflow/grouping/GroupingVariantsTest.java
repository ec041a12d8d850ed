package dev.crashflow.grouping;

import static dev.crashflow.grouping.GroupingEvents.event;
import static dev.crashflow.grouping.GroupingEvents.exception;
import static dev.crashflow.grouping.GroupingEvents.jvm;
import static dev.crashflow.grouping.GroupingEvents.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.CrashException;
import dev.crashflow.model.CrashThread;
import dev.crashflow.model.Frame;
import dev.crashflow.model.Grouping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which stacks and frames count: variants, recursion, chains, threads, messages. */
class GroupingVariantsTest {
  private final Fingerprinter fp = new Fingerprinter();

  private Grouping g(List<Frame> frames) {
    return fp.group(one("java", "java.lang.IllegalStateException", "boom", frames));
  }

  @Test
  void inAppFramesWinAndSystemFramesAroundThemDoNotMatter() {
    Frame app = jvm("com.example.Shop", "buy", true);
    Grouping a = g(List.of(jvm("android.os.Looper", "loop", false), app));
    Grouping b = g(List.of(jvm("java.lang.Thread", "run", false),
        jvm("java.util.concurrent.ThreadPoolExecutor", "runWorker", false), app));
    assertEquals(a.issueId(), b.issueId());
    assertEquals("in-app frames of the exception chain",
        fp.explain(one("java", "E", "x", List.of(app))).groupedBy());
  }

  @Test
  void withoutInAppFramesAllFramesCount() {
    Grouping a = g(List.of(jvm("android.os.Looper", "loop", false), jvm("android.view.View", "draw", false)));
    Grouping b = g(List.of(jvm("android.os.Looper", "loop", false), jvm("android.view.View", "layout", false)));
    assertNotEquals(a.issueId(), b.issueId());
    CrashEvent e = one("java", "E", "x", List.of(jvm("android.view.View", "draw", false)));
    assertEquals("all frames of the exception chain", fp.explain(e).groupedBy());
  }

  @Test
  void withoutAnyInAppFlagFramesNoRuleClaimsAreTheApps() {
    // sentry-native and friends send no in_app: the built-in rules put libc and ART out of the app,
    // what remains is the app's.
    List<Frame> a = List.of(GroupingEvents.nat("/apex/com.android.runtime/lib64/bionic/libc.so", "__start_thread", null),
        GroupingEvents.nat("libgame.so", "Game::tick()", null));
    List<Frame> b = List.of(GroupingEvents.nat("/system/lib64/libc.so", "__pthread_start", null),
        GroupingEvents.nat("libart.so", "art::Thread::CreateCallback", null),
        GroupingEvents.nat("libgame.so", "Game::tick()", null));
    assertEquals(fp.group(one("native", "SIGSEGV", "x", a)).issueId(),
        fp.group(one("native", "SIGSEGV", "x", b)).issueId());
    assertEquals("DEVELOPER", fp.group(one("native", "SIGSEGV", "x", a)).blameOwner());
    // one explicit flag and the rest is not the app's
    List<Frame> c = List.of(GroupingEvents.nat("libgame.so", "Game::run()", true),
        GroupingEvents.nat("libgame.so", "Game::tick()", null));
    assertEquals("libgame.so in Game::run", fp.group(one("native", "SIGSEGV", "x", c)).culprit());
  }

  @Test
  void recursionCountsOnceWhateverTheDepthOrCycle() {
    Frame a = jvm("com.example.Tree", "walk", true);
    Frame b = jvm("com.example.Tree", "visit", true);
    Frame top = jvm("com.example.Main", "main", true);
    List<Frame> shallow = new ArrayList<>(List.of(top));
    List<Frame> deep = new ArrayList<>(List.of(top));
    for (int i = 0; i < 3; i++) {
      shallow.add(a);
    }
    for (int i = 0; i < 40; i++) {
      deep.add(a);
    }
    assertEquals(g(shallow).issueId(), g(deep).issueId());
    // a two-frame cycle, cut at different points by the decoder's keepFrames
    List<Frame> even = new ArrayList<>();
    List<Frame> odd = new ArrayList<>(List.of(b));
    for (int i = 0; i < 30; i++) {
      even.add(a);
      even.add(b);
      odd.add(a);
      odd.add(b);
    }
    assertEquals(g(even).issueId(), g(odd).issueId());
    assertNotEquals(g(even).issueId(), g(List.of(a, b)).issueId());
  }

  @Test
  void everyExceptionOfTheChainCountsInOrder() {
    List<Frame> inner = List.of(jvm("com.example.Db", "open", true));
    List<Frame> outer = List.of(jvm("com.example.Repo", "load", true));
    CrashException cause = exception("java.io.IOException", "disk", inner);
    CrashException wrapper = exception("java.lang.RuntimeException", "wrapped", outer);
    Grouping chain = fp.group(event("app", "java", List.of(cause, wrapper)));
    Grouping swapped = fp.group(event("app", "java", List.of(wrapper, cause)));
    Grouping outerOnly = fp.group(event("app", "java", List.of(wrapper)));
    assertNotEquals(chain.issueId(), swapped.issueId());
    assertNotEquals(chain.issueId(), outerOnly.issueId());
    assertEquals("java.lang.RuntimeException: wrapped", chain.title(), "title of the newest");
    assertEquals("com.example.Repo.load", chain.culprit());
  }

  @Test
  void anExceptionWithoutFramesUsesItsThreadsStack() {
    List<Frame> crashed = List.of(GroupingEvents.nat("libgame.so", "Game::tick()", true));
    List<Frame> other = List.of(GroupingEvents.nat("libgame.so", "Audio::mix()", true));
    CrashException signal = new CrashException("SIGSEGV", "Segfault", null, 2L, null, List.of(), 0);
    CrashEvent e = event("app", "native", List.of(signal),
        List.of(GroupingEvents.thread(1, "main", false, other), GroupingEvents.thread(2, "game", true, crashed)),
        null, List.of(), Map.of());
    Grouping g = fp.group(e);
    assertEquals("libgame.so in Game::tick", g.culprit());
    CrashEvent threadsOnly = event("app", "native", List.of(),
        List.of(GroupingEvents.thread(1, "main", false, other), GroupingEvents.thread(2, "game", true, crashed)),
        "Game froze", List.of(), Map.of());
    GroupingResult r = fp.explain(threadsOnly);
    assertEquals("in-app frames of the crashed thread", r.groupedBy());
    assertEquals("Game froze", r.grouping().title());
  }

  @Test
  void messagesCountOnlyWithoutFramesAndAreNormalised() {
    Grouping a = fp.group(one("java", "Timeout", "request 0x7f3a to 10.0.0.1 failed after 3000 ms", List.of()));
    Grouping b = fp.group(one("java", "Timeout", "request 0x11 to 192.168.1.9 failed after 12 ms", List.of()));
    Grouping c = fp.group(one("java", "Timeout", "socket closed", List.of()));
    assertEquals(a.issueId(), b.issueId());
    assertNotEquals(a.issueId(), c.issueId());
    List<Frame> frames = List.of(jvm("com.example.Net", "get", true));
    assertEquals(fp.group(one("java", "Timeout", "socket closed", frames)).issueId(),
        fp.group(one("java", "Timeout", "connection reset", frames)).issueId());
    CrashEvent logged = event("app", "java", List.of(), List.of(), "Item 3141 not found", List.of(), Map.of());
    CrashEvent logged2 = event("app", "java", List.of(), List.of(), "Item 27 not found", List.of(), Map.of());
    assertEquals(fp.group(logged).issueId(), fp.group(logged2).issueId());
    assertEquals("Item 3141 not found", fp.group(logged).title());
  }

  @Test
  void obfuscatedNamesNeverCount() {
    List<Frame> v1 = List.of(jvm("com.example.Shop", "buy", true), jvm("a.b.c", "a", true));
    List<Frame> v2 = List.of(jvm("com.example.Shop", "buy", true), jvm("a.b.d", "b", true));
    assertEquals(g(v1).issueId(), g(v2).issueId());
    Grouping t1 = fp.group(one("java", "a", "x", List.of(jvm("com.example.Shop", "buy", true))));
    CrashException renamed = new CrashException("b", "x", "com.example", null, null,
        List.of(jvm("com.example.Shop", "buy", true)), 0);
    Grouping t2 = fp.group(event("com.example", "java", List.of(renamed)));
    assertEquals(t1.fingerprint(), t2.fingerprint());
  }

  @Test
  void sameCrashInTwoAppsSharesTheFingerprintNotTheIssue() {
    List<Frame> frames = List.of(jvm("com.example.Shop", "buy", true));
    Grouping a = fp.group(event("com.one", "java", List.of(exception("E", "x", frames))));
    Grouping b = fp.group(event("com.two", "java", List.of(exception("E", "x", frames))));
    assertEquals(a.fingerprint(), b.fingerprint());
    assertNotEquals(a.issueId(), b.issueId());
    assertTrue(a.issueId().matches("[0-9a-f]{32}"));
    assertEquals(Fingerprinter.VERSION, a.groupingVersion());
  }
}
