package dev.crashflow.grouping;

import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.CrashException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Fingerprint rules: a team's way to say "these crashes are one issue" (or several), one rule a
 * line, first match wins:
 *
 * <pre>
 * type:java.net.* -> network-error
 * type:*IOException value:"*timed out*" -> io-timeout, {{ default }}
 * function:com.example.db.* app:yes -> database, {{ function }} title="Database: {{ type }}"
 * tags.region:eu-* release:2.* -> eu-2x, {{ default }}
 * </pre>
 *
 * Matchers: {@code type}/{@code error.type}, {@code value}/{@code error.value}, {@code mechanism}
 * (all of them on one exception of the chain), {@code function}, {@code module}, {@code path},
 * {@code package}, {@code family}, {@code app}, {@code category} (all on one frame, after stack
 * rules), {@code message}, {@code release}, {@code level}, {@code sdk}, {@code tags.<name>}. The
 * fingerprint is a comma-separated list of literals and variables: {@code {{ default }}} (the
 * default grouping), {@code type}, {@code value}, {@code function}, {@code module}, {@code
 * package}, {@code mechanism}, {@code message}, {@code level}, {@code release}, {@code
 * tags.<name>} (with or without the {@code error.}/{@code stack.} prefixes).
 */
public final class FingerprintRules {
  static final String DEFAULT = "default";
  private static final Set<String> VARIABLES = Set.of(DEFAULT, "type", "value", "function",
      "module", "package", "mechanism", "message", "level", "release");

  /** A fingerprint entry: a literal, or a variable ({@code default}, {@code type}, ...). */
  record Item(String literal, String variable) {
    @Override
    public String toString() {
      return variable != null ? "{{ " + variable + " }}" : literal;
    }
  }

  /** One rule. {@code title} may hold variables; null keeps the default title. */
  record Rule(String source, int line, String text, List<RuleMatcher> matchers,
      List<Item> fingerprint, String title) {
    String describe() {
      return source + ":" + line + " '" + text + "'";
    }
  }

  private final List<Rule> rules;

  private FingerprintRules(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  public static FingerprintRules empty() {
    return new FingerprintRules(List.of());
  }

  public int size() {
    return rules.size();
  }

  /** These rules, then {@code more}: the first match still wins. */
  public FingerprintRules then(FingerprintRules more) {
    List<Rule> all = new ArrayList<>(rules);
    all.addAll(more.rules);
    return new FingerprintRules(all);
  }

  /** Parses a rule file; a bad line is a {@link RuleSyntaxException} with its line number. */
  public static FingerprintRules parse(String source, String text) {
    List<Rule> out = new ArrayList<>();
    String[] lines = RuleLines.lines(text);
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      String line = lines[i];
      int arrow = arrow(line);
      List<String> left = RuleLines.tokens(source, lineNo, arrow < 0 ? line : line.substring(0, arrow));
      if (left.isEmpty() && arrow < 0) {
        continue;
      }
      if (arrow < 0) {
        throw new RuleSyntaxException(source, lineNo, "expected 'matchers -> fingerprint'");
      }
      if (left.isEmpty()) {
        throw new RuleSyntaxException(source, lineNo, "no matcher before '->'");
      }
      List<RuleMatcher> matchers = new ArrayList<>();
      for (String t : left) {
        if (!RuleMatcher.looksLikeMatcher(t)) {
          throw new RuleSyntaxException(source, lineNo, "expected a matcher (key:pattern), got '" + t + "'");
        }
        matchers.add(RuleMatcher.parse(t, Set.of(RuleMatcher.Field.values()), source, lineNo));
      }
      List<Item> items = new ArrayList<>();
      String title = right(source, lineNo, line.substring(arrow + 2), items);
      if (items.isEmpty()) {
        throw new RuleSyntaxException(source, lineNo, "no fingerprint after '->'");
      }
      out.add(new Rule(source, lineNo, line.strip(), matchers, items, title));
      if (out.size() > RuleLines.MAX_RULES) {
        throw new RuleSyntaxException(source, lineNo, "more than " + RuleLines.MAX_RULES + " rules");
      }
    }
    return new FingerprintRules(out);
  }

