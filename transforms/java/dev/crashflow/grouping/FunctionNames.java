package dev.crashflow.grouping;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes frame names stable across builds, compilers and runs before they count for grouping:
 * native names lose argument lists, return types, template arguments, compiler clone suffixes
 * ({@code .isra.0}, {@code .cold}, {@code [clone .constprop.1]}), lambda numbering, Rust hashes and
 * symbol versions; JVM names lose the numbers and hashes of generated code (lambdas, synthetic
 * accessors, anonymous classes, CGLIB/javassist/ByteBuddy proxies, reflection accessors, Kotlin
 * coroutine state machines). The built-in patterns are fixed and linear; results are cached per
 * distinct frame, so this runs once per name, not once per event.
 */
final class FunctionNames {
  private static final int MAX_NAME = 2000;

  // --- native ---
  private static final Pattern CLONE_SUFFIX = Pattern.compile(
      "(?:\\.(?:isra|constprop|part|lto_priv|llvm|cold|localalias)(?:\\.\\d+)?)+$");
  private static final Pattern GCC_LAMBDA = Pattern.compile("\\{lambda\\([^{}]*?\\)#\\d+\\}");
  private static final Pattern MSVC_LAMBDA = Pattern.compile("lambda_[0-9a-f]{32}");
  private static final Pattern CLANG_LAMBDA = Pattern.compile("\\$_\\d+\\b");
  private static final Pattern RUST_HASH = Pattern.compile("::h[0-9a-f]{16}$");
  private static final Pattern GLIBC_VERSION = Pattern.compile("@@?GLIBC_[0-9.]+$");
  private static final Pattern STDCALL = Pattern.compile("^[_@]?([A-Za-z_][\\w:]*)@\\d+$");
  private static final Pattern IL2CPP_SUFFIX = Pattern.compile("_m(?:[0-9A-F]{8,40}|\\d{5,})$");
  private static final Pattern TRAILER = Pattern.compile("(?<=\\))\\s*(?:const|volatile|noexcept|override|final|&&|&)$");

  // --- JVM ---
  private static final Pattern NUMBERED_CLASS = Pattern.compile("\\$\\d+(?=\\$|$)");
  private static final Pattern EXTERNAL_SYNTHETIC = Pattern.compile("(\\$\\$ExternalSynthetic[A-Za-z]+)\\d+");
  private static final Pattern ENHANCER = Pattern.compile(
      "\\$\\$(EnhancerBy[A-Za-z]*|FastClassBy[A-Za-z]*|SpringCGLIB)\\$\\$[0-9A-Za-z_]+");
  private static final Pattern JAVASSIST = Pattern.compile("_\\$\\$_(javassist|jvst)[0-9a-f_]*");
  private static final Pattern PROXY_SUFFIX = Pattern.compile(
      "\\$(HibernateProxy|ByteBuddy|MockitoMock)\\$[0-9A-Za-z]+");
  private static final Pattern ACCESSOR = Pattern.compile("(Generated[A-Za-z]*Accessor)\\d+");
  private static final Pattern PROXY_CLASS = Pattern.compile("(\\$Proxy)\\d+$");
  private static final Pattern LAMBDA_METHOD = Pattern.compile("^(lambda\\$.*?)\\$\\d+(?:\\$.*)?$");
  private static final Pattern KOTLIN_LAMBDA = Pattern.compile("\\$lambda[-$]\\d+");
  private static final Pattern ACCESS = Pattern.compile("^access\\$(?:lambda\\$)?\\d+$");
  private static final Pattern R8_LAMBDA = Pattern.compile("^\\$r8\\$lambda\\$.*$");
  private static final Pattern ANONFUN = Pattern.compile("(\\$anonfun\\$.*?)\\$\\d+$");
  private static final Pattern COROUTINE = Pattern.compile("^(.+)\\$([^$]+)\\$\\d+$");

  private FunctionNames() {}

