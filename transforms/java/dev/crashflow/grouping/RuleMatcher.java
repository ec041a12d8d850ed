package dev.crashflow.grouping;

import dev.crashflow.model.CrashException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One {@code key:glob} matcher of a grouping rule, maybe negated with {@code !}. Keys follow
 * Sentry's names (with the {@code stack.}/{@code error.} aliases): frame fields ({@code family},
 * {@code module}, {@code function}, {@code path}, {@code package}, {@code app}, {@code category}),
 * exception fields ({@code type}, {@code value}, {@code mechanism}) and, in fingerprint rules,
 * event fields ({@code message}, {@code release}, {@code level}, {@code sdk}, {@code tags.<name>}).
 */
final class RuleMatcher {
  enum Field {
    FAMILY, MODULE, FUNCTION, PATH, PACKAGE, APP, CATEGORY, TYPE, VALUE, MECHANISM,
    MESSAGE, RELEASE, LEVEL, SDK, TAG;

    boolean isStaticFrame() {
      return this == FAMILY || this == MODULE || this == FUNCTION || this == PATH || this == PACKAGE;
    }

    boolean isFrame() {
      return isStaticFrame() || this == APP || this == CATEGORY;
    }

    boolean isException() {
      return this == TYPE || this == VALUE || this == MECHANISM;
    }
  }

  static final Set<Field> STACK_FIELDS = Set.of(Field.FAMILY, Field.MODULE, Field.FUNCTION,
      Field.PATH, Field.PACKAGE, Field.APP, Field.CATEGORY, Field.TYPE, Field.VALUE, Field.MECHANISM);

  private static final Map<String, Field> KEYS = Map.ofEntries(
      Map.entry("family", Field.FAMILY), Map.entry("module", Field.MODULE),
      Map.entry("stack.module", Field.MODULE), Map.entry("function", Field.FUNCTION),
      Map.entry("stack.function", Field.FUNCTION), Map.entry("path", Field.PATH),
      Map.entry("stack.abs_path", Field.PATH), Map.entry("package", Field.PACKAGE),
      Map.entry("stack.package", Field.PACKAGE), Map.entry("app", Field.APP),
      Map.entry("stack.app", Field.APP), Map.entry("category", Field.CATEGORY),
      Map.entry("type", Field.TYPE), Map.entry("error.type", Field.TYPE),
      Map.entry("value", Field.VALUE), Map.entry("error.value", Field.VALUE),
      Map.entry("mechanism", Field.MECHANISM), Map.entry("error.mechanism", Field.MECHANISM),
      Map.entry("message", Field.MESSAGE), Map.entry("release", Field.RELEASE),
      Map.entry("level", Field.LEVEL), Map.entry("sdk", Field.SDK));
  private static final Set<String> FAMILIES =
      Set.of("native", "jvm", "java", "csharp", "javascript", "other", "all");

  final Field field;
  final boolean negated;
  final String tag;
  final String text;
  private final Glob glob;
  private final Set<String> families;
  private final boolean app;

  private RuleMatcher(Field field, boolean negated, String tag, String text, Glob glob,
      Set<String> families, boolean app) {
    this.field = field;
    this.negated = negated;
    this.tag = tag;
    this.text = text;
    this.glob = glob;
    this.families = families;
    this.app = app;
  }

  /** True when the token looks like a matcher ({@code key:...} or {@code !key:...}). */
  static boolean looksLikeMatcher(String token) {
    int colon = token.indexOf(':');
    int quote = token.indexOf('"');
    return colon > 0 && (quote < 0 || colon < quote);
  }

