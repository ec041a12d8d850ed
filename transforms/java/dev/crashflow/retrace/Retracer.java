package dev.crashflow.retrace;

import static dev.crashflow.retrace.CompactMapping.CARDINAL;
import static dev.crashflow.retrace.CompactMapping.NONE;
import static dev.crashflow.retrace.CompactMapping.OUTLINE;
import static dev.crashflow.retrace.CompactMapping.SYNTHESIZED;

import dev.crashflow.retrace.CompactMapping.ClassEntry;
import dev.crashflow.retrace.CompactMapping.MemberMeta;
import dev.crashflow.retrace.CompactMapping.RewriteRule;
import java.util.ArrayList;
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
    return obfuscatedName != null && m.classes.containsKey(obfuscatedName);
  }

  /**
   * Retraces one frame. Returns the alternatives (more than one when the mapping is ambiguous),
   * each a list of original frames innermost first, sorted as R8 prints them. A frame the mapping
   * does not know comes back unchanged as the single alternative; a frame R8 hides (a
   * compiler-synthesized method) gives an empty list.
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
    List<List<RetracedFrame>> alts = new ArrayList<>();
    for (List<RetracedFrame> alt : r.alternatives()) {
      if (!alt.isEmpty()
          && alts.stream().noneMatch(a -> a.get(0).equals(alt.get(0)))) {
        alts.add(alt);
      }
    }
    alts.sort(TOP_FRAME_ORDER);
    return alts;
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
    ClassEntry c = cls == null ? null : m.classes.get(cls);
    if (c == null) {
      return new FrameLookup(FrameLookup.Status.UNMAPPED_CLASS,
          List.of(List.of(new RetracedFrame(cls, method, null, null, pos >= 0 ? pos : null, null,
              false))), false, RetraceContext.EMPTY);
    }
    int lo = method == null ? -1 : m.firstMember(c, method);
    if (lo < 0) {
      return unknownMethod(c, method, pos);
    }
    List<int[]> chains = chains(lo, m.endOfName(c, lo));
    List<int[]> selected = select(chains, pos);
    if (ctx.rewritePosition() != null) {
      for (int[] chain : selected) {
        MemberMeta meta = m.metaOf(chain[1] - 1);
        if (meta != null && meta.callsiteFrom != null) {
          pos = mapCallsite(meta, ctx.rewritePosition());
          selected = select(chains, pos);
          break;
        }
      }
    }
    if (selected.isEmpty()) {
      return unknownMethod(c, method, pos);
    }
    boolean ambiguous = selected.size() > 1;
    List<List<RetracedFrame>> alts = new ArrayList<>();
    RetraceContext next = RetraceContext.EMPTY;
    for (int[] chain : selected) {
      int top = chain[0];
      int last = chain[1] - 1;
      if (m.hasFlag(last, OUTLINE)) {
        next = new RetraceContext(null, pos);
      }
      if (isRangeAmbiguous(top)) {
        int count = Math.min(m.origEnd[top] - m.origStart[top] + 1, MAX_EXPANSION);
        for (int k = 0; k < count; k++) {
          alts.add(buildChain(c, chain, pos, ambiguous, m.origStart[top] + k, ctx));
        }
      } else {
        alts.add(buildChain(c, chain, pos, ambiguous, NONE, ctx));
      }
    }
    return new FrameLookup(FrameLookup.Status.MAPPED, alts, ambiguous, next);
  }

  private FrameLookup unknownMethod(ClassEntry c, String method, int pos) {
    RetracedFrame f = new RetracedFrame(c.original, method, null, null, pos >= 0 ? pos : null,
        c.sourceFile, false);
    return new FrameLookup(FrameLookup.Status.UNKNOWN_METHOD, List.of(List.of(f)), false,
        RetraceContext.EMPTY);
  }

  /**
   * Splits the members [lo, hi) of one obfuscated name into inline chains: a chain starts at a
   * member without a minified range, at a new minified range, or at a member whose original range
   * is a real span (an inlinee or a method body), since callers carry a single position.
   */
  private List<int[]> chains(int lo, int hi) {
    List<int[]> chains = new ArrayList<>();
    int start = lo;
    for (int i = lo + 1; i <= hi; i++) {
      if (i == hi || startsChain(i)) {
        chains.add(new int[] {start, i});
        start = i;
      }
    }
    return chains;
  }

  private boolean startsChain(int i) {
    if (m.minStart[i] == NONE || m.minStart[i] != m.minStart[i - 1]
        || m.minEnd[i] != m.minEnd[i - 1]) {
      return true;
    }
    return !m.hasFlag(i, CARDINAL) && m.origStart[i] != NONE
        && !(m.origStart[i] == 0 && m.origEnd[i] == 0);
  }

  private List<int[]> select(List<int[]> chains, int pos) {
    List<int[]> out = new ArrayList<>();
    if (pos >= 0) {
      for (int[] ch : chains) {
        int t = ch[0];
        if (m.minStart[t] != NONE && m.minStart[t] <= pos && pos <= m.minEnd[t]) {
          out.add(ch);
        }
      }
      if (out.isEmpty()) {
        addWithoutRange(chains, out);
      }
      return out;
    }
    addWithoutRange(chains, out);
    if (out.isEmpty()) {
      for (int[] ch : chains) {
        if (m.minStart[ch[0]] == 0) {
          out.add(ch);
        }
      }
    }
    if (out.isEmpty()) {
      out.addAll(chains);
    }
    return out;
  }

  private void addWithoutRange(List<int[]> chains, List<int[]> out) {
    for (int[] ch : chains) {
      if (m.minStart[ch[0]] == NONE) {
        out.add(ch);
      }
    }
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
    if (m.hasFlag(top, CARDINAL) || m.origStart[top] == NONE
        || m.origEnd[top] <= m.origStart[top]) {
      return false;
    }
    return m.minStart[top] == NONE
        || m.minEnd[top] - m.minStart[top] != m.origEnd[top] - m.origStart[top];
  }

  private List<RetracedFrame> buildChain(ClassEntry c, int[] chain, int pos, boolean ambiguous,
      int topLine, RetraceContext ctx) {
    List<RetracedFrame> frames = new ArrayList<>(chain[1] - chain[0]);
    for (int i = chain[0]; i < chain[1]; i++) {
      Integer line = i == chain[0] && topLine != NONE ? Integer.valueOf(topLine)
          : originalLine(i, pos, ambiguous);
      String holder = m.holder[i] == null ? c.original : m.holder[i];
      frames.add(new RetracedFrame(holder, m.name[i], m.returnType[i], m.params[i], line,
          sourceFileOf(holder, c), true));
    }
    int remove = ctx.thrownClass() == null ? 0 : innerFramesToRemove(chain, ctx.thrownClass());
    int last = chain[1] - 1;
    boolean dropOuter = m.hasFlag(last, SYNTHESIZED) || m.hasFlag(last, OUTLINE);
    if (remove > frames.size()) {
      remove = 0; // An invalid rule: R8 warns and keeps the frames.
    }
    int to = frames.size() - (dropOuter ? 1 : 0);
    return remove >= to ? List.of() : List.copyOf(frames.subList(remove, to));
  }

  private Integer originalLine(int i, int pos, boolean ambiguous) {
    int os = m.origStart[i];
    int line;
    if (m.minStart[i] == NONE) {
      line = os != NONE && os > 0 ? os : (ambiguous ? NONE : pos);
    } else if (pos < 0 || pos < m.minStart[i] || pos > m.minEnd[i]) {
      line = !ambiguous && os != NONE ? os : NONE;
    } else if (os == NONE) {
      line = pos;
    } else if (m.hasFlag(i, CARDINAL) || m.origEnd[i] == os) {
      line = os;
    } else {
      line = os + (pos - m.minStart[i]);
    }
    return line > 0 ? Integer.valueOf(line) : null;
  }

  /** The sourceFile metadata for a frame's holder; R8 looks other holders up by their name. */
  private String sourceFileOf(String holder, ClassEntry c) {
    if (holder.equals(c.original)) {
      return c.sourceFile;
    }
    ClassEntry other = m.classes.get(holder);
    return other == null ? null : other.sourceFile;
  }

  private int innerFramesToRemove(int[] chain, String thrownClass) {
    String descriptor = "L" + thrownClass.replace('.', '/') + ";";
    int remove = 0;
    for (int i = chain[0]; i < chain[1]; i++) {
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
