package dev.crashflow.retrace;

import static dev.crashflow.retrace.CompactMapping.CARDINAL;
import static dev.crashflow.retrace.CompactMapping.CHAIN_START;
import static dev.crashflow.retrace.CompactMapping.HOLDER;
import static dev.crashflow.retrace.CompactMapping.NAME;
import static dev.crashflow.retrace.CompactMapping.NONE;
import static dev.crashflow.retrace.CompactMapping.OUTLINE;
import static dev.crashflow.retrace.CompactMapping.PARAMS;
import static dev.crashflow.retrace.CompactMapping.RETURN_TYPE;
import static dev.crashflow.retrace.CompactMapping.SOURCE_FILE;
import static dev.crashflow.retrace.CompactMapping.SORTED_RUN;
import static dev.crashflow.retrace.CompactMapping.SYNTHESIZED;

import dev.crashflow.retrace.CompactMapping.ClassEntry;
import dev.crashflow.retrace.CompactMapping.MemberMeta;
import dev.crashflow.retrace.CompactMapping.RewriteRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Retraces obfuscated class names and frames against one parsed mapping (see
 * {@link MappingFile}). Immutable and thread-safe.
 *
 * <p>Frame lookup follows R8 retrace: member lines with the same obfuscated name and minified range
 * form one inline chain (innermost first); a frame position selects the chains whose range holds
 * it, else the entries without a range; a frame without a position prefers entries without a range,
 * then ranges holding 0, then all. Several chains make the frame ambiguous. Synthesized outermost
 * frames and outline frames are hidden; R8's {@code rewriteFrame} rules drop inner frames.
 */
public final class Retracer {
  /** Upper bound on alternatives from one ambiguous original range, against hostile mappings. */
  private static final int MAX_EXPANSION = 256;

  private final CompactMapping m;

  Retracer(CompactMapping mapping) {
    this.m = mapping;
  }

  /** The original name of an obfuscated class, or the name itself when the mapping lacks it. */
  public String retraceClass(String obfuscatedName) {
    ClassEntry c = obfuscatedName == null ? null : m.classes.get(obfuscatedName);
    return c == null ? obfuscatedName : c.original;
  }

  /** Whether the mapping has a class line for this obfuscated name. */
  public boolean hasClass(String obfuscatedName) {
    return obfuscatedName != null && m.classes.find(obfuscatedName) >= 0;
  }

  /**
   * Retraces one frame. Returns the alternatives (more than one when the mapping is ambiguous),
   * each a list of original frames innermost first, sorted as R8 prints them. A frame the mapping
   * does not know comes back unchanged as the single alternative; a frame R8 hides (a
   * compiler-synthesized method) gives an empty list. The lists are unmodifiable.
   *
   * @param line the obfuscated line number, null or negative when the frame has none
   */
  public List<List<RetracedFrame>> retraceFrame(String className, String methodName,
      Integer line) {
    return distinctSorted(lookupFrame(className, methodName, line == null ? -1 : line,
        RetraceContext.EMPTY));
  }

  /** A lookup's non-empty alternatives with distinct top frames, in R8's order. */
  static List<List<RetracedFrame>> distinctSorted(FrameLookup r) {
    List<List<RetracedFrame>> found = r.alternatives();
    if (found.size() == 1) {
      return found.get(0).isEmpty() ? List.of() : found; // lookupFrame made it with List.of
    }
    List<List<RetracedFrame>> alts = new ArrayList<>(found.size());
    for (List<RetracedFrame> alt : found) {
      if (!alt.isEmpty() && !sameTop(alts, alt.get(0))) {
        alts.add(alt);
      }
    }
    alts.sort(TOP_FRAME_ORDER);
    return Collections.unmodifiableList(alts);
  }

  private static boolean sameTop(List<List<RetracedFrame>> alts, RetracedFrame top) {
    for (List<RetracedFrame> a : alts) {
      if (a.get(0).equals(top)) {
        return true;
      }
    }
    return false;
  }

  /** R8's order of ambiguous alternatives: by class, then method signature, then line. */
  static final Comparator<List<RetracedFrame>> TOP_FRAME_ORDER = Comparator
      .comparing((List<RetracedFrame> a) -> a.get(0).className())
      .thenComparing(a -> a.get(0).signature())
      .thenComparing(a -> a.get(0).line(), Comparator.nullsFirst(Comparator.naturalOrder()));

  /** Number of classes in the mapping. */
  public int classCount() {
    return m.classes.size();
  }

  /** Number of method member lines kept (fields are not kept). */
  public int memberCount() {
    return m.memberCount();
  }

  /** The R8 map versions declared in the file, in order (usually zero or one). */
  public List<String> mapVersions() {
    return m.mapVersions;
  }

  /** The {@code pg_map_id} declared in the file, or null. */
  public String pgMapId() {
    return m.pgMapId;
  }

  /** Lines skipped by {@link MappingFile#parseLenient}. */
  public int skippedLines() {
    return m.skippedLines;
  }

