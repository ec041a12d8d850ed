package dev.crashflow.grouping;

import static dev.crashflow.grouping.StackRules.MINUS;
import static dev.crashflow.grouping.StackRules.PLUS;
import static dev.crashflow.grouping.StackRules.UNSET;

import dev.crashflow.model.CrashException;
import dev.crashflow.model.Frame;
import java.util.Arrays;
import java.util.List;

/**
 * One run of stack-trace rules over a stack whose frames' cache entries are known ({@link
 * StackRules#apply} finds them, and skips this for a stack of a shape seen before). Rules run top
 * to bottom and, within a rule, over the frames from caller to callee; each rule sees what the
 * rules before it changed. Only the (rule, frame) pairs whose static matchers match, as the
 * entries list them, are visited.
 */
final class RuleRun {
  private RuleRun() {}

  /** The rules' result for these frames (caller to callee) and their entries. */
  static StackResult run(List<StackRule> rules, Frame[] frames, FrameCache.Entry[] entries,
      CrashException exception) {
    int n = frames.length;
    StackResult r = new StackResult(entries);
    int candidates = 0;
    for (int i = 0; i < n; i++) {
      Frame f = frames[i];
      r.inApp[i] = f.isInApp();
      r.decided[i] = f.inApp() != null;
      candidates += r.entries[i].rules.length;
    }
    if (candidates == 0) {
      return undecidedInApp(r);
    }
    long[] order = new long[candidates];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int rule : r.entries[i].rules) {
        order[k++] = ((long) rule << 32) | i;
      }
    }
    Arrays.sort(order);
    byte[] exceptionOk = null; // per rule, once known: does the stack's exception match
    for (long o : order) {
      int ruleIndex = (int) (o >>> 32);
      int i = (int) o;
      StackRule rule = rules.get(ruleIndex);
      if (!rule.matchesDynamic(r.inApp[i], r.category(i))
          || (rule.caller != null && (i == 0 || !rule.caller.matchesFrame(
              r.facts(i - 1), r.inApp[i - 1], r.category(i - 1))))
          || (rule.callee != null && (i == n - 1 || !rule.callee.matchesFrame(
              r.facts(i + 1), r.inApp[i + 1], r.category(i + 1))))) {
        continue;
      }
      if (rule.exceptions.length > 0) {
        if (exceptionOk == null) {
          exceptionOk = new byte[rules.size()];
        }
        if (exceptionOk[ruleIndex] == UNSET) {
          exceptionOk[ruleIndex] = rule.matchesException(exception) ? PLUS : MINUS;
        }
        if (exceptionOk[ruleIndex] == MINUS) {
          continue;
        }
      }
      for (StackRule.Action a : rule.actions) {
        act(r, rule, a, i, n);
      }
    }
    return undecidedInApp(r);
  }

  /**
   * When neither the SDK nor a rule put any frame of the stack in the app (sentry-native and
   * other SDKs that send no flags), the frames nobody decided on are the app's: the built-in
   * rules already put system, runtime and engine code out of it.
   */
  private static StackResult undecidedInApp(StackResult r) {
    for (boolean in : r.inApp) {
      if (in) {
        return r;
      }
    }
    r.inAppByDefault = true;
    for (int i = 0; i < r.inApp.length; i++) {
      if (!r.decided[i]) {
        r.inApp[i] = true;
      }
    }
    return r;
  }

  private static void act(StackResult r, StackRule rule, StackRule.Action a, int i, int n) {
    int from = a.range() == 0 ? i : a.range() > 0 ? i + 1 : 0;
    int to = a.range() == 0 ? i + 1 : a.range() > 0 ? n : i;
    switch (a.type()) {
      case APP:
        for (int j = from; j < to; j++) {
          r.decided[j] = true;
          if (r.inApp[j] != a.flag()) {
            r.inApp[j] = a.flag();
            r.appRule()[j] = rule;
          }
        }
        break;
      case GROUP:
        StackRule[] by = r.groupRule();
        for (int j = from; j < to; j++) {
          r.group[j] = a.flag() ? PLUS : MINUS;
          by[j] = rule;
        }
        break;
      case CATEGORY:
        r.categories()[i] = a.value();
        break;
      case MAX_FRAMES:
        r.maxFrames = a.number();
        r.maxFramesRule = rule;
        break;
      default:
        r.minFrames = a.number();
        r.minFramesRule = rule;
        break;
    }
  }
}
