package dev.crashflow.retrace;

import dev.crashflow.retrace.CompactMapping.ClassEntry;
import dev.crashflow.retrace.CompactMapping.MemberMeta;
import dev.crashflow.retrace.CompactMapping.RewriteRule;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses ProGuard and R8 {@code mapping.txt} files into a {@link Retracer}.
 *
 * <p>Class lines {@code original -> obfuscated:}, member lines
 * {@code [a:b:]type name(args)[:c[:d]] -> obf}, field lines, {@code #} comments and R8's
 * {@code # {...}} JSON metadata (map version, {@code pg_map_id}, {@code sourceFile},
 * {@code synthesized}, {@code rewriteFrame}, {@code outline}, {@code outlineCallsite},
 * {@code residualsignature}). Metadata after a member line belongs to that member; after a class
 * line, to the class. Parsing is hand-written (no regex per line) and strings are interned, so a
 * 50 MB file loads in about a second into roughly its own size of heap.
 *
 * <p>Malformed lines: {@link #parse(Reader)} throws {@link MappingParseException} naming the line;
 * {@link #parseLenient(Reader)} skips them and reports {@link Retracer#skippedLines()} and the
 * first {@value #MAX_WARNINGS} messages in {@link Retracer#warnings()}.
 */
public final class MappingFile {
  static final int MAX_WARNINGS = 20;

  private final boolean lenient;
  private final Map<String, String> pool = new HashMap<>();
  private final Map<String, ClassEntry> classes = new HashMap<>();
  private final List<MemberMeta> metas = new ArrayList<>();
  private final List<String> mapVersions = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private String pgMapId;
  private int skipped;
  private int lineNo;
  private ClassEntry current;
  private int lastMember = -1;

  private int n;
  private String[] obfName = new String[1024];
  private String[] holder = new String[1024];
  private String[] name = new String[1024];
  private String[] returnType = new String[1024];
  private String[] params = new String[1024];
  private int[] minStart = new int[1024];
  private int[] minEnd = new int[1024];
  private int[] origStart = new int[1024];
  private int[] origEnd = new int[1024];
  private byte[] flags = new byte[1024];
  private int[] meta = new int[1024];

  private MappingFile(boolean lenient) {
    this.lenient = lenient;
  }

  /** Parses strictly: the first malformed line throws {@link MappingParseException}. */
  public static Retracer parse(Reader reader) throws IOException {
    return new MappingFile(false).read(reader);
  }

  /** Parses a UTF-8 file strictly. */
  public static Retracer parse(Path path) throws IOException {
    try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      return parse(r);
    }
  }

  /** Parses leniently: malformed lines are skipped and counted. */
  public static Retracer parseLenient(Reader reader) throws IOException {
    return new MappingFile(true).read(reader);
  }

  private Retracer read(Reader reader) throws IOException {
    BufferedReader in =
        reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
    String line;
    while ((line = in.readLine()) != null) {
      lineNo++;
      try {
        parseLine(line);
      } catch (MappingParseException e) {
        if (!lenient) {
          throw e;
        }
        skipped++;
        if (warnings.size() < MAX_WARNINGS) {
          warnings.add(e.getMessage());
        }
      }
    }
    finishClass();
    CompactMapping m = new CompactMapping(classes, Arrays.copyOf(obfName, n),
        Arrays.copyOf(holder, n), Arrays.copyOf(name, n), Arrays.copyOf(returnType, n),
        Arrays.copyOf(params, n), Arrays.copyOf(minStart, n), Arrays.copyOf(minEnd, n),
        Arrays.copyOf(origStart, n), Arrays.copyOf(origEnd, n), Arrays.copyOf(flags, n),
        Arrays.copyOf(meta, n), metas.toArray(new MemberMeta[0]), List.copyOf(mapVersions),
        pgMapId, skipped, List.copyOf(warnings));
    return new Retracer(m);
  }

  private void parseLine(String line) {
    int p = 0;
    int len = line.length();
    while (p < len && Character.isWhitespace(line.charAt(p))) {
      p++;
    }
    if (p == len) {
      return;
    }
    if (line.charAt(p) == '#') {
      parseComment(line.substring(p + 1).trim());
    } else if (p == 0) {
      parseClassLine(line);
    } else {
      parseMemberLine(line, p);
    }
  }

  private void parseClassLine(String line) {
    int arrow = line.indexOf(" -> ");
    String trimmed = line.stripTrailing();
    if (arrow <= 0 || !trimmed.endsWith(":")) {
      throw error("expected 'original.Class -> obfuscated:'");
    }
    String original = line.substring(0, arrow).trim();
    String obf = trimmed.substring(arrow + 4, trimmed.length() - 1).trim();
    if (original.isEmpty() || obf.isEmpty() || obf.indexOf(' ') >= 0
        || original.indexOf(' ') >= 0) {
      throw error("expected 'original.Class -> obfuscated:'");
    }
    finishClass();
    current = new ClassEntry(intern(original), intern(obf));
    current.start = n;
    lastMember = -1;
    // A later duplicate keeps the first entry: R8 does not merge them either.
    classes.putIfAbsent(current.obfuscated, current);
  }

  private void parseMemberLine(String line, int p) {
    if (current == null) {
      throw error("member line before any class line");
    }
    int arrow = line.indexOf(" -> ", p);
    if (arrow < 0) {
      throw error("expected ' -> '");
    }
    String obf = line.substring(arrow + 4).trim();
    if (obf.isEmpty() || obf.indexOf(' ') >= 0) {
      throw error("bad obfuscated name");
    }
    int paren = line.indexOf('(', p);
    if (paren < 0 || paren > arrow) {
      // A field: retrace does not map fields in stack frames; validate and skip.
      if (line.substring(p, arrow).trim().indexOf(' ') < 0) {
        throw error("expected 'type name -> obfuscated'");
      }
      lastMember = -1;
      return;
    }
    int a = CompactMapping.NONE;
    int b = CompactMapping.NONE;
    int i = p;
    if (Character.isDigit(line.charAt(i))) {
      int colon = line.indexOf(':', i);
      if (colon < 0 || colon > paren) {
        throw error("bad line range");
      }
      a = parseInt(line, i, colon);
      int colon2 = line.indexOf(':', colon + 1);
      if (colon2 < 0 || colon2 > paren) {
        throw error("bad line range");
      }
      b = parseInt(line, colon + 1, colon2);
      if (a > b) { // R8 tolerates inverted ranges; store them normalized.
        int t = a;
        a = b;
        b = t;
      }
      i = colon2 + 1;
    }
    int space = line.indexOf(' ', i);
    if (space < 0 || space > paren) {
      throw error("expected 'type name(args)'");
    }
    String type = line.substring(i, space);
    String qualified = line.substring(space + 1, paren).trim();
    int close = line.indexOf(')', paren);
    if (close < 0 || close > arrow || type.isEmpty() || qualified.isEmpty()) {
      throw error("expected 'type name(args)'");
    }
    String args = line.substring(paren + 1, close);
    int c = CompactMapping.NONE;
    int d = CompactMapping.NONE;
    boolean cardinal = false;
    int rest = close + 1;
    int restEnd = arrow;
    while (restEnd > rest && line.charAt(restEnd - 1) == ' ') {
      restEnd--;
    }
    if (rest < restEnd) {
      if (line.charAt(rest) != ':') {
        throw error("unexpected text after ')'");
      }
      int colon2 = line.indexOf(':', rest + 1);
      if (colon2 < 0 || colon2 > restEnd) {
        c = parseInt(line, rest + 1, restEnd);
        d = c;
        cardinal = true;
      } else {
        c = parseInt(line, rest + 1, colon2);
        d = parseInt(line, colon2 + 1, restEnd);
      }
    }
    int dot = qualified.lastIndexOf('.');
    ensureCapacity();
    obfName[n] = intern(obf);
    holder[n] = dot < 0 ? null : intern(qualified.substring(0, dot));
    name[n] = intern(dot < 0 ? qualified : qualified.substring(dot + 1));
    returnType[n] = intern(type);
    params[n] = intern(args.indexOf(' ') < 0 ? args : args.replace(" ", ""));
    minStart[n] = a;
    minEnd[n] = b;
    origStart[n] = c;
    origEnd[n] = d;
    flags[n] = (byte) (cardinal ? CompactMapping.CARDINAL : 0);
    meta[n] = -1;
    lastMember = n;
    n++;
  }

  private void parseComment(String text) {
    if (text.startsWith("pg_map_id:")) {
      pgMapId = text.substring("pg_map_id:".length()).trim();
      return;
    }
    if (!text.startsWith("{")) {
      return; // Free-form comments (compiler, version, hash lines) carry nothing retrace needs.
    }
    Object parsed;
    try {
      parsed = MiniJson.parse(text);
    } catch (IllegalArgumentException e) {
      throw error("bad metadata JSON: " + e.getMessage());
    }
    if (!(parsed instanceof Map<?, ?> json) || !(json.get("id") instanceof String id)) {
      throw error("metadata without an id");
    }
    switch (id) {
      case "com.android.tools.r8.mapping" -> {
        if (json.get("version") instanceof String v) {
          mapVersions.add(v);
        }
        if (json.get("pg_map_id") instanceof String pg) {
          pgMapId = pg;
        }
      }
      case "sourceFile" -> {
        if (current != null && json.get("fileName") instanceof String f) {
          current.sourceFile = intern(f);
        }
      }
      case "com.android.tools.r8.synthesized" -> {
        if (lastMember >= 0) {
          flags[lastMember] |= CompactMapping.SYNTHESIZED;
        } else if (current != null) {
          current.synthesized = true;
        }
      }
      case "com.android.tools.r8.outline" -> {
        if (lastMember >= 0) {
          flags[lastMember] |= CompactMapping.OUTLINE;
        }
      }
      case "com.android.tools.r8.outlineCallsite" -> {
        if (lastMember >= 0 && json.get("positions") instanceof Map<?, ?> positions) {
          MemberMeta m = metaFor(lastMember);
          m.callsiteFrom = new int[positions.size()];
          m.callsiteTo = new int[positions.size()];
          int k = 0;
          for (Map.Entry<?, ?> e : positions.entrySet()) {
            m.callsiteFrom[k] = parseNumber(e.getKey());
            m.callsiteTo[k++] = parseNumber(e.getValue());
          }
        }
      }
      case "com.android.tools.r8.rewriteFrame" -> {
        if (lastMember >= 0) {
          MemberMeta m = metaFor(lastMember);
          if (m.rewrites == null) {
            m.rewrites = new ArrayList<>(1);
          }
          m.rewrites.add(new RewriteRule(strings(json.get("conditions")),
              strings(json.get("actions"))));
        }
      }
      case "com.android.tools.r8.residualsignature" -> {
        if (lastMember >= 0 && json.get("signature") instanceof String sig) {
          metaFor(lastMember).residualSignature = sig;
        }
      }
      default -> { } // Unknown ids are ignored, as R8 does.
    }
  }

  private MemberMeta metaFor(int member) {
    if (meta[member] < 0) {
      meta[member] = metas.size();
      metas.add(new MemberMeta());
    }
    return metas.get(meta[member]);
  }

  private List<String> strings(Object o) {
    List<String> out = new ArrayList<>();
    if (o instanceof List<?> l) {
      for (Object e : l) {
        out.add(String.valueOf(e));
      }
    }
    return out;
  }

  private int parseNumber(Object o) {
    String s = String.valueOf(o);
    return parseInt(s, 0, s.length());
  }

  /** Closes the current class: spreads synthesized flags and sorts its members by name. */
  private void finishClass() {
    if (current == null) {
      return;
    }
    int start = current.start;
    current.end = n;
    // R8 treats "synthesized" as a property of the method, so every range of it is synthesized.
    Set<String> synthesized = null;
    for (int i = start; i < n; i++) {
      if ((flags[i] & CompactMapping.SYNTHESIZED) != 0) {
        if (synthesized == null) {
          synthesized = new HashSet<>();
        }
        synthesized.add(signatureKey(i));
      }
    }
    if (synthesized != null) {
      for (int i = start; i < n; i++) {
        if (synthesized.contains(signatureKey(i))) {
          flags[i] |= CompactMapping.SYNTHESIZED;
        }
      }
    }
    sortByName(start, n);
    current = null;
    lastMember = -1;
  }

  private String signatureKey(int i) {
    return holder[i] + " " + returnType[i] + " " + name[i] + "(" + params[i] + ")";
  }

  /** Stable sort of members [from, to) by obfuscated name, permuting every parallel array. */
  private void sortByName(int from, int to) {
    boolean sorted = true;
    for (int i = from + 1; i < to && sorted; i++) {
      sorted = obfName[i - 1].compareTo(obfName[i]) <= 0;
    }
    if (sorted) {
      return;
    }
    Integer[] order = new Integer[to - from];
    for (int i = 0; i < order.length; i++) {
      order[i] = from + i;
    }
    Arrays.sort(order, (x, y) -> obfName[x].compareTo(obfName[y])); // TimSort: stable
    permute(obfName, order, from);
    permute(holder, order, from);
    permute(name, order, from);
    permute(returnType, order, from);
    permute(params, order, from);
    permute(minStart, order, from);
    permute(minEnd, order, from);
    permute(origStart, order, from);
    permute(origEnd, order, from);
    permute(meta, order, from);
    byte[] f = new byte[order.length];
    for (int i = 0; i < order.length; i++) {
      f[i] = flags[order[i]];
    }
    System.arraycopy(f, 0, flags, from, f.length);
  }

  private static void permute(String[] a, Integer[] order, int from) {
    String[] t = new String[order.length];
    for (int i = 0; i < order.length; i++) {
      t[i] = a[order[i]];
    }
    System.arraycopy(t, 0, a, from, t.length);
  }

  private static void permute(int[] a, Integer[] order, int from) {
    int[] t = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      t[i] = a[order[i]];
    }
    System.arraycopy(t, 0, a, from, t.length);
  }

  private void ensureCapacity() {
    if (n < obfName.length) {
      return;
    }
    int cap = obfName.length * 2;
    obfName = Arrays.copyOf(obfName, cap);
    holder = Arrays.copyOf(holder, cap);
    name = Arrays.copyOf(name, cap);
    returnType = Arrays.copyOf(returnType, cap);
    params = Arrays.copyOf(params, cap);
    minStart = Arrays.copyOf(minStart, cap);
    minEnd = Arrays.copyOf(minEnd, cap);
    origStart = Arrays.copyOf(origStart, cap);
    origEnd = Arrays.copyOf(origEnd, cap);
    flags = Arrays.copyOf(flags, cap);
    meta = Arrays.copyOf(meta, cap);
  }

  private int parseInt(String s, int from, int to) {
    if (from >= to || to - from > 9) {
      throw error("bad number '" + s.substring(from, Math.max(from, to)) + "'");
    }
    int v = 0;
    for (int i = from; i < to; i++) {
      char ch = s.charAt(i);
      if (ch < '0' || ch > '9') {
        throw error("bad number '" + s.substring(from, to) + "'");
      }
      v = v * 10 + (ch - '0');
    }
    return v;
  }

  private String intern(String s) {
    String prior = pool.putIfAbsent(s, s);
    return prior == null ? s : prior;
  }

  private MappingParseException error(String message) {
    return new MappingParseException(lineNo, message);
  }
}
