package dev.crashflow.grouping;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits rule files into lines and lines into tokens, for both rule languages: whitespace
 * separates tokens except inside double quotes ({@code function:"a b"}) and {@code {{ ... }}};
 * {@code #} at the start of a token begins a comment. Quotes stay in the token; {@link #unquote}
 * removes them and resolves {@code \"} and {@code \\}.
 */
final class RuleLines {
  /** More rules than this in one file is refused: every rule costs time on every new frame. */
  static final int MAX_RULES = 2000;
  static final int MAX_LINE = 4000;

  private RuleLines() {}

  /** The lines of a rule file (any line ending). */
  static String[] lines(String text) {
    return text.split("\r\n|\r|\n", -1);
  }

  /** The tokens of one line; empty for a blank or comment line. */
  static List<String> tokens(String source, int lineNo, String line) {
    if (line.length() > MAX_LINE) {
      throw new RuleSyntaxException(source, lineNo, "line longer than " + MAX_LINE + " characters");
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (i < n) {
      char c = line.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (c == '#') {
        break;
      }
      int start = i;
      boolean quoted = false;
      while (i < n) {
        char d = line.charAt(i);
        if (quoted) {
          if (d == '\\' && i + 1 < n) {
            i += 2;
            continue;
          }
          if (d == '"') {
            quoted = false;
          }
        } else if (d == '"') {
          quoted = true;
        } else if (d == '{' && line.startsWith("{{", i)) {
          int end = line.indexOf("}}", i);
          if (end < 0) {
            throw new RuleSyntaxException(source, lineNo, "unclosed '{{' at column " + (i + 1));
          }
          i = end + 2;
          continue;
        } else if (Character.isWhitespace(d)) {
          break;
        }
        i++;
      }
      if (quoted) {
        throw new RuleSyntaxException(source, lineNo, "unclosed quote at column " + (start + 1));
      }
      out.add(line.substring(start, i));
    }
    return out;
  }

  /** A possibly quoted argument as plain text. */
  static String unquote(String s) {
    if (s.length() < 2 || s.charAt(0) != '"' || s.charAt(s.length() - 1) != '"') {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 1; i < s.length() - 1; i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length() - 1) {
        c = s.charAt(++i);
      }
      out.append(c);
    }
    return out.toString();
  }
}
