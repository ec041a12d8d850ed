package dev.crashflow.crashtext;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Android backtrace frame line, as libunwindstack prints it in tombstones and logcat:
 *
 * <pre>
 * #00 pc 000000000004f2a8  /data/app/~~r4nd==/com.game-X==/lib/arm64/libgame.so (Foo::bar()+24)
 *     (BuildId: 1a2b...)
 * #03 pc 000000000000e1f0  /data/app/~~r4nd==/com.game-X==/base.apk!libgame.so (offset 0x8000)
 *     (Game::tick()+40)
 * #04 pc 0001a2b3  /system/lib/libc.so (tgkill+12)
 * #05 pc 0000e1f0 (offset 0x8000)  /data/app/com.game-1/base.apk       (Android 9 and older)
 * </pre>
 *
 * (each frame is one line in the report). The pc is module-relative (relative to the ELF's load
 * address), and for every frame but #00 already moved back into the call instruction by the
 * unwinder. The trailing groups are found from the end with balanced parentheses, so function
 * names with parameter lists, {@code (anonymous namespace)} or {@code operator()} survive.
 *
 * @param index the frame number ({@code #NN})
 * @param pc the module-relative pc
 * @param name the map name: a path (maybe {@code apk!lib.so}), {@code <anonymous:7a...>},
 *     {@code [vdso]}, {@code <unknown>}
 * @param offset the {@code (offset 0x...)} value, or null
 * @param offsetIsElfStart true when the offset follows the name (Android 10+: where the ELF starts
 *     inside the file); false when it precedes it (older: the mapping's file offset)
 * @param function the function name without {@code +offset}, or null
 * @param functionOffset the {@code +offset} (0 when printed without one)
 * @param buildId the GNU build-id in hex, or null
 * @param wide true when the pc was printed with 16 digits (a 64-bit process)
 */
record BacktraceLine(int index, long pc, String name, Long offset, boolean offsetIsElfStart,
    String function, long functionOffset, String buildId, boolean wide) {

  private static final Pattern FRAME = Pattern.compile(
      "^\\s*#(\\d+)\\s+pc\\s+([0-9a-fA-F]{16}|[0-9a-fA-F]{8})"
          + "(?:\\s+\\(offset 0x([0-9a-fA-F]+)\\))?\\s+(\\S.*)$");
  private static final Pattern OFFSET = Pattern.compile("offset 0x([0-9a-fA-F]+)");
  private static final Pattern BUILD_ID = Pattern.compile("BuildId: ([0-9a-fA-F]+)");
  private static final Pattern FUNCTION_OFFSET = Pattern.compile("^(.*)\\+(\\d+)$");

  /** True when the line starts like a frame ({@code #NN pc}), parseable or not. */
  static boolean looksLikeFrame(String line) {
    String s = line.stripLeading();
    if (!s.startsWith("#")) {
      return false;
    }
    int i = 1;
    while (i < s.length() && Character.isDigit(s.charAt(i))) {
      i++;
    }
    return i > 1 && s.substring(i).stripLeading().startsWith("pc ");
  }

  /** The frame on {@code line}, or null when the line is not a complete frame line. */
  static BacktraceLine parse(String line) {
    Matcher m = FRAME.matcher(line);
    if (!m.matches()) {
      return null;
    }
    int index = Integer.parseInt(m.group(1));
    long pc = Long.parseUnsignedLong(m.group(2), 16);
    Long offset = m.group(3) == null ? null : Long.parseUnsignedLong(m.group(3), 16);
    boolean elfStart = false;
    String rest = m.group(4).strip();
    String function = null;
    long functionOffset = 0;
    String buildId = null;
    while (rest.endsWith(")")) {
      int open = matchingOpen(rest);
      if (open <= 0 || !Character.isWhitespace(rest.charAt(open - 1))) {
        break; // unbalanced, or a parenthesis inside the name itself
      }
      String group = rest.substring(open + 1, rest.length() - 1);
      rest = rest.substring(0, open).strip();
      Matcher o = OFFSET.matcher(group);
      Matcher b = BUILD_ID.matcher(group);
      if (b.matches()) {
        buildId = b.group(1).toLowerCase(java.util.Locale.ROOT);
      } else if (o.matches()) {
        offset = Long.parseUnsignedLong(o.group(1), 16);
        elfStart = true;
      } else if (group.startsWith("load bias ") || group.equals("deleted")) {
        continue;
      } else if (function == null) {
        Matcher f = FUNCTION_OFFSET.matcher(group);
        function = f.matches() ? f.group(1) : group;
        functionOffset = f.matches() ? Long.parseLong(f.group(2)) : 0;
      }
    }
    if (rest.isEmpty()) {
      return null;
    }
    return new BacktraceLine(index, pc, rest, offset, elfStart, function, functionOffset, buildId,
        m.group(2).length() == 16);
  }

  /** The index of the {@code (} matching the final {@code )}, or -1. */
  private static int matchingOpen(String s) {
    int depth = 0;
    for (int i = s.length() - 1; i >= 0; i--) {
      char c = s.charAt(i);
      if (c == ')') {
        depth++;
      } else if (c == '(' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /** True when the name is a file path, which makes the frame's module an image. */
  boolean isPath() {
    return name.startsWith("/");
  }

  /** The mapped file: the path before {@code !} for libraries loaded straight from an APK. */
  String mappedFile() {
    int bang = name.indexOf('!');
    return bang < 0 ? name : name.substring(0, bang);
  }

  /**
   * The absolute address of an {@code <anonymous:start>} or {@code <unknown>} frame, where the pc
   * is relative to the anonymous mapping or already absolute; null for every other name.
   */
  Long anonymousAddress() {
    if (name.equals("<unknown>")) {
      return pc;
    }
    if (name.startsWith("<anonymous:") && name.endsWith(">")) {
      try {
        return Long.parseUnsignedLong(name.substring(11, name.length() - 1), 16) + pc;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
