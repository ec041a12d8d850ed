package dev.crashflow.retrace;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Retraces Java stack trace text line by line and prints it the way R8's {@code retrace} does:
 * frames are rewritten in place (class, method, file, line), inlined frames expand to several
 * lines, ambiguous alternatives after the first are prefixed with {@code <OR>}, exception class
 * names in headers, {@code Caused by:} and {@code Suppressed:} lines are deobfuscated, and every
 * other line is kept as it is. Never throws for any input text.
 */
public final class StackTraceRetracer {
  private final Retracer retracer;
  private final boolean verbose;

  /** A retracer printing method names only, or full signatures when {@code verbose}. */
  public StackTraceRetracer(Retracer retracer, boolean verbose) {
    this.retracer = retracer;
    this.verbose = verbose;
  }

  /** Retraces a whole stack trace text; lines end with '\n' in the output. */
  public static String retrace(Retracer retracer, String stackTraceText, boolean verbose) {
    StackTraceRetracer r = new StackTraceRetracer(retracer, verbose);
    StringBuilder out = new StringBuilder();
    for (String line : r.retraceLines(stackTraceText.lines().toList())) {
      out.append(line).append('\n');
    }
    return out.toString();
  }

  /** Retraces lines; the output may have more lines (inlining, ambiguity) or fewer. */
  public List<String> retraceLines(List<String> lines) {
    List<String> out = new ArrayList<>(lines.size());
    RetraceContext ctx = RetraceContext.EMPTY;
    for (String line : lines) {
      try {
        ctx = retraceLine(line, ctx, out);
      } catch (RuntimeException | StackOverflowError e) {
        // A retracer bug must not lose the crash: keep the line as it was.
        out.add(line);
        ctx = RetraceContext.EMPTY;
      }
    }
    return out;
  }

  private RetraceContext retraceLine(String line, RetraceContext ctx, List<String> out) {
    StackTraceLine.Frame f = StackTraceLine.parseFrame(line);
    if (f != null) {
      return retraceFrame(line, f, ctx, out);
    }
    int[] cls = StackTraceLine.parseClassLine(line);
    if (cls == null) {
      out.add(line);
      return RetraceContext.EMPTY;
    }
    String obfuscated = line.substring(cls[0], cls[1]);
    String original = retracer.retraceClass(obfuscated);
    out.add(line.substring(0, cls[0]) + original + line.substring(cls[1]));
    return new RetraceContext(original, null);
  }

  private RetraceContext retraceFrame(String line, StackTraceLine.Frame f, RetraceContext ctx,
      List<String> out) {
    String cls = line.substring(f.classStart(), f.classEnd());
    String method = line.substring(f.classEnd() + 1, f.methodEnd());
    String lineText = f.lineStart() < 0 ? "" : line.substring(f.lineStart(), f.lineEnd());
    int pos = parsePosition(lineText);
    FrameLookup r = retracer.lookupFrame(cls, method, pos, ctx);
    if (r.status() == FrameLookup.Status.UNMAPPED_CLASS) {
      out.add(line);
      return RetraceContext.EMPTY;
    }
    String file = line.substring(f.fileStart(), f.fileEnd());
    List<List<RetracedFrame>> alts = new ArrayList<>();
    for (List<RetracedFrame> alt : r.alternatives()) {
      if (!alt.isEmpty()) {
        alts.add(alt);
      }
    }
    alts.sort(Retracer.TOP_FRAME_ORDER);
    // Render, dropping alternatives whose top frame prints the same as an earlier one.
    List<List<String>> rendered = new ArrayList<>();
    Set<String> tops = new LinkedHashSet<>();
    for (List<RetracedFrame> alt : alts) {
      List<String> lines = new ArrayList<>(alt.size());
      for (RetracedFrame frame : alt) {
        lines.add(render(line, f, frame, file, lineText, pos, r.ambiguous()));
      }
      if (tops.add(lines.get(0))) {
        rendered.add(lines);
      }
    }
    emitInterleaved(rendered, out);
    return r.next();
  }

  /**
   * Prints alternatives depth by depth: all distinct top frames (the later ones with
   * {@code <OR>}), then all distinct callers one level out, and so on, as R8 prints them.
   */
  private static void emitInterleaved(List<List<String>> alts, List<String> out) {
    int depth = 0;
    for (List<String> alt : alts) {
      depth = Math.max(depth, alt.size());
    }
    for (int d = 0; d < depth; d++) {
      Set<String> level = new LinkedHashSet<>();
      for (List<String> alt : alts) {
        if (d < alt.size()) {
          level.add(alt.get(d));
        }
      }
      boolean first = true;
      for (String s : level) {
        out.add(first ? s : insertOr(s));
        first = false;
      }
    }
  }

  private static String insertOr(String s) {
    int at = s.indexOf("at ");
    if (at < 0) {
      at = 0;
      while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
        at++;
      }
    }
    return s.substring(0, at) + "<OR> " + s.substring(at);
  }

  private String render(String line, StackTraceLine.Frame f, RetracedFrame frame, String file,
      String lineText, int pos, boolean ambiguous) {
    StringBuilder b = new StringBuilder(line.length() + 32);
    b.append(line, 0, f.classStart()).append(frame.className()).append('.');
    b.append(verbose ? frame.signature() : frame.methodName());
    b.append(line, f.methodEnd(), f.fileStart());
    b.append(frame.fileName(file));
    boolean printLine = frame.line() != null && (pos >= 0 || !ambiguous || verbose);
    if (printLine) {
      b.append(':').append(frame.line());
    } else if (!frame.known() && !lineText.isEmpty()) {
      // A frame the mapping does not know keeps its line; a known one without a line has none.
      b.append(':').append(lineText);
    }
    b.append(line, f.lineStart() < 0 ? f.fileEnd() : f.lineEnd(), line.length());
    return b.toString();
  }

  private static int parsePosition(String lineText) {
    if (lineText.isEmpty() || lineText.length() > 9) {
      return -1;
    }
    return Integer.parseInt(lineText);
  }
}
