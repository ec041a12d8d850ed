package dev.crashflow.warehouse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the BigQuery JSON schema files in {@code schemas/} (the single source of truth for table
 * shapes) and maps BigQuery types to DuckDB types for the local warehouse.
 *
 * <p>A schema file is what {@code bq show --schema} prints and Terraform's {@code schema}
 * argument takes: an array of {@code {"name","type","mode","description","fields"}}. An object
 * with a {@code "fields"} array is accepted too. Keys other than those five are ignored.
 */
public final class TableSchemas {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> MODES = Set.of("NULLABLE", "REQUIRED", "REPEATED");
  private static final Set<String> TYPES = Set.of(
      "STRING", "BYTES", "INTEGER", "INT64", "FLOAT", "FLOAT64", "NUMERIC", "BIGNUMERIC",
      "BOOLEAN", "BOOL", "TIMESTAMP", "DATE", "DATETIME", "TIME", "JSON", "RECORD", "STRUCT",
      "GEOGRAPHY", "INTERVAL", "RANGE");

  private TableSchemas() {}

  /** Loads classpath resource {@code schemas/<table>.json}. */
  public static TableSchema load(String table) {
    return loadResource("schemas/" + table + ".json");
  }

  /** Loads a schema from any classpath resource (tests keep theirs apart from the real ones). */
  public static TableSchema loadResource(String resource) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = TableSchemas.class.getClassLoader();
    }
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("Table schema resource '" + resource
            + "' not found on the classpath (schemas live in schemas/<table>.json)");
      }
      return fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage().contains(resource) ? e.getMessage()
              : "Invalid table schema resource '" + resource + "': " + e.getMessage(), e);
    }
  }

  /** Parses and validates a BigQuery JSON schema. */
  public static TableSchema fromJson(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root != null && root.isObject() && root.has("fields")) {
      root = root.get("fields");
    }
    if (root == null || !root.isArray() || root.isEmpty()) {
      throw new IllegalArgumentException(
          "a schema must be a non-empty JSON array of fields (or an object with \"fields\")");
    }
    return new TableSchema().setFields(parseFields(root, ""));
  }

  private static List<TableFieldSchema> parseFields(JsonNode array, String parent) {
    List<TableFieldSchema> fields = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (JsonNode node : array) {
      if (!node.isObject()) {
        throw new IllegalArgumentException("field entries must be objects, got " + node
            + (parent.isEmpty() ? "" : " in " + parent));
      }
      String name = node.path("name").asText("");
      String path = parent.isEmpty() ? name : parent + "." + name;
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("invalid field name '" + path + "'");
      }
      // BigQuery column names are case-insensitive, so "Foo" and "foo" collide.
      if (!seen.add(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("duplicate field '" + path + "'");
      }
      String type = node.path("type").asText("").toUpperCase(Locale.ROOT);
      if (!TYPES.contains(type)) {
        throw new IllegalArgumentException("field '" + path + "' has unknown type '"
            + node.path("type").asText("") + "'");
      }
      String mode = node.path("mode").asText("NULLABLE").toUpperCase(Locale.ROOT);
      if (!MODES.contains(mode)) {
        throw new IllegalArgumentException("field '" + path + "' has unknown mode '" + mode + "'");
      }
      TableFieldSchema field = new TableFieldSchema().setName(name).setType(type).setMode(mode);
      if (node.hasNonNull("description")) {
        field.setDescription(node.get("description").asText());
      }
      boolean record = isRecord(type);
      JsonNode sub = node.get("fields");
      if (record && (sub == null || !sub.isArray() || sub.isEmpty())) {
        throw new IllegalArgumentException("RECORD field '" + path + "' needs non-empty fields");
      }
      if (!record && sub != null) {
        throw new IllegalArgumentException("field '" + path + "' of type " + type
            + " cannot have nested fields");
      }
      if (record) {
        field.setFields(parseFields(sub, path));
      }
      fields.add(field);
    }
    return fields;
  }

  static boolean isRecord(String type) {
    return "RECORD".equals(type) || "STRUCT".equals(type);
  }

  static boolean isRepeated(TableFieldSchema field) {
    return "REPEATED".equalsIgnoreCase(field.getMode());
  }

  /** The DuckDB type of a column: {@code STRUCT(...)} for records, {@code T[]} when REPEATED. */
  public static String duckDbType(TableFieldSchema field) {
    String element = elementType(field, false);
    return isRepeated(field) ? element + "[]" : element;
  }

  /**
   * The type DuckDB's JSON reader parses a cell as before conversion: BYTES stay base64 text and
   * JSON stays a JSON value, since the reader cannot decode either itself.
   */
  static String readType(TableFieldSchema field) {
    String element = elementType(field, true);
    return isRepeated(field) ? element + "[]" : element;
  }

  private static String elementType(TableFieldSchema field, boolean forReading) {
    String type = field.getType().toUpperCase(Locale.ROOT);
    switch (type) {
      case "STRING":
      case "GEOGRAPHY": // WKT text; DuckDB's spatial extension would need a download.
      case "INTERVAL": // BigQuery's interval text ("1-2 3 4:5:6") has no DuckDB parser.
      case "RANGE":
        return "VARCHAR";
      case "BYTES":
        return forReading ? "VARCHAR" : "BLOB";
      case "INTEGER":
      case "INT64":
        return "BIGINT";
      case "FLOAT":
      case "FLOAT64":
        return "DOUBLE";
      case "NUMERIC":
        return "DECIMAL(38,9)";
      case "BIGNUMERIC": // 76 digits exceed DuckDB's DECIMAL(38); DOUBLE keeps the magnitude.
        return "DOUBLE";
      case "BOOLEAN":
      case "BOOL":
        return "BOOLEAN";
      case "TIMESTAMP":
        return "TIMESTAMPTZ";
      case "DATE":
        return "DATE";
      case "DATETIME":
        return "TIMESTAMP";
      case "TIME":
        return "TIME";
      case "JSON":
        return "JSON";
      case "RECORD":
      case "STRUCT":
        return field.getFields().stream()
            .map(f -> quoteIdent(f.getName()) + " "
                + (forReading ? readType(f) : duckDbType(f)))
            .collect(Collectors.joining(", ", "STRUCT(", ")"));
      default:
        throw new IllegalArgumentException(
            "field '" + field.getName() + "' has unsupported type " + type);
    }
  }

  static String quoteIdent(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  static String quoteLiteral(String text) {
    return '\'' + text.replace("'", "''") + '\'';
  }
}