  /** Parses {@code [!]key:argument}; errors name the file and line. */
  static RuleMatcher parse(String token, Set<Field> allowed, String source, int line) {
    boolean negated = token.startsWith("!");
    String t = negated ? token.substring(1) : token;
    int colon = t.indexOf(':');
    String key = RuleLines.unquote(t.substring(0, colon));
    String arg = RuleLines.unquote(t.substring(colon + 1));
    Field field = KEYS.get(key);
    String tag = null;
    if (field == null && key.startsWith("tags.") && key.length() > 5) {
      field = Field.TAG;
      tag = key.substring(5);
    }
    if (field == null || !allowed.contains(field)) {
      throw new RuleSyntaxException(source, line, "unknown matcher '" + key + "'");
    }
    if (arg.isEmpty()) {
      throw new RuleSyntaxException(source, line, "matcher '" + key + "' has no pattern");
    }
    try {
      switch (field) {
        case FAMILY: {
          Set<String> fams = Set.of(arg.toLowerCase(Locale.ROOT).split(","));
          for (String f : fams) {
            if (!FAMILIES.contains(f)) {
              throw new RuleSyntaxException(source, line, "unknown family '" + f
                  + "' (native, jvm, csharp, javascript, other, all)");
            }
          }
          return new RuleMatcher(field, negated, null, token, null, fams, false);
        }
        case APP:
          return new RuleMatcher(field, negated, null, token, null, null, parseBool(arg, source, line));
        default: {
          boolean pathLike = field == Field.PATH || field == Field.PACKAGE;
          boolean fold = field == Field.VALUE || field == Field.MESSAGE || field == Field.LEVEL;
          return new RuleMatcher(field, negated, tag, token, Glob.compile(arg, pathLike, fold), null, false);
        }
      }
    } catch (RuleSyntaxException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new RuleSyntaxException(source, line, key + ": " + e.getMessage());
    }
  }

  static boolean parseBool(String s, String source, int line) {
    switch (s.toLowerCase(Locale.ROOT)) {
      case "yes": case "true": case "1": case "on":
        return true;
      case "no": case "false": case "0": case "off":
        return false;
      default:
        throw new RuleSyntaxException(source, line, "expected yes or no, got '" + s + "'");
    }
  }

  /** The static frame fields: family, module, function, path, package. */
  boolean matchesStatic(FrameFacts f) {
    boolean rv;
    switch (field) {
      case FAMILY:
        return matchesFamily(f.family);
      case MODULE:
        rv = glob.matches(f.module);
        break;
      case FUNCTION:
        rv = glob.matches(f.function);
        break;
      case PATH:
        rv = glob.matchesPath(f.pathKey);
        break;
      default:
        rv = glob.matchesPath(f.pkgKey);
        break;
    }
    return rv != negated;
  }

  /** A literal every value this matcher accepts starts with, or null (see {@link Glob#requiredPrefix}). */
  String requiredPrefix() {
    return negated || glob == null ? null : glob.requiredPrefix();
  }

  /** A {@code family:} matcher against a frame's family (with its negation). */
  boolean matchesFamily(String family) {
    boolean rv = families.contains("all") || families.contains(family)
        || (families.contains("java") && family.equals(Families.JVM))
        || (families.contains("other") && !family.equals(Families.NATIVE)
            && !family.equals(Families.JAVASCRIPT));
    return rv != negated;
  }

  /** The fields rules change as they run: in-app flag and category. */
  boolean matchesDynamic(boolean inApp, String category) {
    boolean rv = field == Field.APP ? inApp == app : glob.matches(category);
    return rv != negated;
  }

  /** Any frame field, static or dynamic. */
  boolean matchesFrame(FrameFacts f, boolean inApp, String category) {
    return field.isStaticFrame() ? matchesStatic(f) : matchesDynamic(inApp, category);
  }

  /** An exception field; a missing value reads as {@code <unknown>}. */
  boolean matchesException(CrashException x) {
    boolean rv;
    if (x == null) {
      rv = glob.matches("<unknown>");
    } else if (field == Field.TYPE) {
      String t = x.type() == null ? "<unknown>" : x.type();
      rv = glob.matches(t) || (x.module() != null && glob.matches(x.qualifiedType()));
    } else if (field == Field.VALUE) {
      rv = glob.matches(x.value() == null ? "<unknown>" : x.value());
    } else {
      String m = x.mechanism() == null ? null : x.mechanism().type();
      rv = glob.matches(m == null ? "<unknown>" : m);
    }
    return rv != negated;
  }

  /** A plain text field (message, release, level, sdk, a tag); null reads as absent. */
  boolean matchesText(String value) {
    return glob.matches(value) != negated;
  }

  @Override
  public String toString() {
    return text;
  }
}
