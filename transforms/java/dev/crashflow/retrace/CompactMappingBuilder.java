package dev.crashflow.retrace;

import static dev.crashflow.retrace.CompactMapping.CARDINAL;
import static dev.crashflow.retrace.CompactMapping.CHAIN_START;
import static dev.crashflow.retrace.CompactMapping.FLAGS;
import static dev.crashflow.retrace.CompactMapping.HOLDER;
import static dev.crashflow.retrace.CompactMapping.INTS;
import static dev.crashflow.retrace.CompactMapping.META;
import static dev.crashflow.retrace.CompactMapping.MIN_END;
import static dev.crashflow.retrace.CompactMapping.MIN_START;
import static dev.crashflow.retrace.CompactMapping.NAME;
import static dev.crashflow.retrace.CompactMapping.NONE;
import static dev.crashflow.retrace.CompactMapping.OBF;
import static dev.crashflow.retrace.CompactMapping.ORIG_END;
import static dev.crashflow.retrace.CompactMapping.ORIG_START;
import static dev.crashflow.retrace.CompactMapping.PARAMS;
import static dev.crashflow.retrace.CompactMapping.RETURN_TYPE;
import static dev.crashflow.retrace.CompactMapping.SORTED_RUN;
import static dev.crashflow.retrace.CompactMapping.SOURCE_FILE;
import static dev.crashflow.retrace.CompactMapping.STRS;
import static dev.crashflow.retrace.CompactMapping.SYNTHESIZED;

import dev.crashflow.retrace.CompactMapping.ClassEntry;
import dev.crashflow.retrace.CompactMapping.MemberMeta;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects member lines while a file is parsed: grows the flat arrays, and when a class is
 * complete spreads its synthesized flags, sorts its members and marks its inline chains.
 */
final class CompactMappingBuilder {
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
  CompactMappingBuilder(int expected) {
    int cap = Math.max(1024, expected);
    strs = new String[cap * STRS];
    ints = new int[cap * INTS];
    hash = new int[cap];
  }

  int size() {
    return n;
  }

  /**
   * Appends a member ({@code obfHash} is {@code obf.hashCode()}; a null holder is the class
   * itself, filled in by {@link #build}); returns its index.
   */
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
    return new CompactMapping(classes, n, strs, ints, metas, mapVersions, pgMapId, skippedLines,
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
