package dev.crashflow.grouping;

import dev.crashflow.model.CrashException;
import dev.crashflow.model.Frame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An ordered list of stack-trace rules, applied to stacks ({@link #apply}; the run itself is
 * {@link RuleRun}). Rules run top to bottom and, within a rule, over the frames from caller to
 * callee; each rule sees what the rules before it changed (in-app flags, categories).
 *
 * <p>Speed: what a rule's static matchers (family, module, function, path, package) say about a
 * frame depends on the frame alone, so it is worked out once per distinct frame and cached with
 * the frame's {@link FrameFacts}; a stack then only visits the (rule, frame) pairs that can match.
 * The cache ({@link FrameCache}, keyed by {@link FrameKey}) is bounded: a new entry replaces an
 * old one. A stack whose frames' shapes were seen together before takes the whole result from a
 * second bounded table ({@link CachedStack}) and runs no rule. Thread-safe.
 */
public final class StackRules {
  /** Cache slots (2^n) for the built-in rules, shared by every app without rules of its own. */
  static final int SHARED_CACHE_BITS = 17;
  /** Cache slots (2^n) for an app's own rules. */
  static final int APP_CACHE_BITS = 14;
  private static final int[] NONE = new int[0];
  private static final ThreadLocal<FrameKey> KEYS = ThreadLocal.withInitial(FrameKey::new);

  /** The SDK's in-app flag, kept unless a rule says otherwise. */
  static final byte UNSET = 0;
  static final byte PLUS = 1;
  static final byte MINUS = 2;

  /** The families a frame can be of ({@link Families}), as indexes into {@link #byFamily}. */
  private static final String[] FAMILIES = {Families.JVM, Families.NATIVE, Families.CSHARP,
      Families.JAVASCRIPT, Families.OTHER};

  /**
   * Longest stack whose result is kept by shape ({@link CachedStack}): deeper ones (runaway
   * recursion) would make a few entries hold most of the memory.
   */
  static final int MAX_SHAPE_FRAMES = 256;
  /** Stack cache slots: one per {@code 2^STACK_CACHE_SHIFT} frame cache slots. */
  private static final int STACK_CACHE_SHIFT = 4;

  private final List<StackRule> rules;
  private final FrameCache cache;
  /** Rule results by stack shape: a stack seen before (up to numbering) skips the rules. */
  private final TwoWayTable<CachedStack> stacks;
  /** Rules whose caller or callee context reads a frame's static fields. */
  private final int[] contextRules;
  /** Whether any rule reads the stack's exception ({@code type:}, {@code value:}, ...). */
  private final boolean readsException;
  /**
   * Per family, the rules whose family matchers let a frame of it through, in order, except those
   * in {@link #anchored}.
   */
  private final int[][] byFamily;
  /**
   * Rules with an anchor ({@link StackRule#anchor}), by family, field and the anchor's first two
   * characters ({@link #anchorKey}): a frame only tries those whose key its values have.
   */
  private final java.util.Map<Long, int[]> anchored = new java.util.HashMap<>();
  /**
   * Whether any rule reads a frame's path: if none does, {@code abs_path} (which can differ per
   * install) is left out of the cache key, except where it names a native frame's image.
   */
  private final boolean readsPaths;

  private StackRules(List<StackRule> rules, int cacheBits) {
    this.rules = List.copyOf(rules);
    this.cache = new FrameCache(cacheBits);
    this.stacks = new TwoWayTable<>(cacheBits - STACK_CACHE_SHIFT);
    int[] context = new int[rules.size()];
    int contexts = 0;
    boolean exceptions = false;
    for (int r = 0; r < rules.size(); r++) {
      StackRule rule = rules.get(r);
      if ((rule.caller != null && rule.caller.field.isStaticFrame())
          || (rule.callee != null && rule.callee.field.isStaticFrame())) {
        context[contexts++] = r;
      }
      exceptions |= rule.exceptions.length > 0;
    }
    this.contextRules = Arrays.copyOf(context, contexts);
    this.readsException = exceptions;
    this.byFamily = new int[FAMILIES.length][];
    for (int k = 0; k < FAMILIES.length; k++) {
      int[] idx = new int[rules.size()];
      int count = 0;
      for (int r = 0; r < rules.size(); r++) {
        if (rules.get(r).mayMatchFamily(FAMILIES[k])) {
          RuleMatcher a = rules.get(r).anchor();
          if (a == null) {
            idx[count++] = r;
          } else {
            anchored.merge(anchorKey(k, a.field, a.requiredPrefix()), new int[] {r},
                (x, y) -> { int[] z = Arrays.copyOf(x, x.length + 1); z[x.length] = y[0]; return z; });
          }
        }
      }
      byFamily[k] = Arrays.copyOf(idx, count);
    }
    boolean paths = false;
    for (StackRule r : rules) {
      paths |= r.readsPaths();
    }
    this.readsPaths = paths;
  }

  /** The index key of a value (or anchor literal) of two characters or more. */
  private static long anchorKey(int family, RuleMatcher.Field field, String value) {
    return ((long) (family * 2 + (field == RuleMatcher.Field.MODULE ? 0 : 1)) << 32)
        | ((long) value.charAt(0) << 16) | value.charAt(1);
  }

  /** The rules a frame of family {@code k} could match, in order. */
  private int[] candidates(int k, FrameFacts facts) {
    int[] all = byFamily[k];
    int[] m = facts.module == null || facts.module.length() < 2 ? null
        : anchored.get(anchorKey(k, RuleMatcher.Field.MODULE, facts.module));
    int[] f = facts.function == null || facts.function.length() < 2 ? null
        : anchored.get(anchorKey(k, RuleMatcher.Field.FUNCTION, facts.function));
    if (m == null && f == null) {
      return all;
    }
    int[] out = Arrays.copyOf(all, all.length + (m == null ? 0 : m.length) + (f == null ? 0 : f.length));
    int at = all.length;
    if (m != null) {
      System.arraycopy(m, 0, out, at, m.length);
      at += m.length;
    }
    if (f != null) {
      System.arraycopy(f, 0, out, at, f.length);
    }
    Arrays.sort(out); // rules run in order; each rule is in one list only
    return out;
  }

  private static int familyIndex(String family) {
    for (int k = 0; k < FAMILIES.length - 1; k++) {
      if (FAMILIES[k].equals(family)) {
        return k;
      }
    }
    return FAMILIES.length - 1;
  }

  private StackRules(List<StackRule> rules) {
    this(rules, APP_CACHE_BITS);
  }

  /** The same rules with a cache of {@code 2^bits} frames. */
  StackRules withCache(int bits) {
    return new StackRules(rules, bits);
  }

  /** No rules. */
  public static StackRules empty() {
    return new StackRules(List.of());
  }

  /** Parses a rule file; a bad line is a {@link RuleSyntaxException} with its line number. */
  public static StackRules parse(String source, String text) {
    List<StackRule> out = new ArrayList<>();
    String[] lines = RuleLines.lines(text);
    for (int i = 0; i < lines.length; i++) {
      List<String> tokens = RuleLines.tokens(source, i + 1, lines[i]);
      if (!tokens.isEmpty()) {
        out.add(StackRule.parse(source, i + 1, tokens));
        if (out.size() > RuleLines.MAX_RULES) {
          throw new RuleSyntaxException(source, i + 1, "more than " + RuleLines.MAX_RULES + " rules");
        }
      }
    }
    return new StackRules(out);
  }

  /** These rules followed by {@code more} (later rules win where both act). */
  public StackRules then(StackRules more) {
    List<StackRule> all = new ArrayList<>(rules);
    all.addAll(more.rules);
    return new StackRules(all);
  }

  public int size() {
    return rules.size();
  }

  /**
   * Runs the rules over a stack (frames caller to callee).
   *
   * @param exception the exception the stack belongs to, for {@code type:}/{@code value:} matchers
   */
  StackResult apply(List<Frame> frames, String eventPlatform, CrashException exception) {
    Frame[] fs = frames.toArray(new Frame[0]); // read four times below: one copy, plain loads
    int n = fs.length;
    FrameCache.Entry[] entries = new FrameCache.Entry[n];
    String eventFamily = Families.ofPlatform(eventPlatform);
    // The stack's last libraries: frames of one library share the canonical path. The previous
    // frame's library is tried first (most frames share it; decoded and coded stacks share the
    // very string, so the test is mostly a reference compare), then the others.
    String[] raw = new String[8];
    String[] canonical = new String[8];
    int last = 0;
    int next = 0;
    FrameKey key = KEYS.get();
    key.reset();
    // A freshly decoded event's frames and strings are spread over memory, and the key pass
    // below reads them one frame after another, each read waiting on the one before (frame,
    // string, its bytes). This pass only reads their lengths: independent loads that the CPU
    // overlaps, so the key pass finds them in the CPU's caches.
    int lengths = 0;
    for (int i = 0; i < n; i++) {
      Frame f = fs[i];
      lengths += length(f.function()) + length(f.module()) + length(f.filename()) + length(f.pkg());
    }
    key.touched = lengths;
    for (int i = 0; i < n; i++) {
      Frame f = fs[i];
      String pkg = null;
      String rawPkg = f.pkg();
      if (rawPkg != null) {
        if (rawPkg == raw[last] || rawPkg.equals(raw[last])) {
          pkg = canonical[last];
        } else {
          for (int k = 0; k < raw.length && raw[k] != null; k++) {
            if (k != last && rawPkg.equals(raw[k])) {
              pkg = canonical[k];
              last = k;
              break;
            }
          }
          if (pkg == null) {
            pkg = FrameFacts.canonicalPackage(rawPkg);
            raw[next] = rawPkg;
            canonical[next] = pkg;
            last = next;
            next = (next + 1) & 7;
          }
        }
      }
      String family = Families.of(f, eventFamily);
      String abs = keyPath(f, family);
      key.add(family, f.function(), f.module(), f.filename(), abs, pkg);
    }
    key.finish();
    long[] h1 = key.h1;
    long[] h2 = key.h2;
    // The cache is far larger than the CPU's caches, so each frame's entry is a few memory
    // misses away. This pass only looks the entries up (independent loads the CPU overlaps), so
    // the work below finds them in the CPU's caches instead of waiting on each in turn.
    for (int i = 0; i < n; i++) {
      entries[i] = cache.get(h1[i], h2[i]);
    }
    // The stack's shape: its frames' shapes and SDK in-app flags, in order. Frames of one shape
    // make the same rule result and core, so a stack seen before takes them from the cache.
    long k1 = n * FrameKey.M1;
    long k2 = n * FrameKey.M2;
    boolean cacheable = n <= MAX_SHAPE_FRAMES;
    for (int i = 0; i < n; i++) {
      Frame f = fs[i];
      FrameCache.Entry info = entries[i];
      if (info == null || info.exact != null) {
        info = info(f, eventFamily, h1[i], h2[i]);
        entries[i] = info;
      }
      Boolean sdk = f.inApp();
      long flag = sdk == null ? 0 : sdk ? 1 : 2;
      k1 += FrameKey.mix(info.s1 + (i + 1) * FrameKey.M3 + flag);
      k2 += FrameKey.mix(info.s2 ^ (i + 1) * FrameKey.M4 ^ flag << 62);
      cacheable &= info.hasValue || !info.needsOffset; // else the core needs the event's offset
    }
    String[] exceptionKey = null;
    if (cacheable) {
      k1 = FrameKey.mix(k1);
      k2 = FrameKey.mix(k2 ^ k1);
      CachedStack seen = stacks.get(k1, k2);
      exceptionKey = readsException ? exceptionKey(exception) : null;
      if (seen != null && Arrays.equals(seen.exception, exceptionKey)) {
        return new StackResult(entries, seen.result);
      }
    }
    StackResult r = RuleRun.run(rules, fs, entries, exception);
    return remember(r, cacheable, k1, k2, exceptionKey);
  }

  private static int length(String s) {
    return s == null ? 0 : s.length();
  }

  /** The exception fields rules read, as a stack cache entry keeps them. */
  private static String[] exceptionKey(CrashException x) {
    return x == null ? new String[0] : new String[] {x.type(), x.module(), x.value(),
        x.mechanism() == null ? null : x.mechanism().type()};
  }

  /** Gives a result its core and caches it by shape, when nothing in it is per event. */
  private StackResult remember(StackResult r, boolean cacheable, long k1, long k2,
      String[] exceptionKey) {
    if (cacheable) {
      r.core = GroupingStack.Core.of(r);
      stacks.put(new CachedStack(k1, k2, exceptionKey, r));
    }
    return r;
  }

  /**
   * The frame's {@code abs_path} as far as the cache key goes: left out when no rule reads paths
   * and the frame's image (native) comes from its package or file name, since it can differ per
   * install and would make every event miss the cache.
   */
  private String keyPath(Frame f, String family) {
    String abs = f.absPath();
    if (abs != null && !readsPaths && (f.pkg() != null || f.filename() != null
        || !family.equals(Families.NATIVE))) {
      return null;
    }
    return abs;
  }

  /**
   * A frame's shape ({@link FrameCache.Entry#s1}): everything the rules and the fingerprint can
   * read of it, hashed to 128 bits. The rules read a frame's family (through {@link #byFamily}),
   * which rules its static matchers let through, and which static caller/callee contexts it
   * satisfies as a neighbour; the fingerprint reads its value digest and whether it has one or
   * needs an offset. Anything else (names the rules do not match on, a lambda's number that
   * normalisation drops) does not change what a stack makes.
   */
  private long[] shape(String family, FrameFacts facts, int[] matched) {
    long a = 0x243F6A8885A308D3L;
    long b = 0x13198A2E03707344L;
    long[] parts = new long[4 + matched.length + 2 * contextRules.length];
    int k = 0;
    parts[k++] = familyIndex(family) | (facts.hasValue() ? 8 : 0) | (facts.needsOffset ? 16 : 0)
        | (long) matched.length << 8;
    parts[k++] = facts.digest == null ? 0 : FrameKey.longAt(facts.digest, 0);
    parts[k++] = facts.digest == null ? 0 : FrameKey.longAt(facts.digest, 8);
    for (int r : matched) {
      parts[k++] = r;
    }
    parts[k++] = -1; // the rules end here, the neighbour matches start
    for (int r : contextRules) {
      StackRule rule = rules.get(r);
      if (matchesContext(rule.caller, facts)) {
        parts[k++] = 2L * r;
      }
      if (matchesContext(rule.callee, facts)) {
        parts[k++] = 2L * r + 1;
      }
    }
    for (int i = 0; i < k; i++) {
      a = FrameKey.mix((a ^ parts[i]) * FrameKey.M1);
      b = FrameKey.mix((b + parts[i]) * FrameKey.M2 ^ a);
    }
    return new long[] {FrameKey.mix(a + k), FrameKey.mix(b ^ a)};
  }

  /** Whether a frame, as a neighbour, satisfies a context that reads its static fields. */
  private static boolean matchesContext(RuleMatcher context, FrameFacts facts) {
    return context != null && context.field.isStaticFrame() && context.matchesStatic(facts);
  }

  /**
   * The frame's cache entry, worked out on a miss. The frame's family, key path and canonical
   * package are worked out again here when needed (a miss, or an entry beyond Latin-1): the
   * common hit needs none of them.
   */
  private FrameCache.Entry info(Frame f, String eventFamily, long h1, long h2) {
    FrameCache.Entry info = cache.get(h1, h2);
    String family = Families.of(f, eventFamily);
    String abs = keyPath(f, family);
    String pkg = FrameFacts.canonicalPackage(f.pkg());
    if (info != null && !info.matches(family, f.function(), f.module(), f.filename(), abs, pkg)) {
      info = null; // the same key, other names beyond Latin-1: worked out again (and replaced)
    }
    if (info == null) {
      FrameFacts facts = FrameFacts.of(f, family, abs);
      int[] candidates = candidates(familyIndex(family), facts);
      int[] matched = NONE;
      int count = 0;
      for (int r : candidates) {
        if (rules.get(r).matchesStaticBesidesFamily(facts)) { // family: by byFamily
          if (count == matched.length) {
            matched = Arrays.copyOf(matched, Math.max(4, count * 2));
          }
          matched[count++] = r;
        }
      }
      String[] exact = FrameKey.beyondLatin1(f.function(), f.module(), f.filename(), abs, pkg)
          ? new String[] {family, f.function(), f.module(), f.filename(), abs, pkg} : null;
      int[] ruleList = count == matched.length ? matched : Arrays.copyOf(matched, count);
      long[] shape = shape(family, facts, ruleList);
      info = new FrameCache.Entry(h1, h2, facts, ruleList, exact, shape[0], shape[1]);
      cache.put(info);
    }
    return info;
  }
}