  /** A native function name reduced to what stays the same across builds and compilers. */
  static String cleanNative(String function) {
    String s = cap(function.strip());
    if (s.startsWith("-[") || s.startsWith("+[") || s.startsWith("[")) {
      return s; // Objective-C selectors carry no arguments to strip
    }
    s = removeCloneAnnotations(s);
    if (s.endsWith("const") || s.endsWith("&") || s.endsWith("noexcept") || s.endsWith("volatile")
        || s.endsWith("override") || s.endsWith("final")) {
      String prev;
      do {
        prev = s;
        s = TRAILER.matcher(s).replaceFirst("");
      } while (!s.equals(prev));
    }
    s = s.replace("operator<<", "operator\u27e8\u27e8").replace("operator>>", "operator\u27e9\u27e9")
        .replace("operator<=>", "operator\u27e8=\u27e9").replace("operator<", "operator\u27e8")
        .replace("operator>", "operator\u27e9").replace("operator()", "operator\u25ef")
        .replace("operator->", "operator\u27ff").replace(" -> ", " \u27ff ")
        .replace("(anonymous namespace)", "\u3014anonymousnamespace\u3015")
        .replace("`anonymous namespace'", "\u3014anonymousnamespace\u3015");
    if (s.contains("lambda")) {
      s = GCC_LAMBDA.matcher(s).replaceAll("{lambda}");
      s = MSVC_LAMBDA.matcher(s).replaceAll("lambda");
    }
    if (s.contains("$_")) {
      s = CLANG_LAMBDA.matcher(s).replaceAll("lambda");
    }
    s = removeEnclosed(s, '(', ')', false);
    s = removeEnclosed(s, '<', '>', true);
    s = lastToken(s);
    s = s.replace('\u27e8', '<').replace('\u27e9', '>').replace("\u25ef", "()")
        .replace("\u27ff", "->").replace("\u3014anonymousnamespace\u3015", "(anonymous namespace)");
    if (s.indexOf('.') >= 0) {
      s = CLONE_SUFFIX.matcher(s).replaceFirst("");
    }
    if (s.contains("::h")) {
      s = RUST_HASH.matcher(s).replaceFirst("");
    }
    if (s.contains("@")) {
      s = GLIBC_VERSION.matcher(s).replaceFirst("");
      Matcher m = STDCALL.matcher(s);
      if (m.matches()) {
        s = m.group(1);
      }
    }
    if (s.contains("_m")) {
      s = IL2CPP_SUFFIX.matcher(s).replaceFirst("");
    }
    return s.isEmpty() ? function.strip() : s;
  }

  /** Drops {@code [clone .isra.0]}-style annotations gcc prints for cloned functions. */
  private static String removeCloneAnnotations(String s) {
    int at;
    while ((at = s.indexOf(" [clone ")) >= 0) {
      int end = s.indexOf(']', at);
      if (end < 0) {
        break;
      }
      s = s.substring(0, at) + s.substring(end + 1);
    }
    return s;
  }