  /** The first messages about skipped lines. */
  public List<String> warnings() {
    return m.warnings;
  }

  FrameLookup lookupFrame(String cls, String method, int pos, RetraceContext ctx) {
    int rec = cls == null ? -1 : m.classes.find(cls);
    if (rec < 0) {
      return new FrameLookup(FrameLookup.Status.UNMAPPED_CLASS,
          List.of(List.of(new RetracedFrame(cls, method, null, null, boxLine(pos), null, false))),
          false, RetraceContext.EMPTY);
    }
    int lo = method == null ? -1 : m.firstMember(rec, method);
    if (lo < 0) {
      return unknownMethod(rec, method, pos);
    }
    int hi = m.endOfName(rec, lo);
    int[] selected = select(lo, hi, pos);
    if (ctx.rewritePosition() != null) {
      for (int top : selected) {
        MemberMeta meta = m.metaOf(chainEnd(top, hi) - 1);
        if (meta != null && meta.callsiteFrom != null) {
          pos = mapCallsite(meta, ctx.rewritePosition());
          selected = select(lo, hi, pos);
          break;
        }
      }
    }
    if (selected.length == 0) {
      return unknownMethod(rec, method, pos);
    }
    boolean ambiguous = selected.length > 1;
    List<RetracedFrame> only = null; // the usual single alternative, without a list around it
    List<List<RetracedFrame>> alts = null;
    RetraceContext next = RetraceContext.EMPTY;
    for (int top : selected) {
      int end = chainEnd(top, hi);
      if (m.hasFlag(end - 1, OUTLINE)) {
        next = new RetraceContext(null, pos);
      }
      boolean rangeAmbiguous = isRangeAmbiguous(top);
      int count = rangeAmbiguous
          ? Math.min(m.origEnd(top) - m.origStart(top) + 1, MAX_EXPANSION) : 1;
      for (int k = 0; k < count; k++) {
        List<RetracedFrame> chain =
            buildChain(top, end, pos, ambiguous, rangeAmbiguous ? m.origStart(top) + k : NONE, ctx);
        if (only == null && alts == null) {
          only = chain;
        } else {
          if (alts == null) {
            alts = new ArrayList<>();
            alts.add(only);
          }
          alts.add(chain);
        }
      }
    }
    return new FrameLookup(FrameLookup.Status.MAPPED, alts != null ? alts : List.of(only),
        ambiguous, next);
  }

  private FrameLookup unknownMethod(int rec, String method, int pos) {
    ClassEntry c = m.classes.entry(rec);
    RetracedFrame f = new RetracedFrame(c.original, method, null, null, boxLine(pos),
        c.sourceFile, false);
    return new FrameLookup(FrameLookup.Status.UNKNOWN_METHOD, List.of(List.of(f)), false,
        RetraceContext.EMPTY);
  }

  /** One past the last member of the inline chain starting at {@code top}. */
  private int chainEnd(int top, int hi) {
    int i = top + 1;
    while (i < hi && !m.hasFlag(i, CHAIN_START)) {
      i++;
    }
    return i;
  }

  /**
   * The first members of the inline chains among members [lo, hi) (one obfuscated name) that a
   * frame position selects: the chains whose minified range holds it, else the entries without a
   * range; without a position, the entries without a range, else ranges holding 0, else all.
   */
  private int[] select(int lo, int hi, int pos) {
    if (pos >= 0) {
      int[] out = m.hasFlag(lo, SORTED_RUN) ? chainHolding(lo, hi, pos)
          : chainTops(lo, hi, IN_RANGE, pos);
      return out.length > 0 ? out : chainTops(lo, hi, STARTS_AT, NONE);
    }
    int[] out = chainTops(lo, hi, STARTS_AT, NONE);
    if (out.length == 0) {
      out = chainTops(lo, hi, STARTS_AT, 0);
    }
    return out.length > 0 ? out : chainTops(lo, hi, ANY, 0);
  }

  private static final int IN_RANGE = 0;
  private static final int STARTS_AT = 1;
  private static final int ANY = 2;
  private static final int[] NO_CHAINS = {};

  /**
   * In a {@link CompactMapping#SORTED_RUN}: the one chain whose range holds {@code pos}, found by
   * binary search for the last member starting at or before it, or none.
   */
  private int[] chainHolding(int lo, int hi, int pos) {
    int a = lo;
    int b = hi;
    while (a < b) {
      int mid = (a + b) >>> 1;
      if (m.minStart(mid) <= pos) { // NONE, the smallest int, sorts first
        a = mid + 1;
      } else {
        b = mid;
      }
    }
    int top = a - 1;
    if (top < lo || m.minStart(top) == NONE) {
      return NO_CHAINS;
    }
    while (!m.hasFlag(top, CHAIN_START)) {
      top--;
    }
    return pos <= m.minEnd(top) ? new int[] {top} : NO_CHAINS;
  }

