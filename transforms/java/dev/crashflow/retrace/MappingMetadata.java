package dev.crashflow.retrace;

import static dev.crashflow.retrace.CharLines.indexOf;
import static dev.crashflow.retrace.CharLines.startsWith;

import dev.crashflow.retrace.CompactMapping.ClassEntry;
import dev.crashflow.retrace.CompactMapping.MemberMeta;
import dev.crashflow.retrace.CompactMapping.RewriteRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The comment lines of a mapping file, for {@link MappingFile}: {@code pg_map_id:} and R8's
 * {@code # {...}} JSON metadata (map version, {@code pg_map_id}, {@code sourceFile},
 * {@code synthesized}, {@code rewriteFrame}, {@code outline}, {@code outlineCallsite},
 * {@code residualsignature}). Metadata after a member line belongs to that member; after a class
 * line, to the class. Free-form comments carry nothing retrace needs.
 */
final class MappingMetadata {
  final List<MemberMeta> metas = new ArrayList<>();
  final List<String> mapVersions = new ArrayList<>();
  String pgMapId;

  private final NamePool pool;
  private final CompactMappingBuilder members;
  private ClassEntry current;
  private int lastMember = -1;
  private int lineNo;

  MappingMetadata(NamePool pool, CompactMappingBuilder members) {
    this.pool = pool;
    this.members = members;
  }

  private static final String SYNTHESIZED_JSON = "{\"id\":\"com.android.tools.r8.synthesized\"}";
  private static final String SOURCE_FILE_JSON = "{\"id\":\"sourceFile\",\"fileName\":\"";

  /**
   * Reads a comment line's text {@code [from, to)} (after {@code #}) that follows class
   * {@code current} (null before any) and member {@code lastMember} (-1 when the last line was a
   * class line).
   */
  void comment(char[] b, int from, int to, ClassEntry current, int lastMember, int lineNo) {
    this.current = current;
    this.lastMember = lastMember;
    this.lineNo = lineNo;
    if (startsWith(b, from, to, "pg_map_id:")) {
      pgMapId = new String(b, from + 10, to - from - 10).trim();
    } else if (from < to && b[from] == '{') {
      // The two forms R8 writes on nearly every class or member, read without a JSON parser.
      int name = from + SOURCE_FILE_JSON.length();
      if (to - from == SYNTHESIZED_JSON.length() && startsWith(b, from, to, SYNTHESIZED_JSON)) {
        synthesized();
      } else if (startsWith(b, from, to, SOURCE_FILE_JSON) && to - name >= 2 && b[to - 1] == '}'
          && b[to - 2] == '"' && indexOf(b, '"', name, to - 2) < 0
          && indexOf(b, '\\', name, to - 2) < 0) {
        sourceFile(pool.intern(b, name, to - 2));
      } else {
        parseMetadata(new String(b, from, to - from));
      }
    } // Free-form comments (compiler, version, hash lines) carry nothing retrace needs.
  }

  private void synthesized() {
    if (lastMember >= 0) {
      members.addFlag(lastMember, CompactMapping.SYNTHESIZED);
    } else if (current != null) {
      current.synthesized = true;
    }
  }

  private void sourceFile(String fileName) {
    if (current != null) {
      current.sourceFile = fileName;
    }
  }

  private void parseMetadata(String text) {
    Object parsed;
    try {
      parsed = MiniJson.parse(text);
    } catch (IllegalArgumentException e) {
      throw new MappingParseException(lineNo, "bad metadata JSON: " + e.getMessage());
    }
    if (!(parsed instanceof Map<?, ?> json) || !(json.get("id") instanceof String id)) {
      throw new MappingParseException(lineNo, "metadata without an id");
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
        if (json.get("fileName") instanceof String f) {
          sourceFile(pool.intern(f));
        }
      }
      case "com.android.tools.r8.synthesized" -> synthesized();
      case "com.android.tools.r8.outline" -> {
        if (lastMember >= 0) {
          members.addFlag(lastMember, CompactMapping.OUTLINE);
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
    if (members.meta(member) < 0) {
      members.setMeta(member, metas.size());
      metas.add(new MemberMeta());
    }
    return metas.get(members.meta(member));
  }

  private static List<String> strings(Object o) {
    List<String> out = new ArrayList<>();
    if (o instanceof List<?> l) {
      for (Object e : l) {
        out.add(String.valueOf(e));
      }
    }
    return out;
  }

  private int parseNumber(Object o) {
    char[] s = String.valueOf(o).toCharArray();
    return MappingFile.parseInt(s, 0, s.length, lineNo);
  }
}
