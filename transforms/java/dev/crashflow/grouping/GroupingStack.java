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

    Variant(byte[] why, int count, boolean contributes, String hint) {
      this.why = why;
      this.count = count;
      this.contributes = contributes;
      this.hint = hint;
    }
  }

  final CrashException exception;
  /** How explain names the stack (built only when asked: most events are never explained). */
  final Supplier<String> label;
  final List<Frame> frames;
  final StackResult rules;
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

  GroupingStack(CrashException exception, Supplier<String> label, List<Frame> frames, StackResult rules,
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

  /** The values of an unsymbolicated frame, as its hash input reads. */
  static String offsetKey(FrameFacts facts, String offset) {
    return "image=" + facts.image + "\noffset=" + offset + "\n";
  }

  /** Which frames count in a variant (in-app frames only, or all), and why the others do not. */
  Variant variant(boolean inAppOnly) {
    GroupingStack s = this;
    int n = s.frames.size();
    byte[] why = new byte[n];
    StackResult r = s.rules;
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
}