  /** The index of the first {@code ->} outside quotes and comments, or -1. */
  private static int arrow(String line) {
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && quoted) {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return -1;
      } else if (!quoted && c == '-' && i + 1 < line.length() && line.charAt(i + 1) == '>') {
        return i;
      }
    }
    return -1;
  }

  /** Reads the fingerprint items after {@code ->} into {@code items}; returns the title or null. */
  private static String right(String source, int lineNo, String s, List<Item> items) {
    String title = null;
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || c == ',') {
        i++;
      } else if (c == '#') {
        break;
      } else if (s.startsWith("{{", i)) {
        int end = s.indexOf("}}", i);
        if (end < 0) {
          throw new RuleSyntaxException(source, lineNo, "unclosed '{{'");
        }
        items.add(new Item(null, variable(source, lineNo, s.substring(i + 2, end).strip())));
        i = end + 2;
      } else {
        int start = i;
        i = tokenEnd(source, lineNo, s, i);
        String token = s.substring(start, i);
        int eq = token.indexOf('=');
        if (eq > 0 && token.charAt(0) != '"' && token.substring(0, eq).matches("[a-z_]+")) {
          if (!token.substring(0, eq).equals("title")) {
            throw new RuleSyntaxException(source, lineNo, "unknown attribute '"
                + token.substring(0, eq) + "' (title=\"...\")");
          }
          title = RuleLines.unquote(token.substring(eq + 1));
        } else {
          items.add(new Item(RuleLines.unquote(token), null));
        }
      }
    }
    return title;
  }

  private static int tokenEnd(String source, int lineNo, String s, int i) {
    boolean quoted = false;
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (Character.isWhitespace(c) || c == ',') {
        break;
      }
    }
    if (quoted) {
      throw new RuleSyntaxException(source, lineNo, "unclosed quote");
    }
    return i;
  }

  /** A variable name without its {@code error.}/{@code stack.} prefix; unknown ones are errors. */
  static String variable(String source, int lineNo, String raw) {
    String v = raw.startsWith("error.") ? raw.substring(6)
        : raw.startsWith("stack.") ? raw.substring(6) : raw;
    if (VARIABLES.contains(v) || (v.startsWith("tags.") && v.length() > 5)) {
      return v;
    }
    throw new RuleSyntaxException(source, lineNo, "unknown variable '{{ " + raw + " }}'");
  }

  /** The first rule matching the event, or null. */
  Rule match(CrashEvent e, List<CrashException> chain, List<StackResult> stacks) {
    for (Rule r : rules) {
      if (matches(r, e, chain, stacks)) {
        return r;
      }
    }
    return null;
  }

  private static boolean matches(Rule r, CrashEvent e, List<CrashException> chain,
      List<StackResult> stacks) {
    List<RuleMatcher> frameMatchers = new ArrayList<>();
    List<RuleMatcher> exceptionMatchers = new ArrayList<>();
    for (RuleMatcher m : r.matchers) {
      if (m.field.isFrame()) {
        frameMatchers.add(m);
      } else if (m.field.isException()) {
        exceptionMatchers.add(m);
      } else if (!m.matchesText(text(m, e, chain))) {
        return false;
      }
    }
    return (exceptionMatchers.isEmpty() || anyException(exceptionMatchers, chain))
        && (frameMatchers.isEmpty() || anyFrame(frameMatchers, stacks));
  }

  private static boolean anyException(List<RuleMatcher> ms, List<CrashException> chain) {
    List<CrashException> xs = chain.isEmpty() ? java.util.Collections.singletonList(null) : chain;
    for (CrashException x : xs) {
      if (ms.stream().allMatch(m -> m.matchesException(x))) {
        return true;
      }
    }
    return false;
  }

  private static boolean anyFrame(List<RuleMatcher> ms, List<StackResult> stacks) {
    for (StackResult s : stacks) {
      for (int i = 0; i < s.size(); i++) {
        int at = i;
        if (ms.stream().allMatch(m -> m.matchesFrame(s.facts(at), s.inApp[at], s.category(at)))) {
          return true;
        }
      }
    }
    return false;
  }

  private static String text(RuleMatcher m, CrashEvent e, List<CrashException> chain) {
    switch (m.field) {
      case MESSAGE:
        if (e.message() != null) {
          return e.message();
        }
        return chain.isEmpty() ? null : chain.get(chain.size() - 1).value();
      case RELEASE:
        return e.release();
      case LEVEL:
        return e.level();
      case SDK:
        return e.sdkName();
      default:
        return e.tags() == null ? null : e.tags().get(m.tag);
    }
  }
}
