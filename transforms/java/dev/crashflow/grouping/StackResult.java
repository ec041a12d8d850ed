package dev.crashflow.grouping;

/**
 * What the stack rules made of one stack ({@link StackRules#apply}): per frame its cache entry
 * (facts, value digest), in-app flag, group flag and category, and which rules set them. What
 * only {@code explain} reads (the rules behind the flags, categories) is allocated when a rule
 * first sets it.
 */
final class StackResult {
  /** The frames' cache entries (what the per-event work reads of each frame). */
  final FrameCache.Entry[] entries;
  final boolean[] inApp;
  /** Whether the SDK or a rule said anything about the frame's in-app flag. */
  final boolean[] decided;
  final byte[] group;
  /** The last rule that set a frame's group flag, or its in-app flag (hints for explain). */
  private StackRule[] groupRule;
  private StackRule[] appRule;
  private String[] category;
  /** Whether the frames nobody decided on were put in the app ({@link StackRules}). */
  boolean inAppByDefault;
  int maxFrames = -1;
  StackRule maxFramesRule;
  int minFrames = -1;
  StackRule minFramesRule;
  /**
   * What grouping makes of the stack beyond the flags ({@link GroupingStack.Core}), when it
   * depends on nothing per event; null otherwise. Set by {@link StackRules#apply}.
   */
  GroupingStack.Core core;

  /** A result to fill in, for frames with these cache entries. */
  StackResult(FrameCache.Entry[] entries) {
    int n = entries.length;
    this.entries = entries;
    inApp = new boolean[n];
    decided = new boolean[n];
    group = new byte[n];
  }

  /**
   * The result of a stack of the same shape as {@code like}'s ({@link StackRules}), for these
   * frames' entries: everything but the entries is shared, since nothing writes a result once
   * {@link StackRules#apply} has returned it.
   */
  StackResult(FrameCache.Entry[] entries, StackResult like) {
    this.entries = entries;
    this.inApp = like.inApp;
    this.decided = like.decided;
    this.group = like.group;
    this.groupRule = like.groupRule;
    this.appRule = like.appRule;
    this.category = like.category;
    this.inAppByDefault = like.inAppByDefault;
    this.maxFrames = like.maxFrames;
    this.maxFramesRule = like.maxFramesRule;
    this.minFrames = like.minFrames;
    this.minFramesRule = like.minFramesRule;
    this.core = like.core;
  }

  int size() {
    return entries.length;
  }

  FrameFacts facts(int i) {
    return entries[i].facts;
  }

  /** The category a rule gave frame {@code i}, or null. */
  String category(int i) {
    return category == null ? null : category[i];
  }

  String[] categories() {
    if (category == null) {
      category = new String[entries.length];
    }
    return category;
  }

  StackRule[] groupRule() {
    if (groupRule == null) {
      groupRule = new StackRule[entries.length];
    }
    return groupRule;
  }

  StackRule[] appRule() {
    if (appRule == null) {
      appRule = new StackRule[entries.length];
    }
    return appRule;
  }

  /** Why a frame's group flag is what it is, for explain; null when no rule set it. */
  String groupHint(int i) {
    return groupRule == null || groupRule[i] == null ? null
        : (group[i] == StackRules.PLUS ? "un-ignored by " : "ignored by ") + groupRule[i].describe();
  }

  /** Who decided a frame's in-app flag, when not the SDK; null otherwise. */
  String appHint(int i) {
    if (inAppByDefault && !decided[i]) {
      return "in-app by default: no frame was marked in-app and no rule marks this one out";
    }
    return appRule == null || appRule[i] == null ? null
        : (inApp[i] ? "marked in-app by " : "marked not in-app by ") + appRule[i].describe();
  }
}
