package dev.crashflow.grouping;

import dev.crashflow.model.CrashException;
import java.util.ArrayList;
import java.util.List;

/** Builds the component trees {@code explain} prints from an {@link EventGrouping}. */
final class GroupingTrees {
  private GroupingTrees() {}

  static GroupingResult result(EventGrouping g, dev.crashflow.model.Grouping grouping,
      List<String> input) {
    Component inApp = variant(g, true);
    Component all = variant(g, false);
    String by;
    if (g.rule != null) {
      by = "fingerprint rule " + g.rule.describe();
    } else if (g.custom != null) {
      by = "the SDK's fingerprint " + g.custom;
    } else if (!g.framesCount) {
      by = g.source.equals("message") ? "the message" : "the " + g.source + " without frames";
    } else {
      by = (g.useInApp ? "in-app frames" : "all frames") + " of the " + g.source;
    }
    if (g.useInApp) {
      all = all.ignored("not used: the in-app variant has frames");
    } else {
      inApp = inApp.ignored(g.framesCount ? "no in-app frame counts" : "no frame counts");
      if (!g.framesCount) {
        all = all.ignored("no frame counts");
      }
    }
    return new GroupingResult(grouping, g.event.eventId(), g.event.appIdOrUnknown(),
        g.config.origin(), by, List.copyOf(input), inApp, all);
  }

  private static Component variant(EventGrouping g, boolean inAppOnly) {
    List<Component> children = new ArrayList<>();
    for (GroupingStack s : g.stacks) {
      GroupingStack.Variant v = inAppOnly ? s.core.inApp : s.core.all;
      Component stack = Component.node("stacktrace", frames(s, v), v.contributes, v.hint);
      CrashException x = s.exception;
      if (x == null) {
        children.add(Component.node("thread", List.of(stack), true, s.label.get()));
        continue;
      }
      List<Component> parts = new ArrayList<>();
      boolean typeCounts = EventGrouping.typeCounts(x);
      parts.add(Component.leaf("type", String.valueOf(EventGrouping.typeName(x)), typeCounts,
          typeCounts ? null : EventGrouping.isBlank(x.type()) ? "no type"
              : "obfuscated name (no mapping applied)"));
      parts.add(stack);
      if (!EventGrouping.isBlank(x.value())) {
        parts.add(Component.leaf("value", MessageNormalizer.normalize(x.value()), !g.framesCount,
            g.framesCount ? "a stack trace counts" : null));
      }
      children.add(Component.node("exception", parts, true, s.label.get()));
    }
    if (!EventGrouping.isBlank(g.event.message())) {
      boolean counts = !g.framesCount && g.chain.stream().allMatch(x -> EventGrouping.isBlank(x.value()));
      children.add(Component.leaf("message", MessageNormalizer.normalize(g.event.message()), counts,
          counts ? null : g.framesCount ? "a stack trace counts" : "the exception value counts"));
    }
    String hint = inAppOnly ? "in-app frames only" : "all frames";
    return Component.node(inAppOnly ? "in-app" : "all-frames", children, true, hint);
  }

  private static List<Component> frames(GroupingStack s, GroupingStack.Variant v) {
    List<Component> out = new ArrayList<>(s.frames.size());
    StackResult r = s.rules;
    for (int i = 0; i < s.frames.size(); i++) {
      FrameFacts f = r.facts(i);
      List<Component> leaves = new ArrayList<>();
      if (f.hasValue()) {
        for (int k = 0; k < f.ids.length; k++) {
          leaves.add(Component.leaf(f.ids[k], f.values[k], true, null));
        }
      } else if (s.offset(i) != null) {
        leaves.add(Component.leaf("image", f.image, true, null));
        leaves.add(Component.leaf("offset", s.offset(i), true, "unsymbolicated: changes between builds"));
      } else {
        dev.crashflow.model.Frame raw = s.frames.get(i);
        String name = raw.function() == null ? String.valueOf(raw.instructionAddr())
            : raw.module() == null ? raw.function() : raw.module() + "." + raw.function();
        leaves.add(Component.leaf("raw", name, false, null));
      }
      out.add(new Component("frame", v.why[i] == GroupingStack.OK, hint(s, v, i), leaves, List.of()));
    }
    return out;
  }

  private static String hint(GroupingStack s, GroupingStack.Variant v, int i) {
    StackResult r = s.rules;
    FrameFacts f = r.facts(i);
    List<String> parts = new ArrayList<>();
    switch (v.why[i]) {
      case GroupingStack.NO_VALUE:
        parts.add(f.noValue != null ? f.noValue : "no function name");
        break;
      case GroupingStack.NOT_IN_APP:
        parts.add("not in-app");
        break;
      case GroupingStack.IGNORED:
        parts.add(r.groupHint(i));
        break;
      case GroupingStack.RECURSION:
        parts.add("recursion: repeats the frames after it");
        break;
      case GroupingStack.MAX_FRAMES:
        parts.add("beyond max-frames=" + r.maxFrames + ", by " + r.maxFramesRule.describe());
        break;
      default:
        if (r.group[i] == StackRules.PLUS) {
          parts.add(r.groupHint(i));
        }
        break;
    }
    String app = r.appHint(i);
    if (app != null) {
      parts.add(app);
    }
    if (r.category(i) != null) {
      parts.add("category " + r.category(i));
    }
    if (f.note != null) {
      parts.add(f.note);
    }
    return parts.isEmpty() ? null : String.join("; ", parts);
  }
}
