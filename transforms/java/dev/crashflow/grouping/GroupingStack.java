package dev.crashflow.grouping;

import dev.crashflow.model.CrashException;
import dev.crashflow.model.DebugImage;
import dev.crashflow.model.Frame;
import dev.crashflow.rows.Hex;
import java.util.List;
import java.util.function.Supplier;

/**
 * An exception's stack (or a thread's, with a null exception) and what grouping made of it: the
 * stack rules' result, per frame the digest of its values (for recursion and the hash), and per
 * variant which frames count and why the others do not. Built by {@link EventGrouping}.
 */
final class GroupingStack {
  static final byte OK = 0;
  static final byte NO_VALUE = 1;
  static final byte NOT_IN_APP = 2;
  static final byte IGNORED = 3;
  static final byte RECURSION = 4;
  static final byte MAX_FRAMES = 5;
  /** Longest repeating cycle of frames folded as recursion (a, then ab, abc, abcd). */
  private static final int MAX_PERIOD = 4;

  /** Which frames of one stack count in one variant, and why the others do not. */
  static final class Variant {
    final byte[] why;
    final int count;
    final boolean contributes;
    final String hint;
    /**
     * A 128-bit key of the value digests of the frames that count, in order ({@link
     * Fingerprinter} finds an event's fingerprint by its stacks' keys).
     */
    final long k1;
    final long k2;

    Variant(byte[] why, int count, boolean contributes, String hint, long[] d1, long[] d2) {
      this.why = why;
      this.count = count;
      this.contributes = contributes;
      this.hint = hint;
      long a = 0x452821E638D01377L + count;
      long b = 0xBE5466CF34E90C6CL;
      for (int i = 0; i < why.length; i++) {
        if (why[i] == OK) {
          a = FrameKey.mix((a ^ d1[i]) * FrameKey.M1);
          b = FrameKey.mix((b ^ d2[i]) * FrameKey.M2 + a);
        }
      }
      this.k1 = a;
      this.k2 = b;
    }
  }

  final CrashException exception;
  /** How explain names the stack (built only when asked: most events are never explained). */
  final Supplier<String> label;
  final List<Frame> frames;
  final StackResult rules;
  /** Per frame, the module-relative offset of an unsymbolicated frame; null when none has one. */
  private final String[] offsets;
  /** Value digests, recursion and the two variants ({@link Core}). */
  final Core core;

  /**
   * What grouping makes of a stack beyond the rules' result: per frame the value digest, whether
   * it repeats (recursion), and the two variants. Immutable; when no frame needs a per-event
   * offset it depends only on what the stack's rule result depends on, so {@link StackRules}
   * keeps it with the result and stacks of the same shape share it.
   */
  static final class Core {
    /**
     * Per frame, the digest of its values ({@link FrameFacts#digest}, or of image and offset for
     * an unsymbolicated frame) as two longs, and whether it has one: frames compare by it for
     * recursion, and the fingerprint hashes it.
     */
    final long[] d1;
    final long[] d2;
    final boolean[] hasKey;
    final boolean[] recursion;
    final Variant inApp;
    final Variant all;

    private Core(StackResult r, String[] offsets) {
      int n = r.size();
      d1 = new long[n];
      d2 = new long[n];
      hasKey = new boolean[n];
      recursion = new boolean[n];
      for (int i = 0; i < n; i++) {
        FrameCache.Entry e = r.entries[i];
        if (e.hasValue) {
          hasKey[i] = true;
          d1[i] = e.d1;
          d2[i] = e.d2;
        } else if (offsets != null && offsets[i] != null) {
          byte[] d = Fingerprinter.digest(offsetKey(e.facts, offsets[i]));
          hasKey[i] = true;
          d1[i] = FrameKey.longAt(d, 0);
          d2[i] = FrameKey.longAt(d, 8);
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
      inApp = variant(r, this, true);
      all = variant(r, this, false);
    }

    /** The core of a stack none of whose frames needs a per-event offset. */
    static Core of(StackResult r) {
      return new Core(r, null);
    }
  }

  GroupingStack(CrashException exception, Supplier<String> label, List<Frame> frames, StackResult rules,
      List<DebugImage> images) {
    this.exception = exception;
    this.label = label;
    this.frames = frames;
    this.rules = rules;
    Core core = rules.core;
    String[] offs = null;
    if (core == null) {
      int n = frames.size();
      for (int i = 0; i < n; i++) {
        FrameCache.Entry e = rules.entries[i];
        if (!e.hasValue && e.needsOffset) {
          if (offs == null) {
            offs = new String[n];
          }
          offs[i] = offset(frames.get(i), images);
        }
      }
      core = new Core(rules, offs);
    }
    this.offsets = offs;
    this.core = core;
  }

  /** The module-relative offset of frame {@code i} when it is unsymbolicated, else null. */
  String offset(int i) {
    return offsets == null ? null : offsets[i];
  }

  /** The values of an unsymbolicated frame, as its hash input reads. */
  static String offsetKey(FrameFacts facts, String offset) {
    return "image=" + facts.image + "\noffset=" + offset + "\n";
  }

  /** Which frames count in a variant (in-app frames only, or all), and why the others do not. */
  private static Variant variant(StackResult r, Core c, boolean inAppOnly) {
    int n = c.hasKey.length;
    byte[] why = new byte[n];
    for (int i = 0; i < n; i++) {
      why[i] = !c.hasKey[i] ? NO_VALUE
          : inAppOnly && !r.inApp[i] ? NOT_IN_APP
          : r.group[i] == StackRules.MINUS ? IGNORED
          : c.recursion[i] ? RECURSION : OK;
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
    return new Variant(why, count, count > 0 && enough, hint, c.d1, c.d2);
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
}
