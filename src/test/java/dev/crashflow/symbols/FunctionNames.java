package dev.crashflow.symbols;

import java.util.ArrayList;
import java.util.List;

/**
 * Reduces a demangled C++ name to its qualified name without return type, template arguments and
 * parameter list, so names from different demanglers (llvm's, dump_syms') compare equal:
 * {@code void ns::f<int>(int) const} and {@code ns::f<int, std::allocator<int> >(int)} both become
 * {@code ns::f}.
 */
final class FunctionNames {
  private FunctionNames() {}

  // Names whose brackets are not template or parameter brackets; hidden before stripping.
  private static final String[][] PROTECTED = {
      {"(anonymous namespace)", "\u0001anon\u0001"},
      {"operator()", "\u0001call\u0001"},
      {"operator<<=", "\u0001shlset\u0001"},
      {"operator>>=", "\u0001shrset\u0001"},
      {"operator<<", "\u0001shl\u0001"},
      {"operator>>", "\u0001shr\u0001"},
      {"operator<=>", "\u0001cmp3\u0001"},
      {"operator<=", "\u0001le\u0001"},
      {"operator>=", "\u0001ge\u0001"},
      {"operator->*", "\u0001arrowstar\u0001"},
      {"operator->", "\u0001arrow\u0001"},
      {"operator<", "\u0001lt\u0001"},
      {"operator>", "\u0001gt\u0001"},
  };

  static String normalize(String name) {
    if (name == null) {
      return null;
    }
    String s = name.trim();
    for (String[] p : PROTECTED) {
      s = s.replace(p[0], p[1]);
    }
    s = stripBalanced(s, '<', '>');
    int paren = s.indexOf('(');
    if (paren > 0) {
      s = s.substring(0, paren);
    }
    s = s.trim();
    // The return type is whatever precedes the last space, except in "operator new" and
    // conversion operators, where the space belongs to the name.
    List<String> tokens = new ArrayList<>(List.of(s.split(" +")));
    int last = tokens.size() - 1;
    int first = last;
    while (first > 0 && tokens.get(first - 1).endsWith("operator")) {
      first--;
    }
    s = String.join(" ", tokens.subList(first, last + 1));
    for (String[] p : PROTECTED) {
      s = s.replace(p[1], p[0]);
    }
    return s;
  }

  private static String stripBalanced(String s, char open, char close) {
    StringBuilder out = new StringBuilder(s.length());
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == open) {
        depth++;
      } else if (c == close && depth > 0) {
        depth--;
      } else if (depth == 0) {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** The last path component, for either separator. */
  static String baseName(String path) {
    if (path == null) {
      return null;
    }
    int i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    return path.substring(i + 1);
  }
}