  /** The chain tops in [lo, hi) that pass a test, in an exact array (usually of one). */
  private int[] chainTops(int lo, int hi, int test, int value) {
    int first = -1;
    int count = 0;
    for (int i = lo; i < hi; i++) {
      if (m.hasFlag(i, CHAIN_START) && passes(i, test, value)) {
        first = count++ == 0 ? i : first;
      }
    }
    if (count <= 1) {
      return count == 0 ? NO_CHAINS : new int[] {first};
    }
    int[] out = new int[count];
    int k = 0;
    for (int i = first; k < count; i++) {
      if (m.hasFlag(i, CHAIN_START) && passes(i, test, value)) {
        out[k++] = i;
      }
    }
    return out;
  }

  private boolean passes(int i, int test, int value) {
    int start = m.minStart(i);
    return switch (test) {
      case IN_RANGE -> start != NONE && start <= value && value <= m.minEnd(i);
      case STARTS_AT -> start == value;
      default -> true;
    };
  }

  private static int mapCallsite(MemberMeta meta, int position) {
    for (int k = 0; k < meta.callsiteFrom.length; k++) {
      if (meta.callsiteFrom[k] == position) {
        return meta.callsiteTo[k];
      }
    }
    return position;
  }

  /** An original span that the minified range cannot map line by line: each line is possible. */
  private boolean isRangeAmbiguous(int top) {
    if (m.hasFlag(top, CARDINAL) || m.origStart(top) == NONE
        || m.origEnd(top) <= m.origStart(top)) {
      return false;
    }
    return m.minStart(top) == NONE
        || m.minEnd(top) - m.minStart(top) != m.origEnd(top) - m.origStart(top);
  }

  private List<RetracedFrame> buildChain(int top, int end, int pos, boolean ambiguous,
      int topLine, RetraceContext ctx) {
    int remove = ctx.thrownClass() == null ? 0 : innerFramesToRemove(top, end, ctx.thrownClass());
    boolean dropOuter = m.hasFlag(end - 1, SYNTHESIZED) || m.hasFlag(end - 1, OUTLINE);
    if (remove > end - top) {
      remove = 0; // An invalid rule: R8 warns and keeps the frames.
    }
    int to = end - (dropOuter ? 1 : 0);
    int from = top + remove;
    if (from >= to) {
      return List.of();
    }
    if (to - from == 1) {
      return List.of(frame(from, top, pos, ambiguous, topLine));
    }
    RetracedFrame[] frames = new RetracedFrame[to - from];
    for (int i = from; i < to; i++) {
      frames[i - from] = frame(i, top, pos, ambiguous, topLine);
    }
    return List.of(frames);
  }

  private RetracedFrame frame(int i, int top, int pos, boolean ambiguous, int topLine) {
    Integer line = i == top && topLine != NONE ? boxLine(topLine)
        : originalLine(i, pos, ambiguous);
    return new RetracedFrame(m.str(i, HOLDER), m.str(i, NAME), m.str(i, RETURN_TYPE),
        m.str(i, PARAMS), line, m.str(i, SOURCE_FILE), true);
  }

  private Integer originalLine(int i, int pos, boolean ambiguous) {
    int os = m.origStart(i);
    int line;
    if (m.minStart(i) == NONE) {
      line = os != NONE && os > 0 ? os : (ambiguous ? NONE : pos);
    } else if (pos < 0 || pos < m.minStart(i) || pos > m.minEnd(i)) {
      line = !ambiguous && os != NONE ? os : NONE;
    } else if (os == NONE) {
      line = pos;
    } else if (m.hasFlag(i, CARDINAL) || m.origEnd(i) == os) {
      line = os;
    } else {
      line = os + (pos - m.minStart(i));
    }
    return line > 0 ? boxLine(line) : null;
  }

  /** Boxed line numbers of ordinary size, shared: most frames would otherwise allocate one. */
  private static final Integer[] LINES = new Integer[4096];

  static {
    for (int i = 0; i < LINES.length; i++) {
      LINES[i] = i;
    }
  }

  /** The boxed line, or null for a negative (absent) one. */
  private static Integer boxLine(int line) {
    if (line < 0) {
      return null;
    }
    return line < LINES.length ? LINES[line] : Integer.valueOf(line);
  }

  private int innerFramesToRemove(int top, int end, String thrownClass) {
    String descriptor = "L" + thrownClass.replace('.', '/') + ";";
    int remove = 0;
    for (int i = top; i < end; i++) {
      MemberMeta meta = m.metaOf(i);
      if (meta == null || meta.rewrites == null) {
        continue;
      }
      for (RewriteRule rule : meta.rewrites) {
        String wanted = "throws(" + descriptor + ")";
        if (rule.conditions().stream().allMatch(wanted::equals)) {
          for (String action : rule.actions()) {
            remove += removeCount(action);
          }
        }
      }
    }
    return remove;
  }

  private static int removeCount(String action) {
    if (action.startsWith("removeInnerFrames(") && action.endsWith(")")) {
      try {
        return Integer.parseInt(action.substring("removeInnerFrames(".length(),
            action.length() - 1).trim());
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return 0;
  }
}
