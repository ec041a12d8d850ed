package dev.crashflow.retrace;

import java.util.List;
import java.util.Map;

/**
 * The parsed mapping in a compact, array-based form: one set of parallel arrays holds every member
 * line of the file, so a 50 MB mapping costs a few hundred thousand array slots and shared
 * (interned) strings rather than an object per line.
 *
 * <p>Members of a class occupy the contiguous index range {@code [start, end)} of its
 * {@link ClassEntry}, sorted by obfuscated name and, within one name, kept in file order (file
 * order encodes inlining: innermost frame first, outermost caller last).
 */
final class CompactMapping {
  /** Marks an absent minified or original line number. */
  static final int NONE = Integer.MIN_VALUE;

  static final int SYNTHESIZED = 1;
  static final int OUTLINE = 2;
  /** The original range was written as a single number ({@code :42}): a caller position. */
  static final int CARDINAL = 4;

  /** One class line and its metadata. */
  static final class ClassEntry {
    final String original;
    final String obfuscated;
    String sourceFile;
    boolean synthesized;
    int start;
    int end;

    ClassEntry(String original, String obfuscated) {
      this.original = original;
      this.obfuscated = obfuscated;
    }
  }

  /** An R8 rewriteFrame rule: when all conditions hold, apply the actions. */
  record RewriteRule(List<String> conditions, List<String> actions) {}

  /** Rare per-member metadata, kept out of the per-member arrays. */
  static final class MemberMeta {
    int[] callsiteFrom;
    int[] callsiteTo;
    List<RewriteRule> rewrites;
    String residualSignature;
  }

  final Map<String, ClassEntry> classes;
  final String[] obfName;
  final String[] holder;
  final String[] name;
  final String[] returnType;
  final String[] params;
  final int[] minStart;
  final int[] minEnd;
  final int[] origStart;
  final int[] origEnd;
  final byte[] flags;
  final int[] meta;
  final MemberMeta[] metas;
  final List<String> mapVersions;
  final String pgMapId;
  final int skippedLines;
  final List<String> warnings;

  CompactMapping(Map<String, ClassEntry> classes, String[] obfName, String[] holder,
      String[] name, String[] returnType, String[] params, int[] minStart, int[] minEnd,
      int[] origStart, int[] origEnd, byte[] flags, int[] meta, MemberMeta[] metas,
      List<String> mapVersions, String pgMapId, int skippedLines, List<String> warnings) {
    this.classes = classes;
    this.obfName = obfName;
    this.holder = holder;
    this.name = name;
    this.returnType = returnType;
    this.params = params;
    this.minStart = minStart;
    this.minEnd = minEnd;
    this.origStart = origStart;
    this.origEnd = origEnd;
    this.flags = flags;
    this.meta = meta;
    this.metas = metas;
    this.mapVersions = mapVersions;
    this.pgMapId = pgMapId;
    this.skippedLines = skippedLines;
    this.warnings = warnings;
  }

  int memberCount() {
    return obfName.length;
  }

  /** Index of the first member of {@code c} named {@code obf}, or -1. Binary search. */
  int firstMember(ClassEntry c, String obf) {
    int lo = c.start;
    int hi = c.end;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (obfName[mid].compareTo(obf) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo < c.end && obfName[lo].equals(obf) ? lo : -1;
  }

  /** One past the last member of {@code c} named like member {@code first}. */
  int endOfName(ClassEntry c, int first) {
    String n = obfName[first];
    int i = first + 1;
    while (i < c.end && obfName[i].equals(n)) {
      i++;
    }
    return i;
  }

  MemberMeta metaOf(int member) {
    int m = meta[member];
    return m < 0 ? null : metas[m];
  }

  boolean hasFlag(int member, int flag) {
    return (flags[member] & flag) != 0;
  }
}
