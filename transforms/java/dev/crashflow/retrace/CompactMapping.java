package dev.crashflow.retrace;

import java.util.Arrays;
import java.util.List;

/**
 * The parsed mapping in a compact, array-based form: two flat arrays hold every member line of the
 * file (its strings, and its numbers), so a 50 MB mapping costs a few million array slots and
 * shared (interned) strings rather than an object per line, and one frame lookup touches a few
 * cache lines instead of one per field.
 *
 * <p>Member {@code i} owns the slots {@code [i * STRS, (i + 1) * STRS)} of {@link #strs} and
 * {@code [i * INTS, (i + 1) * INTS)} of {@link #ints}. Members of a class occupy the contiguous
 * index range {@code [start, end)} of its {@link ClassEntry}, sorted by the hash of their
 * obfuscated name (then by the name, so equal names are adjacent), for a binary search on those
 * hashes, which {@link ClassTable} keeps in the class's record; within one name they keep file
 * order, which encodes inlining: innermost frame first, outermost caller last. All strings come
 * from one {@link NamePool}: equal strings of one mapping are the same instance.
 */
final class CompactMapping {
  /** Marks an absent minified or original line number. */
  static final int NONE = Integer.MIN_VALUE;

  static final int SYNTHESIZED = 1;
  static final int OUTLINE = 2;
  /** The original range was written as a single number ({@code :42}): a caller position. */
  static final int CARDINAL = 4;
  /** The member starts an inline chain (see {@link CompactMappingBuilder}). */
  static final int CHAIN_START = 8;
  /**
   * On the first member of a name's run: its minified ranges ascend without overlap (as R8 writes
   * them), so a position finds its chain by binary search.
   */
  static final int SORTED_RUN = 16;

  static final int STRS = 6;
  static final int OBF = 0;
  static final int HOLDER = 1;
  static final int NAME = 2;
  static final int RETURN_TYPE = 3;
  static final int PARAMS = 4;
  static final int SOURCE_FILE = 5;

  static final int INTS = 6;
  static final int MIN_START = 0;
  static final int MIN_END = 1;
  static final int ORIG_START = 2;
  static final int ORIG_END = 3;
  static final int FLAGS = 4;
  static final int META = 5;

  /** One class line and its metadata. */
  static final class ClassEntry {
    final String original;
    final String obfuscated;
    String sourceFile;
    boolean synthesized;
    /** Two member names of the class have one hash (see {@link CompactMapping#endOfName}). */
    boolean hashCollision;
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

  final ClassTable classes;
  /**
   * Per member: obfuscated name, holder class, name, return type, parameters, and the source file
   * R8 reports for the frame (see {@link CompactMappingBuilder#build}).
   */
  final String[] strs;
  /** Per member: minified start and end, original start and end, flags, meta index or -1. */
  final int[] ints;
  final MemberMeta[] metas;
  final List<String> mapVersions;
  final String pgMapId;
  final int skippedLines;
  final List<String> warnings;

  /** Takes the first {@code n} members of {@code strs} and {@code ints}, trimmed to size. */
  CompactMapping(ClassTable classes, int n, String[] strs, int[] ints, List<MemberMeta> metas,
      List<String> mapVersions, String pgMapId, int skippedLines, List<String> warnings) {
    this.classes = classes;
    this.strs = strs.length == n * STRS ? strs : Arrays.copyOf(strs, n * STRS);
    this.ints = ints.length == n * INTS ? ints : Arrays.copyOf(ints, n * INTS);
    this.metas = metas.toArray(new MemberMeta[0]);
    this.mapVersions = List.copyOf(mapVersions);
    this.pgMapId = pgMapId;
    this.skippedLines = skippedLines;
    this.warnings = List.copyOf(warnings);
  }

  int memberCount() {
    return ints.length / INTS;
  }

  /**
   * Index of the first member named {@code obf} of the class at record {@code rec} of
   * {@link #classes}, or -1. Binary search by hash.
   */
  int firstMember(int rec, String obf) {
    int h = obf.hashCode();
    int[] hashes = classes.records;
    int base = classes.memberHashes(rec);
    int start = classes.start(rec);
    int count = classes.end(rec) - start;
    int lo = 0;
    int hi = count;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (hashes[base + mid] < h) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    for (int k = lo; k < count && hashes[base + k] == h; k++) {
      if (obf.equals(strs[(start + k) * STRS + OBF])) {
        return start + k;
      }
    }
    return -1;
  }

  /**
   * One past the last member of the class at {@code rec} named like member {@code first}: the
   * end of its run of equal hashes, unless two names of the class share a hash. Then the names
   * decide; they are interned per mapping, so equal names are one instance.
   */
  int endOfName(int rec, int first) {
    int end = classes.end(rec);
    int i = first + 1;
    if (classes.hashCollision(rec)) {
      String n = strs[first * STRS + OBF];
      while (i < end && strs[i * STRS + OBF] == n) {
        i++;
      }
      return i;
    }
    int[] hashes = classes.records;
    int base = classes.memberHashes(rec) - classes.start(rec);
    int h = hashes[base + first];
    while (i < end && hashes[base + i] == h) {
      i++;
    }
    return i;
  }

  String str(int member, int field) {
    return strs[member * STRS + field];
  }

  int minStart(int member) {
    return ints[member * INTS + MIN_START];
  }

  int minEnd(int member) {
    return ints[member * INTS + MIN_END];
  }

  int origStart(int member) {
    return ints[member * INTS + ORIG_START];
  }

  int origEnd(int member) {
    return ints[member * INTS + ORIG_END];
  }

  boolean hasFlag(int member, int flag) {
    return (ints[member * INTS + FLAGS] & flag) != 0;
  }

  MemberMeta metaOf(int member) {
    int m = ints[member * INTS + META];
    return m < 0 ? null : metas[m];
  }
}