  /**
   * Removes each outermost {@code open...close} group; with {@code templates}, a group becomes
   * {@code <T>} (or {@code <lambda>}), and one at the very start (Rust's {@code <T as Trait>::f})
   * keeps its type.
   */
  private static String removeEnclosed(String s, char open, char close, boolean templates) {
    if (s.indexOf(open) < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    int depth = 0;
    int start = -1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == open) {
        if (depth++ == 0) {
          start = i;
        }
      } else if (c == close && depth > 0) {
        if (--depth == 0) {
          String inner = s.substring(start + 1, i);
          if (templates) {
            if (inner.equals("lambda") || inner.startsWith("lambda")) {
              out.append("<lambda>");
            } else if (start == 0) {
              String t = removeEnclosed(inner, '<', '>', true);
              int as = t.indexOf(" as ");
              out.append(as >= 0 ? t.substring(0, as) : t);
            } else {
              out.append("<T>");
            }
          }
        }
      } else if (depth == 0) {
        out.append(c);
      }
    }
    return depth > 0 ? out.append(s, start, s.length()).toString() : out.toString();
  }

  /** The function token: the last one (return types come first), or the one before a Swift arrow. */
  private static String lastToken(String s) {
    List<String> tokens = new ArrayList<>();
    int depth = 0;
    int begin = 0;
    for (int i = 0; i <= s.length(); i++) {
      char c = i < s.length() ? s.charAt(i) : ' ';
      if (c == '<' || c == '{' || c == '[') {
        depth++;
      } else if ((c == '>' || c == '}' || c == ']') && depth > 0) {
        depth--;
      } else if (depth == 0 && Character.isWhitespace(c)) {
        if (i > begin) {
          tokens.add(s.substring(begin, i));
        }
        begin = i + 1;
      }
    }
    if (tokens.isEmpty()) {
      return s;
    }
    int arrow = tokens.lastIndexOf("\u27ff");
    int at = arrow > 0 ? arrow - 1 : tokens.size() - 1;
    if (arrow > 1 && tokens.get(at).equals("throws")) {
      at--;
    }
    String token = tokens.get(at);
    if (at > 0 && tokens.get(at - 1).endsWith("operator")) {
      token = tokens.get(at - 1) + " " + token; // operator new, operator delete[]
    }
    if (tokens.contains("closure") && !token.equals("closure")) {
      token = "closure in " + token;
    }
    return token;
  }

  /** A C#/Unity function as sent, without the argument list Unity appends ({@code Update ()}). */
  static String cleanCsharp(String function) {
    String s = cap(function.strip());
    int paren = s.indexOf(" (");
    if (paren < 0) {
      paren = s.indexOf('(');
    }
    return paren > 0 ? s.substring(0, paren) : s;
  }

  /** A JVM class name without generated numbers and hashes. */
  static String jvmModule(String module) {
    String s = cap(module);
    if (s.contains("Accessor")) {
      s = ACCESSOR.matcher(s).replaceAll("$1");
    }
    if (s.indexOf('$') < 0) {
      return s;
    }
    int lambda = s.indexOf("$$Lambda");
    if (lambda >= 0) {
      int dash = s.indexOf("-$$Lambda$");
      if (dash >= 0) { // old D8: pkg.-$$Lambda$Outer$HASH
        int next = s.indexOf('$', dash + 10);
        return next < 0 ? s : s.substring(0, next);
      }
      s = s.substring(0, lambda) + "$$Lambda";
    }
    s = EXTERNAL_SYNTHETIC.matcher(s).replaceAll("$1");
    s = ENHANCER.matcher(s).replaceAll("\\$\\$$1\\$\\$");
    s = JAVASSIST.matcher(s).replaceAll("_\\$\\$_$1");
    s = PROXY_SUFFIX.matcher(s).replaceAll("\\$$1");
    s = PROXY_CLASS.matcher(s).replaceAll("$1");
    return NUMBERED_CLASS.matcher(s).replaceAll("\\$<anon>");
  }

  /** A JVM method name without generated numbers ({@code lambda$onClick$0}, {@code access$000}). */
  static String jvmFunction(String function) {
    String s = cap(function);
    if (s.indexOf('$') < 0) {
      return s;
    }
    Matcher m = LAMBDA_METHOD.matcher(s);
    if (m.matches()) {
      return m.group(1) + "$";
    }
    if (ACCESS.matcher(s).matches()) {
      return "access$";
    }
    if (R8_LAMBDA.matcher(s).matches()) {
      return "$r8$lambda$";
    }
    if (s.endsWith("$suspendImpl")) {
      return s.substring(0, s.length() - "$suspendImpl".length());
    }
    s = KOTLIN_LAMBDA.matcher(s).replaceAll("\\$lambda");
    return ANONFUN.matcher(s).replaceAll("$1\\$");
  }

  /**
   * A Kotlin coroutine's state machine ({@code Repo$load$1.invokeSuspend}) as the suspend function
   * it runs ({@code Repo}, {@code load}), or null when the frame is not one.
   */
  static String[] coroutine(String module, String function) {
    if (!"invokeSuspend".equals(function) || module == null) {
      return null;
    }
    Matcher m = COROUTINE.matcher(module);
    if (!m.matches() || m.group(2).chars().allMatch(Character::isDigit)) {
      return null;
    }
    return new String[] {m.group(1), m.group(2)};
  }

  /**
   * True for a class name an obfuscator made ({@code a.b.c}, {@code com.app.ab}): a lower-case
   * simple name of one or two characters, which no Java or Kotlin convention produces.
   */
  static boolean obfuscatedClass(String className) {
    if (className == null || className.isEmpty()) {
      return false;
    }
    // The simple name (after the last '.', up to the first '$') is [a-z][a-z0-9]?; read in
    // place, as every event's exception type comes through here.
    int start = className.lastIndexOf('.') + 1;
    int end = className.indexOf('$', start);
    int len = (end < 0 ? className.length() : end) - start;
    if (len < 1 || len > 2) {
      return false;
    }
    char a = className.charAt(start);
    if (a < 'a' || a > 'z') {
      return false;
    }
    char b = len == 2 ? className.charAt(start + 1) : 'a';
    return (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9');
  }

  private static String cap(String s) {
    return s.length() > MAX_NAME ? s.substring(0, MAX_NAME) : s;
  }
}
