package dev.crashflow.grouping;

import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.CrashException;
import dev.crashflow.model.CrashThread;
import dev.crashflow.model.DebugImage;
import dev.crashflow.model.Frame;
import dev.crashflow.rows.Hex;
import java.util.ArrayList;
import java.util.List;

/**
 * The grouping of one event, worked out once and read twice: by {@link Fingerprinter#group} (the
 * hash and the metadata) and by {@link Fingerprinter#explain} (the component tree). Decides which
 * stacks count (the exception chain, oldest to newest; else the crashed thread; else the only or
 * current thread; else the message), runs the stack rules over them, and decides per frame and
 * variant (in-app frames only, all frames) whether it counts and why not.
 */
final class EventGrouping {
  static final byte OK = 0;
  static final byte NO_VALUE = 1;
  static final byte NOT_IN_APP = 2;
  static final byte IGNORED = 3;
  static final byte RECURSION = 4;
  static final byte MAX_FRAMES = 5;
  /** Longest repeating cycle of frames folded as recursion (a, then ab, abc, abcd). */
  private static final int MAX_PERIOD = 4;

  /** Where the grouping values are written: the hash, or a list for {@code explain}. */
  interface Sink {
    void value(String id, String value);

    /** A counting frame: its facts, per-event offset (or null) and value digest. */
    void frame(FrameFacts facts, String offset, long d1, long d2);
  }

  /** Which frames of one stack count in one variant, and why the others do not. */
  static final class Variant {
    final byte[] why;
    final int count;
    final boolean contributes;
    final String hint;

    Variant(byte[] why, int count, boolean contributes, String hint) {
      this.why = why;
      this.count = count;
      this.contributes = contributes;
      this.hint = hint;
    }
  }

  /** An exception's stack (or a thread's, with a null exception) and what grouping made of it. */
  static final class Stack {
    final CrashException exception;
    final String label;
    final List<Frame> frames;
    final StackRules.Result rules;
    final String[] offsets;
    /**
     * Per frame, the digest of its values ({@link FrameFacts#digest}, or of image and offset for
     * an unsymbolicated frame) as two longs, and whether it has one: frames compare by it for
     * recursion, and the fingerprint hashes it.
     */
    final long[] d1;
    final long[] d2;
    final boolean[] hasKey;
    final boolean[] recursion;
    Variant inApp;
    Variant all;

    Stack(CrashException exception, String label, List<Frame> frames, StackRules.Result rules,
        List<DebugImage> images) {
      this.exception = exception;
      this.label = label;
      this.frames = frames;
      this.rules = rules;
      int n = frames.size();
      offsets = new String[n];
      d1 = new long[n];
      d2 = new long[n];
      hasKey = new boolean[n];
      recursion = new boolean[n];
      for (int i = 0; i < n; i++) {
        FrameCache.Entry e = rules.entries[i];
        if (e.hasValue) {
          hasKey[i] = true;
          d1[i] = e.d1;
          d2[i] = e.d2;
        } else if (e.needsOffset) {
          offsets[i] = offset(frames.get(i), images);
          if (offsets[i] != null) {
            byte[] d = Fingerprinter.digest(offsetKey(e.facts, offsets[i]));
            hasKey[i] = true;
            d1[i] = FrameKey.longAt(d, 0);
            d2[i] = FrameKey.longAt(d, 8);
          }
        }
      }
      // near[i] bit p-1: frame i has the same values as frame i+p (p = 1..MAX_PERIOD)
      byte[] near = new byte[n];
      for (int i = 0; i < n; i++) {
        if (hasKey[i]) {
          for (int p = 1; p <= MAX_PERIOD && i + p < n; p++) {
            if (d1[i] == d1[i + p] && d2[i] == d2[i + p] && hasKey[i + p]) {
              near[i] |= (byte) (1 << (p - 1));
            }
          }
        }
      }
      for (int i = 0; i < n; i++) {
        recursion[i] = near[i] != 0 && repeats(near, i);
      }
    }
  }

  /** The values of an unsymbolicated frame, as its hash input reads. */
  static String offsetKey(FrameFacts facts, String offset) {
    return "image=" + facts.image + "\noffset=" + offset + "\n";
  }

