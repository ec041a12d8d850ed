package dev.crashflow.retrace;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Java stack trace text as {@code Throwable.printStackTrace} prints it, and as R8 retrace prints
 * it back, parsed for comparisons: one {@link Block} per exception of the cause chain, each frame
 * position holding its alternatives (more than one after {@code <OR>} lines). Test helper; handles
 * the {@code Caused by:} chain, not {@code Suppressed:} blocks.
 */
final class JavaTraces {
  private static final Pattern FRAME = Pattern.compile("^\\s*(<OR> )?at (?:([^\\s/()]+)/)?"
      + "([^\\s()]+)\\.([^\\s.()]+)\\(([^:()]*)(?::(\\d+))?\\)\\s*$");
  private static final Pattern MORE = Pattern.compile("^\\s*\\.\\.\\. (\\d+) more\\s*$");
  private static final Pattern THREAD = Pattern.compile("^Exception in thread \"[^\"]*\" ");

  /** One printed frame; {@code module} is e.g. {@code java.base}, null for classpath classes. */
  record StackFrame(String module, String className, String method, String file, Integer line) {
    @Override
    public String toString() {
      return className + "." + method + "(" + file + (line == null ? "" : ":" + line) + ")";
    }
  }

  /**
   * One exception: its header line, its frames innermost first (each a list of alternatives, the
   * printed one first) and how many frames {@code ... N more} left out.
   */
  record Block(String header, List<List<StackFrame>> frames, int more) {
    /** The exception class named by the header. */
    String exceptionClass() {
      String h = THREAD.matcher(header).replaceFirst("");
      h = h.startsWith("Caused by: ") ? h.substring("Caused by: ".length()) : h;
      int colon = h.indexOf(": ");
      return (colon < 0 ? h : h.substring(0, colon)).trim();
    }

    /** The exception message, or null. */
    String message() {
      String h = THREAD.matcher(header).replaceFirst("");
      h = h.startsWith("Caused by: ") ? h.substring("Caused by: ".length()) : h;
      int colon = h.indexOf(": ");
      return colon < 0 ? null : h.substring(colon + 2);
    }

    /** The printed (first) alternative of every frame. */
    List<StackFrame> printed() {
      return frames.stream().map(alternatives -> alternatives.get(0)).toList();
    }
  }

  private JavaTraces() {}

  /** A frame line, or null for any other line. */
  static StackFrame frame(String line) {
    Matcher m = FRAME.matcher(line);
    if (!m.matches()) {
      return null;
    }
    return new StackFrame(m.group(2), m.group(3), m.group(4), m.group(5),
        m.group(6) == null ? null : Integer.valueOf(m.group(6)));
  }

  /** Parses trace text; frame lines before any header, and blank lines, are an error. */
  static List<Block> parse(String text) {
    List<Block> blocks = new ArrayList<>();
    String header = null;
    List<List<StackFrame>> frames = null;
    int more = 0;
    for (String line : text.lines().toList()) {
      Matcher moreLine = MORE.matcher(line);
      StackFrame f = frame(line);
      if (f != null || moreLine.matches()) {
        if (header == null) {
          throw new IllegalArgumentException("frame before any exception header: " + line);
        }
        if (moreLine.matches()) {
          more = Integer.parseInt(moreLine.group(1));
        } else if (line.trim().startsWith("<OR> ")) {
          if (frames.isEmpty()) {
            throw new IllegalArgumentException("<OR> without a frame before it: " + line);
          }
          frames.get(frames.size() - 1).add(f);
        } else {
          frames.add(new ArrayList<>(List.of(f)));
        }
      } else {
        if (line.isBlank()) {
          throw new IllegalArgumentException("blank line in a stack trace:\n" + text);
        }
        if (header != null) {
          blocks.add(new Block(header, frames, more));
        }
        header = line;
        frames = new ArrayList<>();
        more = 0;
      }
    }
    if (header != null) {
      blocks.add(new Block(header, frames, more));
    }
    return blocks;
  }

  /**
   * Replaces each {@code ... N more} line by the N frame lines it stands for: the last N frames of
   * the enclosing exception, printed just before it. This is what crash SDKs send (every exception
   * with all its frames), and it is the only fair way to compare an obfuscated trace with the
   * original one: N counts physical frames, and inlining makes fewer of them.
   */
  static String expandCommonFrames(String text) {
    StringBuilder out = new StringBuilder();
    List<String> enclosing = List.of();
    List<String> current = new ArrayList<>();
    for (String line : text.lines().toList()) {
      Matcher more = MORE.matcher(line);
      if (more.matches()) {
        int n = Integer.parseInt(more.group(1));
        if (n > enclosing.size()) {
          throw new IllegalArgumentException("'" + line.trim() + "' but the enclosing exception"
              + " has " + enclosing.size() + " frames");
        }
        for (String common : enclosing.subList(enclosing.size() - n, enclosing.size())) {
          current.add(common);
          out.append(common).append('\n');
        }
        continue;
      }
      if (frame(line) != null) {
        current.add(line);
      } else {
        enclosing = current;
        current = new ArrayList<>();
      }
      out.append(line).append('\n');
    }
    return out.toString();
  }
}
