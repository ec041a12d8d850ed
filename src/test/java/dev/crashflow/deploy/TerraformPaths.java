package dev.crashflow.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds every {@code file()}, {@code templatefile()} and {@code fileset()} call in the parsed
 * Terraform and works out the paths it reads, the way Terraform would: {@code ${path.module}},
 * string locals, {@code each.key} of a resource whose {@code for_each} is a local holding
 * {@code jsondecode(file(...))}, and loop variables bound by {@code for x in fileset(dir, pattern)}.
 * Anything else cannot be checked and is reported as a problem, so a new form of path makes the
 * test say so instead of passing unchecked.
 */
final class TerraformPaths {
  private static final Pattern CALL = Pattern.compile("\\b(file|templatefile|fileset)\\(");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^{}]+)}");

  private final Path module;
  private final Hcl hcl;
  final List<String> problems = new ArrayList<>();
  /** Every path a call reads, normalised: files for file()/templatefile(), directories for fileset(). */
  final TreeSet<Path> read = new TreeSet<>();

  TerraformPaths(Path module, Hcl hcl) {
    this.module = module;
    this.hcl = hcl;
    hcl.files.forEach((file, doc) -> walk(file + "", doc, null));
  }

  private void walk(String where, JsonNode node, String forEach) {
    if (node.isObject()) {
      String fe = node.has("for_each") ? node.get("for_each").asText() : forEach;
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        walk(where + "." + e.getKey(), e.getValue(), fe);
      }
    } else if (node.isArray()) {
      node.forEach(n -> walk(where, n, forEach));
    } else if (node.isTextual()) {
      calls(where, node.asText(), forEach);
    }
  }

  private void calls(String where, String expr, String forEach) {
    Matcher m = CALL.matcher(expr);
    while (m.find()) {
      String fn = m.group(1);
      int i = m.end();
      while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) {
        i++;
      }
      if (i >= expr.length() || expr.charAt(i) != '"') {
        problems.add(where + ": the path of " + fn + "() is not a string template, so it cannot be"
            + " checked: " + expr.substring(m.start(), Math.min(expr.length(), m.start() + 80)));
        continue;
      }
      String template = quoted(expr, i);
      try {
        for (String path : expand(template, expr, forEach)) {
          Path p = Path.of(path).normalize();
          read.add(p);
          boolean ok = fn.equals("fileset") ? Files.isDirectory(p) : Files.isRegularFile(p);
          if (!ok) {
            problems.add(where + ": " + fn + "() reads " + p + ", which does not exist");
          }
        }
      } catch (IllegalArgumentException e) {
        problems.add(where + ": " + fn + "(\"" + template + "\"): " + e.getMessage());
      }
    }
  }

  /** The string literal starting at {@code expr[start] == '"'}, with {@code ${...}} kept as written. */
  static String quoted(String expr, int start) {
    StringBuilder out = new StringBuilder();
    int depth = 0;
    for (int i = start + 1; i < expr.length(); i++) {
      char c = expr.charAt(i);
      if (c == '\\' && i + 1 < expr.length()) {
        out.append(expr.charAt(++i));
        continue;
      }
      if (c == '$' && i + 1 < expr.length() && expr.charAt(i + 1) == '{') {
        depth++;
      } else if (c == '}' && depth > 0) {
        depth--;
      } else if (c == '"' && depth == 0) {
        return out.toString();
      }
      out.append(c);
    }
    throw new IllegalArgumentException("unterminated string in " + expr);
  }

  private List<String> expand(String template, String expr, String forEach) {
    Matcher m = PLACEHOLDER.matcher(template);
    if (!m.find()) {
      return List.of(template);
    }
    String ref = m.group(1).trim();
    List<String> values;
    if (ref.equals("path.module")) {
      values = List.of(module.toString());
    } else if (ref.startsWith("local.")) {
      String local = hcl.locals.get(ref.substring(6));
      if (local == null || local.contains("(")) {
        throw new IllegalArgumentException(ref + " is not a plain string local");
      }
      values = expand(local, expr, forEach);
    } else if (ref.equals("each.key")) {
      values = eachKeys(forEach);
    } else if (ref.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      values = filesetBinding(ref, expr, forEach);
    } else {
      throw new IllegalArgumentException("cannot evaluate ${" + ref + "}");
    }
    List<String> out = new ArrayList<>();
    String head = template.substring(0, m.start());
    for (String v : values) {
      for (String tail : expand(template.substring(m.end()), expr, forEach)) {
        out.add(head + v + tail);
      }
    }
    return out;
  }

  /** each.key of {@code for_each = local.x} where {@code x = jsondecode(file("<json>"))}: the JSON object's keys. */
  private List<String> eachKeys(String forEach) {
    Matcher fe = forEach == null ? null : Pattern.compile("^\\$\\{local\\.(\\w+)}$").matcher(forEach);
    if (fe == null || !fe.matches()) {
      throw new IllegalArgumentException("each.key needs for_each = local.<name>, got " + forEach);
    }
    String local = hcl.locals.get(fe.group(1));
    Matcher json = local == null ? null : Pattern.compile("^\\$\\{jsondecode\\(file\\((\".*\")\\)\\)}$").matcher(local);
    if (json == null || !json.matches()) {
      throw new IllegalArgumentException("local." + fe.group(1) + " is not jsondecode(file(\"...\"))");
    }
    List<String> files = expand(quoted(json.group(1), 0), local, null);
    try {
      List<String> keys = new ArrayList<>();
      new ObjectMapper().readTree(Path.of(files.get(0)).toFile()).fieldNames().forEachRemaining(keys::add);
      return keys;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + files.get(0) + ": " + e.getMessage());
    }
  }

  /** A loop variable bound by {@code for <v> in fileset("<dir>", "<pattern>")}: the names fileset returns. */
  private List<String> filesetBinding(String variable, String expr, String forEach) {
    Matcher f = Pattern.compile("for\\s+" + variable + "\\s+in\\s+fileset\\(\\s*(\"[^\"]*\")\\s*,\\s*\"([^\"]+)\"\\s*\\)")
        .matcher(expr);
    if (!f.find()) {
      throw new IllegalArgumentException("cannot evaluate ${" + variable + "} (not a fileset() loop variable)");
    }
    List<String> dirs = expand(quoted(f.group(1), 0), expr, forEach);
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + f.group(2));
    List<String> names = new ArrayList<>();
    Path dir = Path.of(dirs.get(0));
    if (!Files.isDirectory(dir)) {
      return names;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.filter(Files::isRegularFile).map(dir::relativize).filter(matcher::matches)
          .forEach(p -> names.add(p.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }
}
