package dev.crashflow.warehouse;

import java.util.Locale;

/** Named query parameters as {@code bq query --parameter} takes them, as DuckDB literals. */
public final class QueryParameters {
  private QueryParameters() {}

  /**
   * The SQL literal of a parameter given as {@code bq query --parameter} takes it:
   * {@code name=value} or {@code name::value} (a STRING), or {@code name:TYPE:value} with a
   * BigQuery type (STRING, INT64, FLOAT64, BOOL, DATE, TIMESTAMP, ...). Returns {name, literal}.
   */
  public static String[] literal(String spec) {
    int eq = spec.indexOf('=');
    int colon = spec.indexOf(':');
    String name;
    String type = "STRING";
    String value;
    if (colon > 0 && (eq < 0 || colon < eq)) {
      int second = spec.indexOf(':', colon + 1);
      if (second < 0) {
        throw new IllegalArgumentException("parameter '" + spec
            + "': use name=value or name:TYPE:value");
      }
      name = spec.substring(0, colon);
      if (second > colon + 1) {
        type = spec.substring(colon + 1, second).toUpperCase(Locale.ROOT);
      }
      value = spec.substring(second + 1);
    } else if (eq > 0) {
      name = spec.substring(0, eq);
      value = spec.substring(eq + 1);
    } else {
      throw new IllegalArgumentException("parameter '" + spec
          + "': use name=value or name:TYPE:value");
    }
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("parameter name '" + name + "' is not a SQL name");
    }
    String duck = switch (type) {
      case "STRING" -> null;
      case "INT64", "INTEGER" -> "BIGINT";
      case "FLOAT64", "FLOAT" -> "DOUBLE";
      case "NUMERIC", "BIGNUMERIC" -> "DECIMAL(38, 9)";
      case "BOOL", "BOOLEAN" -> "BOOLEAN";
      case "DATE" -> "DATE";
      case "DATETIME" -> "TIMESTAMP";
      case "TIMESTAMP" -> "TIMESTAMPTZ";
      default -> throw new IllegalArgumentException("parameter " + name + ": unsupported type "
          + type + " (STRING, INT64, FLOAT64, NUMERIC, BOOL, DATE, DATETIME, TIMESTAMP)");
    };
    String literal = TableSchemas.quoteLiteral(value);
    return new String[] {name, duck == null ? literal : "CAST(" + literal + " AS " + duck + ")"};
  }
}
