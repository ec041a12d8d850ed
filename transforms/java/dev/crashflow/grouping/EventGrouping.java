package dev.crashflow.grouping;

import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.CrashException;
import dev.crashflow.model.CrashThread;
import dev.crashflow.model.Frame;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * The grouping of one event, worked out once and read twice: by {@link Fingerprinter#group} (the
 * hash and the metadata) and by {@link Fingerprinter#explain} (the component tree). Decides which
 * stacks count (the exception chain, oldest to newest; else the crashed thread; else the only or
 * current thread; else the message), runs the stack rules over them, and decides per frame and
 * variant (in-app frames only, all frames) whether it counts and why not ({@link GroupingStack}),
 * then the result: fingerprint rule or SDK fingerprint, the values that make the hash, the blamed
 * frame.
 */
final class EventGrouping {
  private static final HexFormat HEX = HexFormat.of();
  /** Where the grouping values are written: the hash, or a list for {@code explain}. */
  interface Sink {
    void value(String id, String value);

    /** A counting frame: its facts, per-event offset (or null) and value digest. */
    void frame(FrameFacts facts, String offset, long d1, long d2);
  }

  final CrashEvent event;
  final GroupingConfig config;
  final List<CrashException> chain;
  final String source;
  final List<GroupingStack> stacks = new ArrayList<>();
  final boolean useInApp;
  final boolean framesCount;
  final FingerprintRules.Rule rule;
  final List<FingerprintRules.Item> custom;
  final Frame blame;
  final FrameCache.Entry blameEntry;
  final FrameFacts blameFacts;
  final boolean blameInApp;
  final String blameOffset;

  EventGrouping(CrashEvent e, GroupingConfig config) {
    this.event = e;
    this.config = config;
    this.chain = e.exceptions() == null ? List.of() : e.exceptions();
    StackRules rules = config.stackRules();
    String platform = e.sdkPlatform();
    if (!chain.isEmpty()) {
      boolean anyFrames = false;
      for (CrashException x : chain) {
        anyFrames |= !x.frames().isEmpty();
      }
      for (int i = 0; i < chain.size(); i++) {
        CrashException x = chain.get(i);
        List<Frame> frames = x.frames();
        CrashThread t = null;
        if (!anyFrames && i == chain.size() - 1) {
          t = thread(e.threads(), x.threadId());
          frames = t != null ? t.frames() : frames;
        }
        int number = i + 1;
        CrashThread stackOf = t;
        Supplier<String> label = () -> "exception " + number + " of " + chain.size()
            + (stackOf == null ? "" : " (stack of thread " + threadName(stackOf) + ")");
        stacks.add(new GroupingStack(x, label, frames, rules.apply(frames, platform, x), e.images()));
      }
      source = "exception chain";
    } else {
      CrashThread t = thread(e.threads(), null);
      if (t != null) {
        stacks.add(new GroupingStack(null, () -> (t.crashed() ? "crashed thread " : "thread ")
            + threadName(t), t.frames(), rules.apply(t.frames(), platform, null), e.images()));
        source = t.crashed() ? "crashed thread" : "thread";
      } else {
        source = "message";
      }
    }
    boolean inAppFrames = false;
    boolean allFrames = false;
    for (GroupingStack s : stacks) {
      inAppFrames |= s.core.inApp.contributes;
      allFrames |= s.core.all.contributes;
    }
    useInApp = inAppFrames;
    framesCount = inAppFrames || allFrames;
    List<StackResult> results = new ArrayList<>(stacks.size());
    for (GroupingStack s : stacks) {
      results.add(s.rules);
    }
    rule = config.fingerprintRules().match(e, chain, results);
    custom = rule != null ? rule.fingerprint() : sdkFingerprint(e.sdkFingerprint());
    int[] at = blame();
    GroupingStack bs = at == null ? null : stacks.get(at[0]);
    blame = bs == null ? null : bs.frames.get(at[1]);
    blameEntry = bs == null ? null : bs.rules.entries[at[1]];
    blameFacts = blameEntry == null ? null : blameEntry.facts;
    blameInApp = bs != null && bs.rules.inApp[at[1]];
    blameOffset = bs == null ? null : bs.offset(at[1]);
  }

  /**
   * The issue variant: a 128-bit mix of the value digests of every frame that counts in the
   * all-frames variant, stack by stack, seeded by the issue id; null when no frame counts there.
   * Not cryptographic: it only has to tell apart stacks within one issue.
   */
  String variantId(String issueId) {
    return variantId(idHalf(issueId, 0), idHalf(issueId, 1));
  }

  /** Half {@code i} (0 or 1) of a 32-hex-digit issue id, as a long. */
  static long idHalf(String issueId, int i) {
    return Long.parseUnsignedLong(issueId, 16 * i, 16 * i + 16, 16);
  }

  /** {@link #variantId(String)} from the issue id's two halves. */
  String variantId(long h1, long h2) {
    boolean any = false;
    for (GroupingStack s : stacks) {
      if (!s.core.all.contributes) {
        continue;
      }
      any = true;
      h1 = mix(h1 ^ 0x5EED_57AC_C0DEL);
      for (int i = 0; i < s.frames.size(); i++) {
        if (s.core.all.why[i] == GroupingStack.OK) {
          h1 = mix(h1 ^ s.core.d1[i]);
          h2 = mix(h2 ^ s.core.d2[i] ^ h1);
        }
      }
    }
    return any ? HEX.toHexDigits(h1) + HEX.toHexDigits(h2) : null;
  }

  /** A multiply, then {@link FrameKey#mix}. */
  private static long mix(long x) {
    return FrameKey.mix(x * 0x9E3779B97F4A7C15L);
  }

  /** The variant whose frames count for the hash. */
  GroupingStack.Variant chosen(GroupingStack s) {
    return useInApp ? s.core.inApp : s.core.all;
  }

  /** Writes the values that make the fingerprint: custom entries, or the default grouping. */
  void emit(Sink sink) {
    if (custom == null) {
      emitDefault(sink);
      return;
    }
    for (FingerprintRules.Item item : custom) {
      if (FingerprintRules.DEFAULT.equals(item.variable())) {
        emitDefault(sink);
      } else {
        sink.value("fingerprint", item.variable() != null ? variable(item.variable()) : item.literal());
      }
    }
  }

  /** Types, counting frames, and messages only when no frame counts. */
  void emitDefault(Sink sink) {
    for (GroupingStack s : stacks) {
      if (s.exception != null && typeCounts(s.exception)) {
        sink.value("type", typeName(s.exception));
      }
      GroupingStack.Variant v = chosen(s);
      if (v.contributes) {
        for (int i = 0; i < s.frames.size(); i++) {
          if (v.why[i] == GroupingStack.OK) {
            sink.frame(s.rules.facts(i), s.offset(i), s.core.d1[i], s.core.d2[i]);
          }
        }
      }
      if (!framesCount && s.exception != null && !isBlank(s.exception.value())) {
        sink.value("value", MessageNormalizer.normalize(s.exception.value()));
      }
    }
    if (!framesCount && !isBlank(event.message()) && !anyValue()) {
      sink.value("message", MessageNormalizer.normalize(event.message()));
    }
  }

  static boolean typeCounts(CrashException x) {
    return !isBlank(x.type()) && !FunctionNames.obfuscatedClass(typeName(x));
  }

  /**
   * The exception's full type name: Sentry's Java SDK splits it into package ({@code module}) and
   * simple name; .NET SDKs put the assembly ({@code mscorlib, Version=4.0.0.0, ...}) in {@code
   * module}, which changes with versions and never counts; a type that is already qualified is
   * kept as sent.
   */
  static String typeName(CrashException x) {
    String t = x.type();
    String m = x.module();
    if (t == null || m == null || m.isEmpty() || t.indexOf('.') >= 0 || m.indexOf(',') >= 0
        || m.indexOf(' ') >= 0) {
      return t;
    }
    return m + "." + t;
  }

  private boolean anyValue() {
    for (CrashException x : chain) {
      if (!isBlank(x.value())) {
        return true;
      }
    }
    return false;
  }

  /** The value of a fingerprint variable ({@code type}, {@code function}, {@code tags.x}...). */
  String variable(String name) {
    CrashException main = chain.isEmpty() ? null : chain.get(chain.size() - 1);
    String v;
    switch (name) {
      case "type":
        v = main == null ? null : typeName(main);
        break;
      case "value":
        v = main == null || main.value() == null ? null : MessageNormalizer.firstLines(main.value(), 1);
        break;
      case "mechanism":
        v = main == null || main.mechanism() == null ? null : main.mechanism().type();
        break;
      case "function":
        v = blameFacts == null ? null : blameFacts.function;
        break;
      case "module":
        v = blameFacts == null ? null : blameFacts.module;
        break;
      case "package":
        v = blameFacts == null || blameFacts.image == null ? null : blameFacts.image;
        break;
      case "message":
        v = event.message() != null ? MessageNormalizer.normalize(event.message())
            : main == null ? null : MessageNormalizer.normalize(main.value());
        break;
      case "level":
        v = event.level();
        break;
      case "release":
        v = event.release();
        break;
      default: // tags.<name>
        v = event.tags() == null ? null : event.tags().get(name.substring(5));
        break;
    }
    return v == null || v.isEmpty() ? "<no " + name + ">" : v;
  }

  /** An SDK's {@code fingerprint} as entries; {@code {{ default }}} and friends become variables. */
  private static List<FingerprintRules.Item> sdkFingerprint(List<String> sent) {
    if (sent == null || sent.isEmpty()) {
      return null;
    }
    List<FingerprintRules.Item> out = new ArrayList<>(sent.size());
    for (String s : sent) {
      String t = s == null ? "" : s.strip();
      String variable = null;
      if (t.startsWith("{{") && t.endsWith("}}")) {
        try {
          variable = FingerprintRules.variable("fingerprint", 0, t.substring(2, t.length() - 2).strip());
        } catch (RuleSyntaxException unknown) {
          variable = null; // an unknown variable is kept as a literal
        }
      }
      out.add(new FingerprintRules.Item(variable == null ? s : null, variable));
    }
    return out;
  }

  /** {stack, frame} of the blamed frame: first in-app from the crash end, else first counting. */
  private int[] blame() {
    int main = -1; // the newest stack with frames
    for (int s = stacks.size() - 1; s >= 0 && main < 0; s--) {
      if (!stacks.get(s).frames.isEmpty()) {
        main = s;
      }
    }
    if (main < 0) {
      return null;
    }
    for (int s = main; s >= 0; s--) {
      GroupingStack st = stacks.get(s);
      for (int i = st.frames.size() - 1; i >= 0; i--) {
        if (st.rules.inApp[i]) {
          return new int[] {s, i};
        }
      }
    }
    GroupingStack st = stacks.get(main);
    for (int i = st.frames.size() - 1; i >= 0; i--) {
      if (st.core.all.why[i] == GroupingStack.OK) {
        return new int[] {main, i};
      }
    }
    return new int[] {main, st.frames.size() - 1};
  }

  private static String threadName(CrashThread t) {
    return t.name() != null ? t.name() : String.valueOf(t.id());
  }

  /** The thread with this id, else the crashed one, else the current one, else the only one. */
  private static CrashThread thread(List<CrashThread> threads, Long id) {
    if (threads == null || threads.isEmpty()) {
      return null;
    }
    for (CrashThread t : threads) {
      if (id != null && id.equals(t.id())) {
        return t;
      }
    }
    for (CrashThread t : threads) {
      if (t.crashed()) {
        return t;
      }
    }
    for (CrashThread t : threads) {
      if (t.current()) {
        return t;
      }
    }
    return threads.size() == 1 ? threads.get(0) : null;
  }

  static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
