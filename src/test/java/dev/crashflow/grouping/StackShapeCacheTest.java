package dev.crashflow.grouping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.CrashException;
import dev.crashflow.model.Frame;
import dev.crashflow.model.Grouping;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Stacks of one shape share their rule result ({@link StackRules}, {@link CachedStack}) and events
 * are found by their stacks' keys ({@link Fingerprinter#group}): what a warm cache answers must be
 * what the rules work out from scratch, whatever the rules read (names, neighbours, exceptions,
 * SDK flags) and however the frames differ.
 */
class StackShapeCacheTest {
  private static final String SCREEN = "com.example.ui.Screen$$ExternalSyntheticLambda";

  private static List<Frame> stack(int lambda) {
    return List.of(GroupingEvents.jvmSdk("android.os.Handler", "dispatchMessage"),
        GroupingEvents.jvmSdk(SCREEN + lambda, "run"),
        GroupingEvents.jvmSdk("com.example.Next", "run"),
        GroupingEvents.jvmSdk("com.example.Shop", "buy"));
  }

  /** What a stack result says, as text: equal texts, equal results. */
  private static String show(StackResult r) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < r.size(); i++) {
      b.append(r.inApp[i] ? 'A' : 'a').append(r.decided[i] ? 'D' : 'd').append(r.group[i])
          .append(r.category(i)).append(',');
    }
    b.append(" max=").append(r.maxFrames).append(" min=").append(r.minFrames)
        .append(" default=").append(r.inAppByDefault);
    return b.toString();
  }

  private static StackResult fresh(String rules, List<Frame> frames, CrashException x) {
    return StackRules.parse("rules.txt", rules).apply(frames, "java", x);
  }

  @Test
  void stacksThatDifferOnlyInALambdasNumberShareOneResult() {
    StackRules rules = StackRules.parse("rules.txt", "module:com.example.* +app\n");
    StackResult first = rules.apply(stack(0), "java", null);
    StackResult second = rules.apply(stack(1), "java", null);
    assertArrayEquals(first.entries[1].facts.digest, second.entries[1].facts.digest);
    assertSame(first.inApp, second.inApp, "the second stack's result comes from the cache");
    assertSame(first.core, second.core);
    assertNotSame(first.entries[1], second.entries[1], "each keeps its own frames' entries");
  }

  @Test
  void rulesThatReadTheNumberKeepTheStacksApart() {
    for (String rule : List.of("module:*Lambda1 -group\n",
        "[ module:*Lambda1 ] | module:com.example.Next -group\n",
        "module:android.os.Handler | [ module:*Lambda1 ] +app\n",
        "module:*Lambda1 v-group\n",
        "module:*Lambda1 -group\nmodule:*Lambda0 +group\n")) {
      StackRules warm = StackRules.parse("rules.txt", rule);
      for (int lambda : new int[] {0, 1, 0, 1}) {
        assertEquals(show(fresh(rule, stack(lambda), null)), show(warm.apply(stack(lambda), "java", null)),
            rule + " lambda " + lambda);
      }
      assertNotEquals(show(warm.apply(stack(0), "java", null)), show(warm.apply(stack(1), "java", null)),
          rule);
    }
  }

  @Test
  void rulesOnTheExceptionSeeEachStacksOwnException() {
    String rule = "type:Boom module:com.example.* -group\n";
    StackRules warm = StackRules.parse("rules.txt", rule);
    CrashException boom = GroupingEvents.exception("Boom", "x", stack(0));
    CrashException other = GroupingEvents.exception("Other", "x", stack(0));
    StackResult a = warm.apply(stack(0), "java", boom);
    StackResult b = warm.apply(stack(0), "java", other);
    assertEquals(StackRules.MINUS, a.group[3]);
    assertEquals(0, b.group[3]);
    assertEquals(show(fresh(rule, stack(0), boom)), show(warm.apply(stack(0), "java", boom)));
  }

  @Test
  void theSdksInAppFlagIsPartOfTheShape() {
    StackRules warm = StackRules.parse("rules.txt", "app:yes -group\n");
    List<Frame> unflagged = List.of(GroupingEvents.jvmSdk("com.example.Shop", "buy"),
        GroupingEvents.jvmSdk("com.example.Cart", "add"));
    List<Frame> flagged = List.of(GroupingEvents.jvm("com.example.Shop", "buy", true),
        GroupingEvents.jvm("com.example.Cart", "add", false));
    StackResult a = warm.apply(unflagged, "java", null);
    StackResult b = warm.apply(flagged, "java", null);
    assertNotSame(a.inApp, b.inApp);
    assertEquals(show(fresh("app:yes -group\n", flagged, null)), show(b));
  }

  @Test
  void unsymbolicatedFramesKeepTheirOwnOffsets() {
    Fingerprinter fp = new Fingerprinter();
    String image = "/data/app/~~a==/com.example-1==/lib/arm64/libgame.so";
    Grouping a = fp.group(GroupingEvents.one("native", "SIGSEGV", "", List.of(
        GroupingEvents.raw(image, 0x7000000000L, 0x1000), GroupingEvents.raw(image, 0x7000000000L, 0x2000))));
    Grouping b = fp.group(GroupingEvents.one("native", "SIGSEGV", "", List.of(
        GroupingEvents.raw(image, 0x7100000000L, 0x1000), GroupingEvents.raw(image, 0x7100000000L, 0x3000))));
    Grouping c = fp.group(GroupingEvents.one("native", "SIGSEGV", "", List.of(
        GroupingEvents.raw(image, 0x7200000000L, 0x1000), GroupingEvents.raw(image, 0x7200000000L, 0x2000))));
    assertNotEquals(a.issueId(), b.issueId());
    assertEquals(a.issueId(), c.issueId());
  }

  /** Rule lines that read every part of a frame, its neighbours, the exception and the flags. */
  private static final String[] RULES = {
      "module:com.example.* +app",
      "!module:com.example.* -app",
      "module:*Lambda1 -group",
      "module:*Lambda2 -app",
      "[ module:*Lambda2 ] | function:run -group",
      "function:buy | [ module:android.* ] +app",
      "type:Boom ^-group",
      "value:*secret* v-group",
      "module:android.* category=framework",
      "category:framework -app",
      "app:yes function:lambda* -group",
      "module:com.vendor.* max-frames=3",
      "family:jvm min-frames=4",
      "function:lambda$buy$1 +group",
      "family:native function:Game::* +app",
      "package:**/libc.so -app -group",
  };

  private static String randomRules(Random random) {
    StringBuilder b = new StringBuilder();
    for (String r : RULES) {
      if (random.nextInt(3) == 0) {
        b.append(r).append('\n');
      }
    }
    return b.length() == 0 ? "# none\n" : b.toString();
  }

  /**
   * A frame from a small vocabulary: {@code kind} picks what it is, and what a device changes
   * (a lambda's or coroutine's number, the line, the install folder) is drawn anew each time.
   */
  private static Frame frame(int kind, Random random) {
    String[] modules = {SCREEN + random.nextInt(3), "com.example.data.Repo$load$" + (1 + random.nextInt(2)),
        "com.example.Shop", "android.os.Handler", "kotlinx.coroutines.DispatchedTask",
        "java.lang.reflect.Method", "com.vendor.Lib"};
    String[] functions = {"run", "invokeSuspend", "buy", "lambda$buy$0", "lambda$buy$1",
        "dispatchMessage", "invoke"};
    if (kind % 10 == 0) {
      return GroupingEvents.nat("/data/app/~~" + random.nextInt(1000) + "==/com.example-1==/lib/arm64/libgame.so",
          "Game::step" + kind % 3 + "(int)", null);
    }
    if (kind % 10 == 1) {
      return GroupingEvents.nat("/apex/com.android.runtime/lib64/bionic/libc.so", "abort", null);
    }
    Boolean inApp = kind % 3 == 0 ? null : kind % 3 == 1;
    return Frame.jvm(modules[kind % modules.length], functions[kind / 7 % functions.length], null,
        1 + random.nextInt(90), inApp);
  }

  /** A stack of frame kinds (a bug), with recursion here and there. */
  private static int[] template(Random random) {
    int n = 2 + random.nextInt(9);
    int[] kinds = new int[n];
    for (int i = 0; i < n; i++) {
      kinds[i] = i > 0 && random.nextInt(8) == 0 ? kinds[i - 1] : random.nextInt(490);
    }
    return kinds;
  }

  private static CrashEvent event(List<int[]> bugs, Random random) {
    List<CrashException> chain = new ArrayList<>();
    int stacks = 1 + random.nextInt(2);
    for (int s = 0; s < stacks; s++) {
      List<Frame> frames = new ArrayList<>();
      for (int kind : bugs.get(random.nextInt(bugs.size()))) {
        frames.add(frame(kind, random));
      }
      chain.add(GroupingEvents.exception(random.nextBoolean() ? "Boom" : "Other",
          random.nextBoolean() ? "a secret " + random.nextInt(9) : "plain", frames));
    }
    return GroupingEvents.event("com.example", "java", chain);
  }

  @Test
  void aWarmCacheGroupsEveryEventAsRulesWorkedOutFromScratchDo() {
    Random random = new Random(20261207);
    int hits = 0;
    int events = 0;
    for (int set = 0; set < 40; set++) {
      String rules = randomRules(random);
      Fingerprinter warm = new Fingerprinter(GroupingConfig.withAppRules(rules, "rules.txt", null, null));
      List<int[]> bugs = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        bugs.add(template(random));
      }
      List<CrashEvent> sample = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        sample.add(event(bugs, random));
      }
      for (int pass = 0; pass < 2; pass++) {
        for (CrashEvent e : sample) {
          Fingerprinter cold = new Fingerprinter(GroupingConfig.withAppRules(rules, "rules.txt", null, null));
          Grouping expected = cold.group(e);
          Grouping got = warm.group(e);
          assertEquals(expected, got, rules + "\n" + e);
          events++;
        }
      }
      // stacks that share a shape across different events (not only the second pass)
      StackRules r = GroupingConfig.withAppRules(rules, "rules.txt", null, null).stackRules();
      Set<Object> results = Collections.newSetFromMap(new IdentityHashMap<>());
      int stacks = 0;
      for (CrashEvent e : sample) {
        for (CrashException x : e.exceptions()) {
          results.add(r.apply(x.frames(), "java", x).inApp);
          stacks++;
        }
      }
      hits += stacks - results.size();
    }
    assertEquals(40 * 60 * 2, events);
    assertTrue(hits > 0, "some stacks of different events share a shape");
  }
}
