package dev.crashflow.grouping;

import dev.crashflow.model.CrashException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One stack-trace rule (Sentry's "enhancement" syntax): frame matchers, optionally a caller
 * context {@code [ matcher ] |} before and a callee context {@code | [ matcher ]} after, then
 * actions. Frames run caller to callee, so {@code ^} (up) reaches the frames after the matched one,
 * toward the crash, and {@code v} (down) the frames before it, toward the thread's start:
 *
 * <pre>
 * family:native function:abort ^-group -group     the abort machinery never counts
 * module:com.example.* +app                       our code, whatever the SDK said
 * [ module:android.os.Handler ] | function:run category=dispatch
 * type:java.lang.StackOverflowError max-frames=10 only the 10 frames nearest the crash count
 * </pre>
 */
final class StackRule {
  enum ActionType { APP, GROUP, CATEGORY, MAX_FRAMES, MIN_FRAMES }

  /** An action; {@code range} is 0 for the matched frame, 1 for {@code ^}, -1 for {@code v}. */
  record Action(ActionType type, boolean flag, int range, String value, int number) {
    @Override
    public String toString() {
      switch (type) {
        case APP:
        case GROUP:
          return (range > 0 ? "^" : range < 0 ? "v" : "") + (flag ? "+" : "-")
              + type.name().toLowerCase();
        case CATEGORY:
          return "category=" + value;
        default:
          return type.name().toLowerCase().replace('_', '-') + "=" + number;
      }
    }
  }

  private static final Pattern FLAG_ACTION = Pattern.compile("([\\^v]?)([+-])(app|group)");
  private static final Pattern VAR_ACTION = Pattern.compile("([a-z-]+)=(.+)");

  final String source;
  final int line;
  final String text;
  final RuleMatcher[] statics;
  final RuleMatcher[] dynamics;
  final RuleMatcher[] exceptions;
  final RuleMatcher caller;
  final RuleMatcher callee;
  final Action[] actions;

  private StackRule(String source, int line, String text, List<RuleMatcher> matchers,
      RuleMatcher caller, RuleMatcher callee, List<Action> actions) {
    this.source = source;
    this.line = line;
    this.text = text;
    this.statics = matchers.stream().filter(m -> m.field.isStaticFrame()).toArray(RuleMatcher[]::new);
    this.dynamics = matchers.stream()
        .filter(m -> m.field.isFrame() && !m.field.isStaticFrame()).toArray(RuleMatcher[]::new);
    this.exceptions = matchers.stream().filter(m -> m.field.isException()).toArray(RuleMatcher[]::new);
    this.caller = caller;
    this.callee = callee;
    this.actions = actions.toArray(Action[]::new);
  }

  /** Parses one non-blank, non-comment line. */
  static StackRule parse(String source, int line, List<String> tokens) {
    int i = 0;
    RuleMatcher caller = null;
    RuleMatcher callee = null;
    if (tokens.get(0).equals("[")) {
      caller = context(source, line, tokens, 1);
      if (tokens.size() < 4 || !tokens.get(3).equals("|")) {
        throw new RuleSyntaxException(source, line, "a caller context is written '[ matcher ] |'");
      }
      i = 4;
    }
    List<RuleMatcher> matchers = new ArrayList<>();
    while (i < tokens.size() && RuleMatcher.looksLikeMatcher(tokens.get(i))) {
      matchers.add(RuleMatcher.parse(tokens.get(i), RuleMatcher.STACK_FIELDS, source, line));
      i++;
    }
    if (matchers.isEmpty()) {
      throw new RuleSyntaxException(source, line, i < tokens.size()
          ? "expected a matcher (key:pattern), got '" + tokens.get(i) + "'" : "no matcher");
    }
    if (i < tokens.size() && tokens.get(i).equals("|")) {
      if (i + 1 >= tokens.size() || !tokens.get(i + 1).equals("[")) {
        throw new RuleSyntaxException(source, line, "a callee context is written '| [ matcher ]'");
      }
      callee = context(source, line, tokens, i + 2);
      i += 4;
    }
    List<Action> actions = new ArrayList<>();
    for (; i < tokens.size(); i++) {
      actions.add(action(source, line, tokens.get(i)));
    }
    if (actions.isEmpty()) {
      throw new RuleSyntaxException(source, line, "no action (+app, -app, +group, -group, "
          + "category=, max-frames=, min-frames=)");
    }
    return new StackRule(source, line, String.join(" ", tokens), matchers, caller, callee, actions);
  }

  /** The matcher of {@code [ matcher ]} whose matcher token is at {@code at}. */
  private static RuleMatcher context(String source, int line, List<String> tokens, int at) {
    if (at + 1 >= tokens.size() || !tokens.get(at + 1).equals("]")
        || !RuleMatcher.looksLikeMatcher(tokens.get(at))) {
      throw new RuleSyntaxException(source, line,
          "a context matcher is written '[ key:pattern ]', with spaces around the brackets");
    }
    RuleMatcher m = RuleMatcher.parse(tokens.get(at), RuleMatcher.STACK_FIELDS, source, line);
    if (!m.field.isFrame()) {
      throw new RuleSyntaxException(source, line, "a context matcher must match a frame field");
    }
    return m;
  }

  private static Action action(String source, int line, String token) {
    Matcher f = FLAG_ACTION.matcher(token);
    if (f.matches()) {
      int range = f.group(1).isEmpty() ? 0 : f.group(1).equals("^") ? 1 : -1;
      ActionType type = f.group(3).equals("app") ? ActionType.APP : ActionType.GROUP;
      return new Action(type, f.group(2).equals("+"), range, null, 0);
    }
    Matcher v = VAR_ACTION.matcher(token);
    if (v.matches()) {
      String value = RuleLines.unquote(v.group(2));
      switch (v.group(1)) {
        case "category":
          return new Action(ActionType.CATEGORY, true, 0, value, 0);
        case "max-frames":
        case "min-frames":
          int n;
          try {
            n = Integer.parseInt(value);
          } catch (NumberFormatException e) {
            n = -1;
          }
          if (n < 0 || n > 10_000) {
            throw new RuleSyntaxException(source, line, v.group(1) + " needs a number from 0 to "
                + "10000, got '" + value + "'");
          }
          return new Action(v.group(1).equals("max-frames") ? ActionType.MAX_FRAMES
              : ActionType.MIN_FRAMES, true, 0, null, n);
        default:
          throw new RuleSyntaxException(source, line, "unknown action '" + v.group(1)
              + "=' (category=, max-frames=, min-frames=)");
      }
    }
    throw new RuleSyntaxException(source, line, "expected an action (+app, -app, ^-group, "
        + "v+app, category=..., max-frames=N, min-frames=N), got '" + token + "'");
  }

  /** False when the rule's family matchers rule out frames of {@code family} whatever else they hold. */
  boolean mayMatchFamily(String family) {
    for (RuleMatcher m : statics) {
      if (m.field == RuleMatcher.Field.FAMILY && !m.matchesFamily(family)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The rule's first {@code module:} or {@code function:} matcher that only accepts values
   * starting with a literal of two or more characters, or null: rule sets index the rule under
   * it, and only try the rule on frames whose value starts alike.
   */
  RuleMatcher anchor() {
    for (RuleMatcher m : statics) {
      if ((m.field == RuleMatcher.Field.MODULE || m.field == RuleMatcher.Field.FUNCTION)
          && m.requiredPrefix() != null && m.requiredPrefix().length() >= 2) {
        return m;
      }
    }
    return null;
  }

  /** True when a matcher of the rule, or of its contexts, reads a frame's path. */
  boolean readsPaths() {
    for (RuleMatcher m : statics) {
      if (m.field == RuleMatcher.Field.PATH) {
        return true;
      }
    }
    return (caller != null && caller.field == RuleMatcher.Field.PATH)
        || (callee != null && callee.field == RuleMatcher.Field.PATH);
  }

  /**
   * {@link #matchesStatic} for a frame whose family is already known to pass the rule's family
   * matchers ({@link #mayMatchFamily}).
   */
  boolean matchesStaticBesidesFamily(FrameFacts f) {
    for (RuleMatcher m : statics) {
      if (m.field != RuleMatcher.Field.FAMILY && !m.matchesStatic(f)) {
        return false;
      }
    }
    return true;
  }

  /** All static frame matchers match (family, module, function, path, package). */
  boolean matchesStatic(FrameFacts f) {
    for (RuleMatcher m : statics) {
      if (!m.matchesStatic(f)) {
        return false;
      }
    }
    return true;
  }

  boolean matchesDynamic(boolean inApp, String category) {
    for (RuleMatcher m : dynamics) {
      if (!m.matchesDynamic(inApp, category)) {
        return false;
      }
    }
    return true;
  }

  boolean matchesException(CrashException x) {
    for (RuleMatcher m : exceptions) {
      if (!m.matchesException(x)) {
        return false;
      }
    }
    return true;
  }

  /** How {@code explain} names the rule: where it comes from and what it says. */
  String describe() {
    return source + ":" + line + " '" + text + "'";
  }
}
