package dev.crashflow.retrace;

import static dev.crashflow.retrace.CharLines.indexOf;
import static dev.crashflow.retrace.CharLines.indexOfArrow;
import static dev.crashflow.retrace.CharLines.lastIndexOf;
import static dev.crashflow.retrace.CharLines.skipSpace;
import static dev.crashflow.retrace.CharLines.trimEnd;

import dev.crashflow.retrace.CompactMapping.ClassEntry;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses ProGuard and R8 {@code mapping.txt} files into a {@link Retracer}.
 *
 * <p>Class lines {@code original -> obfuscated:}, member lines
 * {@code [a:b:]type name(args)[:c[:d]] -> obf}, field lines, and {@code #} comments with R8's
 * JSON metadata (read by {@link MappingMetadata}). Parsing is hand-written and works on the
 * characters of each line in place ({@link CharLines}): names are interned straight from the buffer ({@link NamePool}), so the
 * only strings made are the distinct names, and a 50 MB file loads into about its own size of
 * heap ({@link CompactMapping}).
 *
 * <p>Malformed lines: {@link #parse(Reader)} throws {@link MappingParseException} naming the line;
 * {@link #parseLenient(Reader)} skips them and reports {@link Retracer#skippedLines()} and the
 * first {@value #MAX_WARNINGS} messages in {@link Retracer#warnings()}.
 */
public final class MappingFile {
  static final int MAX_WARNINGS = 20;

  private final boolean lenient;
  private final NamePool pool;
  private final CompactMappingBuilder members;
  private final MappingMetadata metadata;
  private final Map<String, ClassEntry> classes = new HashMap<>();
  private final List<String> warnings = new ArrayList<>();
  private int skipped;
  private int lineNo;
  private ClassEntry current;
  private int lastMember = -1;
  private char[] scratch = new char[256];
  private final MemberLine fast = new MemberLine();

  /** @param expectedMembers a guess at the member lines, to size arrays once */
  private MappingFile(boolean lenient, int expectedMembers) {
    this.lenient = lenient;
    this.members = new CompactMappingBuilder(expectedMembers);
    // Mappings seen: a distinct name per 1 to 4 members, 5 to 20 chars each.
    this.pool = new NamePool(expectedMembers / 4, expectedMembers * 6);
    this.metadata = new MappingMetadata(pool, members);
  }

  /** Parses strictly: the first malformed line throws {@link MappingParseException}. */
  public static Retracer parse(Reader reader) throws IOException {
    return new MappingFile(false, 0).read(reader);
  }

  /** Parses a UTF-8 file strictly. */
  public static Retracer parse(Path path) throws IOException {
    // Member lines take some 70 to 100 bytes: size the arrays from the file, not by doubling.
    int expected = (int) Math.min(Files.size(path) / 72, 1 << 22);
    try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      return new MappingFile(false, expected).read(r);
    }
  }

  /** Parses leniently: malformed lines are skipped and counted. */
  public static Retracer parseLenient(Reader reader) throws IOException {
    return new MappingFile(true, 0).read(reader);
  }

  private Retracer read(Reader reader) throws IOException {
    CharLines lines = new CharLines(reader);
    while (lines.next()) {
      lineNo++;
      try {
        parseLine(lines.buffer(), lines.start(), lines.end());
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
    return new Retracer(
        members.build(classes.values(), metadata.metas, metadata.mapVersions,
            metadata.pgMapId, skipped, warnings));
  }

  private void parseLine(char[] b, int from, int to) {
    int p = skipSpace(b, from, to);
    int e = trimEnd(b, p, to);
    if (p == e) {
      return;
    }
    if (b[p] == '#') {
      metadata.comment(b, skipSpace(b, p + 1, e), e, current, lastMember, lineNo);
    } else if (p == from) {
      parseClassLine(b, p, e);
    } else {
      parseMemberLine(b, p, e);
    }
  }

  /** {@code original -> obfuscated:}, already trimmed to {@code [from, to)}. */
  private void parseClassLine(char[] b, int from, int to) {
    int arrow = indexOfArrow(b, from, to);
    if (arrow <= from || b[to - 1] != ':') {
      throw error("expected 'original.Class -> obfuscated:'");
    }
    int origEnd = trimEnd(b, from, arrow);
    int obfFrom = skipSpace(b, arrow + 4, to - 1);
    int obfTo = trimEnd(b, obfFrom, to - 1);
    if (origEnd == from || obfFrom == obfTo || indexOf(b, ' ', obfFrom, obfTo) >= 0
        || indexOf(b, ' ', from, origEnd) >= 0) {
      throw error("expected 'original.Class -> obfuscated:'");
    }
    finishClass();
    current = new ClassEntry(pool.intern(b, from, origEnd), pool.intern(b, obfFrom, obfTo));
    current.start = members.size();
    lastMember = -1;
    // A later duplicate keeps the first entry: R8 does not merge them either.
    classes.putIfAbsent(current.obfuscated, current);
  }

  /** {@code [a:b:]type name(args)[:c[:d]] -> obf} or {@code type field -> obf}, trimmed. */
  private void parseMemberLine(char[] b, int p, int to) {
    if (current == null) {
      throw error("member line before any class line");
    }
    MemberLine f = fast;
    if (f.split(b, p, to)) {
      f.intern(pool, b, to);
      lastMember = members.add(f.obf, f.obfHash, f.holder == current.original ? null : f.holder,
          f.name, f.type, f.params, f.minStart, f.minEnd, f.origStart, f.origEnd,
          f.cardinal ? CompactMapping.CARDINAL : 0);
      return;
    }
    // One pass to the arrow: the first '(' and the first ')' after it, on the member side.
    int paren = -1;
    int close = -1;
    int arrow = -1;
    for (int i = p; i < to; i++) {
      char ch = b[i];
      if (ch == '(') {
        paren = paren < 0 ? i : paren;
      } else if (ch == ')') {
        close = close < 0 && paren >= 0 ? i : close;
      } else if (ch == '>' && i - 2 >= p && b[i - 1] == '-' && b[i - 2] == ' ' && i + 1 < to
          && b[i + 1] == ' ') {
        arrow = i - 2;
        break;
      }
    }
    if (arrow < 0) {
      throw error("expected ' -> '");
    }
    int obfFrom = skipSpace(b, arrow + 4, to);
    if (obfFrom == to || indexOf(b, ' ', obfFrom, to) >= 0) {
      throw error("bad obfuscated name");
    }
    if (paren < 0) {
      // A field: retrace does not map fields in stack frames; validate and skip.
      if (indexOf(b, ' ', p, trimEnd(b, p, arrow)) < 0) {
        throw error("expected 'type name -> obfuscated'");
      }
      lastMember = -1;
      return;
    }
    int a = CompactMapping.NONE;
    int z = CompactMapping.NONE;
    int i = p;
    if (b[i] >= '0' && b[i] <= '9') {
      int colon = indexOf(b, ':', i, paren);
      int colon2 = colon < 0 ? -1 : indexOf(b, ':', colon + 1, paren);
      if (colon2 < 0) {
        throw error("bad line range");
      }
      a = parseInt(b, i, colon);
      z = parseInt(b, colon + 1, colon2);
      if (a > z) { // R8 tolerates inverted ranges; store them normalized.
        int t = a;
        a = z;
        z = t;
      }
      i = colon2 + 1;
    }
    int space = indexOf(b, ' ', i, paren);
    int nameFrom = space < 0 ? -1 : skipSpace(b, space + 1, paren);
    int nameTo = space < 0 ? -1 : trimEnd(b, nameFrom, paren);
    if (space < 0 || space == i || nameFrom == nameTo || close < 0) {
      throw error("expected 'type name(args)'");
    }
    int c = CompactMapping.NONE;
    int d = CompactMapping.NONE;
    int flags = 0;
    int rest = close + 1;
    int restEnd = arrow;
    while (restEnd > rest && b[restEnd - 1] == ' ') {
      restEnd--;
    }
    if (rest < restEnd) {
      if (b[rest] != ':') {
        throw error("unexpected text after ')'");
      }
      int colon2 = indexOf(b, ':', rest + 1, restEnd);
      if (colon2 < 0) {
        c = parseInt(b, rest + 1, restEnd);
        d = c;
        flags = CompactMapping.CARDINAL;
      } else {
        c = parseInt(b, rest + 1, colon2);
        d = parseInt(b, colon2 + 1, restEnd);
      }
    }
    int dot = lastIndexOf(b, '.', nameFrom, nameTo);
    String holder = dot < 0 ? null : pool.intern(b, nameFrom, dot);
    if (holder == current.original) {
      holder = null; // the class itself, as in an unqualified name
    }
    String obf = pool.intern(b, obfFrom, to);
    lastMember = members.add(obf, pool.lastHash(), holder,
        pool.intern(b, dot < 0 ? nameFrom : dot + 1, nameTo), pool.intern(b, i, space),
        params(b, paren + 1, close), a, z, c, d, flags);
  }

  /** The parameter list without spaces, interned. */
  private String params(char[] b, int from, int to) {
    if (indexOf(b, ' ', from, to) < 0) {
      return pool.intern(b, from, to);
    }
    if (scratch.length < to - from) {
      scratch = new char[to - from];
    }
    int n = 0;
    for (int i = from; i < to; i++) {
      if (b[i] != ' ') {
        scratch[n++] = b[i];
      }
    }
    return pool.intern(scratch, 0, n);
  }

  private void finishClass() {
    if (current != null) {
      current.hashCollision = members.finishClass(current.start);
      current.end = members.size();
    }
    current = null;
    lastMember = -1;
  }

  private int parseInt(char[] b, int from, int to) {
    return parseInt(b, from, to, lineNo);
  }

  /** A non-negative decimal int of 1 to 9 digits, else {@link MappingParseException}. */
  static int parseInt(char[] b, int from, int to, int lineNo) {
    if (from >= to || to - from > 9) {
      throw new MappingParseException(lineNo,
          "bad number '" + new String(b, from, Math.max(0, to - from)) + "'");
    }
    int v = 0;
    for (int i = from; i < to; i++) {
      char ch = b[i];
      if (ch < '0' || ch > '9') {
        throw new MappingParseException(lineNo,
            "bad number '" + new String(b, from, to - from) + "'");
      }
      v = v * 10 + (ch - '0');
    }
    return v;
  }

  private MappingParseException error(String message) {
    return new MappingParseException(lineNo, message);
  }
}
