package dev.crashflow.warehouse;

import static dev.crashflow.warehouse.TableSchemas.isRecord;
import static dev.crashflow.warehouse.TableSchemas.isRepeated;
import static dev.crashflow.warehouse.TableSchemas.quoteIdent;
import static dev.crashflow.warehouse.TableSchemas.quoteLiteral;

import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableSchema;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Builds the SQL of the DuckDB view that exposes one table's newline-delimited TableRow JSON files
 * with the column types of its BigQuery schema.
 *
 * <p>DuckDB's reader parses each cell straight into the schema's type, except where the TableRow
 * encoding needs a step the reader cannot do: BYTES arrive base64-encoded, JSON columns arrive as
 * a string holding JSON text, and a missing REPEATED field means an empty array in BigQuery but
 * NULL to the reader. Those columns get a conversion expression; all others pass through.
 */
final class JsonViewSql {

  /** TableRows with big stack traces can be large; DuckDB's default limit is 16 MB a line. */
  private static final long MAX_OBJECT_BYTES = 256L * 1024 * 1024;

  private JsonViewSql() {}

  /** {@code CREATE OR REPLACE VIEW} reading exactly {@code files} (which must be non-empty). */
  static String viewOverFiles(String table, TableSchema schema, List<Path> files) {
    String fileList = files.stream()
        .map(p -> quoteLiteral(p.toString()))
        .collect(Collectors.joining(", ", "[", "]"));
    String columns = schema.getFields().stream()
        .map(f -> quoteLiteral(f.getName()) + ": " + quoteLiteral(TableSchemas.readType(f)))
        .collect(Collectors.joining(", ", "{", "}"));
    String select = schema.getFields().stream()
        .map(f -> {
          String ref = "src." + quoteIdent(f.getName());
          String expr = needsConversion(f)
              ? "CAST(" + convert(f, ref, 1) + " AS " + TableSchemas.duckDbType(f) + ")"
              : ref;
          return expr + " AS " + quoteIdent(f.getName());
        })
        .collect(Collectors.joining(",\n  "));
    return "CREATE OR REPLACE VIEW " + quoteIdent(table) + " AS SELECT\n  " + select
        + "\nFROM read_json(" + fileList + ", format = 'newline_delimited', columns = " + columns
        + ", maximum_object_size = " + MAX_OBJECT_BYTES + ") AS src";
  }

  /** A view with the table's typed columns and no rows, for a table without files yet. */
  static String emptyView(String table, TableSchema schema) {
    String select = schema.getFields().stream()
        .map(f -> "CAST(NULL AS " + TableSchemas.duckDbType(f) + ") AS " + quoteIdent(f.getName()))
        .collect(Collectors.joining(", "));
    return "CREATE OR REPLACE VIEW " + quoteIdent(table) + " AS SELECT " + select + " WHERE false";
  }

  private static boolean needsConversion(TableFieldSchema field) {
    if (isRepeated(field)) {
      return true;
    }
    String type = field.getType().toUpperCase(Locale.ROOT);
    if (type.equals("BYTES") || type.equals("JSON")) {
      return true;
    }
    return isRecord(type) && field.getFields().stream().anyMatch(JsonViewSql::needsConversion);
  }

  /** The expression turning the reader's value {@code ref} into the schema's DuckDB value. */
  private static String convert(TableFieldSchema field, String ref, int depth) {
    if (isRepeated(field)) {
      TableFieldSchema element = field.clone().setMode("NULLABLE");
      String var = "e" + depth;
      String list = needsConversion(element)
          ? "list_transform(" + ref + ", lambda " + var + ": "
              + convert(element, var, depth + 1) + ")"
          : ref;
      return "coalesce(" + list + ", CAST([] AS " + TableSchemas.duckDbType(field) + "))";
    }
    String type = field.getType().toUpperCase(Locale.ROOT);
    if (type.equals("BYTES")) {
      return "from_base64(" + ref + ")";
    }
    if (type.equals("JSON")) {
      // TableRow carries JSON columns as a string of JSON text; a writer may also have put the
      // value inline. Text that does not parse stays a JSON string rather than failing the query.
      return "CASE WHEN json_type(" + ref + ") = 'VARCHAR' THEN coalesce(TRY_CAST((" + ref
          + " ->> '$') AS JSON), " + ref + ") ELSE " + ref + " END";
    }
    if (isRecord(type) && needsConversion(field)) {
      String members = field.getFields().stream()
          .map(f -> quoteIdent(f.getName()) + " := "
              + convert(f, "struct_extract(" + ref + ", " + quoteLiteral(f.getName()) + ")", depth))
          .collect(Collectors.joining(", "));
      return "CASE WHEN " + ref + " IS NULL THEN NULL ELSE struct_pack(" + members + ") END";
    }
    return ref;
  }
}