  final CrashEvent event;
  final GroupingConfig config;
  final List<CrashException> chain;
  final String source;
  final List<Stack> stacks = new ArrayList<>();
  final boolean useInApp;
  final boolean framesCount;
  final FingerprintRules.Rule rule;
  final List<FingerprintRules.Item> custom;
  final Frame blame;
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
        String label = "exception " + (i + 1) + " of " + chain.size();
        if (!anyFrames && i == chain.size() - 1) {
          CrashThread t = thread(e.threads(), x.threadId());
          if (t != null) {
            frames = t.frames();
            label += " (stack of thread " + (t.name() != null ? t.name() : t.id()) + ")";
          }
        }
        stacks.add(new Stack(x, label, frames, rules.apply(frames, platform, x), e.images()));
      }
      source = "exception chain";
    } else {
      CrashThread t = thread(e.threads(), null);
      if (t != null) {
        stacks.add(new Stack(null, (t.crashed() ? "crashed thread " : "thread ")
            + (t.name() != null ? t.name() : t.id()), t.frames(),
            rules.apply(t.frames(), platform, null), e.images()));
        source = t.crashed() ? "crashed thread" : "thread";
      } else {
        source = "message";
      }
    }
    boolean inAppFrames = false;
    boolean allFrames = false;
    for (Stack s : stacks) {
      s.inApp = variant(s, true);
      s.all = variant(s, false);
      inAppFrames |= s.inApp.contributes;
      allFrames |= s.all.contributes;
    }
    useInApp = inAppFrames;
    framesCount = inAppFrames || allFrames;
    List<StackRules.Result> results = new ArrayList<>(stacks.size());
    for (Stack s : stacks) {
      results.add(s.rules);
    }
    rule = config.fingerprintRules().match(e, chain, results);
    custom = rule != null ? rule.fingerprint() : sdkFingerprint(e.sdkFingerprint());
    int[] at = blame();
    Stack bs = at == null ? null : stacks.get(at[0]);
    blame = bs == null ? null : bs.frames.get(at[1]);
    blameFacts = bs == null ? null : bs.rules.facts[at[1]];
    blameInApp = bs != null && bs.rules.inApp[at[1]];
    blameOffset = bs == null ? null : bs.offsets[at[1]];
  }

  /** The variant whose frames count for the hash. */
  Variant chosen(Stack s) {
    return useInApp ? s.inApp : s.all;
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
    for (Stack s : stacks) {
      if (s.exception != null && typeCounts(s.exception)) {
        sink.value("type", typeName(s.exception));
      }
      Variant v = chosen(s);
      if (v.contributes) {
        for (int i = 0; i < s.frames.size(); i++) {
          if (v.why[i] == OK) {
            sink.frame(s.rules.facts[i], s.offsets[i], s.d1[i], s.d2[i]);
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
      Stack st = stacks.get(s);
      for (int i = st.frames.size() - 1; i >= 0; i--) {
        if (st.rules.inApp[i]) {
          return new int[] {s, i};
        }
      }
    }
    Stack st = stacks.get(main);
    for (int i = st.frames.size() - 1; i >= 0; i--) {
      if (st.all.why[i] == OK) {
        return new int[] {main, i};
      }
    }
    return new int[] {main, st.frames.size() - 1};
  }

  private static Variant variant(Stack s, boolean inAppOnly) {
    int n = s.frames.size();
    byte[] why = new byte[n];
    StackRules.Result r = s.rules;
    for (int i = 0; i < n; i++) {
      why[i] = !s.hasKey[i] ? NO_VALUE
          : inAppOnly && !r.inApp[i] ? NOT_IN_APP
          : r.group[i] == StackRules.MINUS ? IGNORED
          : s.recursion[i] ? RECURSION : OK;
    }
    int count = 0;
    for (int i = n - 1; i >= 0; i--) {
      if (why[i] == OK) {
        if (r.maxFrames >= 0 && count >= r.maxFrames) {
          why[i] = MAX_FRAMES;
        } else {
          count++;
        }
      }
    }
    boolean enough = r.minFrames < 0 || count >= r.minFrames;
    String hint = count == 0 ? (inAppOnly ? "no in-app frame counts" : "no frame counts")
        : enough ? null : "fewer than " + r.minFrames + " frames, by " + r.minFramesRule.describe();
    return new Variant(why, count, count > 0 && enough, hint);
  }

  /**
   * True when frames i.. repeat right after themselves (a recursion cycle of up to 4 frames):
   * for some period p, each of the p frames from i has the same values as the frame p after it.
   */
  private static boolean repeats(byte[] near, int i) {
    for (int p = 1; p <= MAX_PERIOD && i + 2 * p <= near.length; p++) {
      int bit = 1 << (p - 1);
      boolean same = true;
      for (int j = 0; j < p && same; j++) {
        same = (near[i + j] & bit) != 0;
      }
      if (same) {
        return true;
      }
    }
    return false;
  }

  /** The module-relative offset of an unsymbolicated native frame, or null without an image. */
  private static String offset(Frame f, List<DebugImage> images) {
    String direct = FrameFacts.offsetValue(f);
    if (direct != null || images == null) {
      return direct;
    }
    Long a = Hex.parse(f.instructionAddr());
    if (a == null) {
      return null;
    }
    for (DebugImage i : images) {
      Long start = Hex.parse(i.imageAddr());
      if (start != null && i.imageSize() != null && Long.compareUnsigned(a, start) >= 0
          && Long.compareUnsigned(a - start, i.imageSize()) < 0) {
        return Long.toHexString(a - start);
      }
    }
    return null;
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
