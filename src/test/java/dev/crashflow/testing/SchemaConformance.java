package dev.crashflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that a row (a TableRow or any map) fits a table's schema in {@code schemas/}: every key
 * is a column, every value has the column's type and mode, and REQUIRED columns are set. Returns
 * the problems, so a test can print all of them at once.
 */
public final class SchemaConformance {
  private SchemaConformance() {}

  public static List<String> problems(String table, Map<String, Object> row) {
    List<String> out = new ArrayList<>();
    check(load(table), row, table, out);
    return out;
  }

  public static JsonNode load(String table) {
    try (InputStream in = SchemaConformance.class.getClassLoader()
        .getResourceAsStream("schemas/" + table + ".json")) {
      if (in == null) {
        throw new IllegalArgumentException("no schemas/" + table + ".json on the classpath");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static void check(JsonNode fields, Map<String, Object> row, String path, List<String> out) {
    Map<String, JsonNode> byName = new HashMap<>();
    fields.forEach(f -> byName.put(f.get("name").asText(), f));
    for (Map.Entry<String, Object> e : row.entrySet()) {
      JsonNode f = byName.get(e.getKey());
      String p = path + "." + e.getKey();
      if (f == null) {
        out.add(p + ": not a column of the schema");
        continue;
      }
      Object v = e.getValue();
      if (v == null) {
        continue;
      }
      if ("REPEATED".equals(f.path("mode").asText())) {
        if (!(v instanceof List)) {
          out.add(p + ": REPEATED column holds " + v.getClass().getSimpleName());
          continue;
        }
        int i = 0;
        for (Object item : (List<Object>) v) {
          value(f, item, p + "[" + i++ + "]", out);
        }
      } else {
        value(f, v, p, out);
      }
    }
    for (JsonNode f : fields) {
      if ("REQUIRED".equals(f.path("mode").asText()) && row.get(f.get("name").asText()) == null) {
        out.add(path + "." + f.get("name").asText() + ": REQUIRED column is missing");
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void value(JsonNode f, Object v, String p, List<String> out) {
    String type = f.get("type").asText();
    boolean ok;
    switch (type) {
      case "STRING": ok = v instanceof String; break;
      case "INTEGER": case "INT64": ok = v instanceof Long || v instanceof Integer; break;
      case "FLOAT": case "FLOAT64": ok = v instanceof Number; break;
      case "BOOLEAN": case "BOOL": ok = v instanceof Boolean; break;
      case "TIMESTAMP": ok = v instanceof String && parses((String) v); break;
      case "BYTES": ok = v instanceof String && isBase64((String) v); break;
      case "RECORD": case "STRUCT":
        ok = v instanceof Map;
        if (ok) {
          check(f.get("fields"), (Map<String, Object>) v, p, out);
        }
        break;
      default: ok = true;
    }
    if (!ok) {
      out.add(p + ": " + type + " column holds " + v.getClass().getSimpleName() + " " + v);
    }
  }

  private static boolean parses(String s) {
    try {
      Instant.parse(s);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean isBase64(String s) {
    try {
      Base64.getDecoder().decode(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
