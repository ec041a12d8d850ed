package dev.crashflow.retrace;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The parsed mapping in a compact, array-based form: two flat arrays hold every member line of the
 * file (its strings, and its numbers), so a 50 MB mapping costs a few million array slots and
 * shared (interned) strings rather than an object per line, and one frame lookup touches a few
 * cache lines instead of one per field.
 *
 * <p>Member {@code i} owns the slots {@code [i * STRS, (i + 1) * STRS)} of {@link #strs} and
 * {@code [i * INTS, (i + 1) * INTS)} of {@link #ints}. Members of a class occupy the contiguous
 * index range {@code [start, end)} of its {@link ClassEntry}, sorted by the hash of their
 * obfuscated name (then by the name, so equal names are adjacent) for a binary search on an
 * {@code int[]}; within one name they keep file order, which encodes inlining: innermost frame
 * first, outermost caller last. All strings come from one {@link NamePool}: equal strings of one
 * mapping are the same instance.
 */
final class CompactMapping {
  /** Marks an absent minified or original line number. */
  static final int NONE = Integer.MIN_VALUE;

  static final int SYNTHESIZED = 1;
  static final int OUTLINE = 2;
  /** The original range was written as a single number ({@code :42}): a caller position. */
  static final int CARDINAL = 4;
  /** The member starts an inline chain (see {@link Builder#startsChain}). */
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
   * R8 reports for the frame (see {@link Builder#build}).
   */
  final String[] strs;
  /** Per member: minified start and end, original start and end, flags, meta index or -1. */
  final int[] ints;
  final MemberMeta[] metas;
  final List<String> mapVersions;
  final String pgMapId;
  final int skippedLines;
  final List<String> warnings;

  private CompactMapping(ClassTable classes, Builder b, List<MemberMeta> metas,
      List<String> mapVersions, String pgMapId, int skippedLines, List<String> warnings) {
    this.classes = classes;
    boolean exact = b.n == b.hash.length;
    this.strs = exact ? b.strs : Arrays.copyOf(b.strs, b.n * STRS);
    this.ints = exact ? b.ints : Arrays.copyOf(b.ints, b.n * INTS);
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

  /**
   * Collects member lines while a file is parsed: grows the flat arrays, and when a class is
   * complete spreads its synthesized flags, sorts its members and marks its inline chains.
   */
  static final class Builder {
    private int n;
    private String[] strs;
    private int[] ints;
    private int[] hash;
    // Scratch for sorting one class, reused from class to class.
    private long[] keys = new long[64];
    private int[] order = new int[64];
    private String[] sortedStrs = new String[64 * STRS];
    private int[] sortedInts = new int[64 * INTS];
    private int[] sortedHash = new int[64];

    /** @param expected members expected (a guess: the arrays grow past it, and are trimmed) */
    Builder(int expected) {
      int cap = Math.max(1024, expected);
      strs = new String[cap * STRS];
      ints = new int[cap * INTS];
      hash = new int[cap];
    }

    int size() {
      return n;
    }

    /** Appends a member ({@code obfHash} is {@code obf.hashCode()}); returns its index. */
    int add(String obf, int obfHash, String holder, String name, String returnType, String params,
        int minStart, int minEnd, int origStart, int origEnd, int flags) {
      if (n == hash.length) {
        int cap = n + (n >> 1);
        strs = Arrays.copyOf(strs, cap * STRS);
        ints = Arrays.copyOf(ints, cap * INTS);
        hash = Arrays.copyOf(hash, cap);
      }
      int s = n * STRS;
      strs[s + OBF] = obf;
      strs[s + HOLDER] = holder;
      strs[s + NAME] = name;
      strs[s + RETURN_TYPE] = returnType;
      strs[s + PARAMS] = params;
      int k = n * INTS;
      ints[k + MIN_START] = minStart;
      ints[k + MIN_END] = minEnd;
      ints[k + ORIG_START] = origStart;
      ints[k + ORIG_END] = origEnd;
      ints[k + FLAGS] = flags;
      ints[k + META] = -1;
      hash[n] = obfHash;
      return n++;
    }

    void addFlag(int member, int flag) {
      ints[member * INTS + FLAGS] |= flag;
    }

    int meta(int member) {
      return ints[member * INTS + META];
    }

    void setMeta(int member, int metaIndex) {
      ints[member * INTS + META] = metaIndex;
    }

    /**
     * Closes the class whose members are {@code [from, n)}; returns whether two of its member
     * names share a hash.
     */
    boolean finishClass(int from) {
      spreadSynthesized(from);
      boolean collision = sortByName(from, n);
      for (int i = from; i < n; i++) {
        if (i == from || obf(i) != obf(i - 1) || startsChain(i)) {
          addFlag(i, CHAIN_START);
        }
      }
      for (int lo = from, hi; lo < n; lo = hi) {
        hi = lo + 1;
        while (hi < n && obf(hi) == obf(lo)) {
          hi++;
        }
        if (rangesAscend(lo, hi)) {
          addFlag(lo, SORTED_RUN);
        }
      }
      return collision;
    }

    /**
     * Whether the chains of members [lo, hi) have ascending, disjoint minified ranges, after any
     * without a range (members of one chain share its range).
     */
    private boolean rangesAscend(int lo, int hi) {
      boolean ranged = false;
      int lastEnd = 0;
      for (int i = lo; i < hi; i++) {
        int start = get(i, MIN_START);
        if (start == NONE) {
          if (ranged) {
            return false;
          }
        } else if ((get(i, FLAGS) & CHAIN_START) != 0) {
          if (ranged && start <= lastEnd) {
            return false;
          }
          ranged = true;
          lastEnd = get(i, MIN_END);
        }
      }
      return true;
    }

    /**
     * Completes each member of a class with its holder (the class itself when the name was not
     * qualified) and the source file R8 reports for it: the class's own, or for a method of
     * another class, the file of the class whose obfuscated name equals that holder (R8 looks
     * the holder up as an obfuscated name), usually none. Call once every class is known.
     */
    CompactMapping build(Collection<ClassEntry> classEntries, List<MemberMeta> metas,
        List<String> mapVersions, String pgMapId, int skippedLines, List<String> warnings) {
      ClassTable classes = new ClassTable(classEntries, hash);
      for (ClassEntry c : classEntries) {
        for (int i = c.start; i < c.end; i++) {
          int s = i * STRS;
          if (strs[s + HOLDER] == null) {
            strs[s + HOLDER] = c.original;
            strs[s + SOURCE_FILE] = c.sourceFile;
          } else {
            ClassEntry other = classes.get(strs[s + HOLDER]);
            strs[s + SOURCE_FILE] = other == null ? null : other.sourceFile;
          }
        }
      }
      return new CompactMapping(classes, this, metas, mapVersions, pgMapId, skippedLines,
          warnings);
    }

    private String obf(int i) {
      return strs[i * STRS + OBF];
    }

    private int get(int i, int field) {
      return ints[i * INTS + field];
    }

    /**
     * Whether member {@code i}, following a member of the same name, opens a new inline chain: it
     * has no minified range, a new one, or an original range that is a real span (an inlinee or
     * a method body), since callers carry a single position.
     */
    private boolean startsChain(int i) {
      if (get(i, MIN_START) == NONE || get(i, MIN_START) != get(i - 1, MIN_START)
          || get(i, MIN_END) != get(i - 1, MIN_END)) {
        return true;
      }
      return (get(i, FLAGS) & CARDINAL) == 0 && get(i, ORIG_START) != NONE
          && !(get(i, ORIG_START) == 0 && get(i, ORIG_END) == 0);
    }

    /** R8 treats "synthesized" as a property of the method: every range of it is synthesized. */
    private void spreadSynthesized(int from) {
      Set<List<String>> synthesized = null;
      for (int i = from; i < n; i++) {
        if ((get(i, FLAGS) & SYNTHESIZED) != 0) {
          if (synthesized == null) {
            synthesized = new HashSet<>();
          }
          synthesized.add(method(i));
        }
      }
      if (synthesized != null) {
        for (int i = from; i < n; i++) {
          if (synthesized.contains(method(i))) {
            addFlag(i, SYNTHESIZED);
          }
        }
      }
    }

    /** The method of member {@code i}: holder (null for the class), name, return type, params. */
    private List<String> method(int i) {
      int s = i * STRS;
      return Arrays.asList(strs[s + HOLDER], strs[s + NAME], strs[s + RETURN_TYPE],
          strs[s + PARAMS]);
    }

    /**
     * Sorts members [from, to) by name hash, then name, keeping file order within a name; returns
     * whether distinct names share a hash.
     */
    private boolean sortByName(int from, int to) {
      int count = to - from;
      boolean sorted = true;
      for (int i = from + 1; i < to && sorted; i++) {
        sorted = hash[i - 1] < hash[i] || hash[i - 1] == hash[i] && obf(i - 1) == obf(i);
      }
      if (sorted) {
        return false; // equal hashes are adjacent here, and all belong to one name
      }
      if (keys.length < count) {
        int cap = Integer.highestOneBit(count) << 1;
        keys = new long[cap];
        order = new int[cap];
        sortedStrs = new String[cap * STRS];
        sortedInts = new int[cap * INTS];
        sortedHash = new int[cap];
      }
      // (hash, file position) in one long: a primitive sort that is stable by construction.
      for (int i = 0; i < count; i++) {
        keys[i] = (long) hash[from + i] << 32 | i;
      }
      Arrays.sort(keys, 0, count);
      for (int i = 0; i < count; i++) {
        order[i] = from + (int) keys[i];
      }
      boolean collision = separateCollisions(count);
      for (int k = 0; k < count; k++) {
        int i = order[k];
        System.arraycopy(strs, i * STRS, sortedStrs, k * STRS, STRS);
        System.arraycopy(ints, i * INTS, sortedInts, k * INTS, INTS);
        sortedHash[k] = hash[i];
      }
      System.arraycopy(sortedStrs, 0, strs, from * STRS, count * STRS);
      System.arraycopy(sortedInts, 0, ints, from * INTS, count * INTS);
      System.arraycopy(sortedHash, 0, hash, from, count);
      Arrays.fill(sortedStrs, 0, count * STRS, null);
      return collision;
    }

    /**
     * Distinct names with one hash: orders them by name too (stable) so each name is a run.
     * Returns whether there were any.
     */
    private boolean separateCollisions(int count) {
      boolean any = false;
      for (int a = 0; a < count; ) {
        int b = a + 1;
        boolean mixed = false;
        while (b < count && hash[order[b]] == hash[order[a]]) {
          mixed |= obf(order[b]) != obf(order[a]);
          b++;
        }
        if (mixed) {
          any = true;
          Integer[] run = new Integer[b - a];
          for (int k = 0; k < run.length; k++) {
            run[k] = order[a + k];
          }
          Arrays.sort(run, (x, y) -> obf(x).compareTo(obf(y))); // TimSort: stable
          for (int k = 0; k < run.length; k++) {
            order[a + k] = run[k];
          }
        }
        a = b;
      }
      return any;
    }
  }
}
