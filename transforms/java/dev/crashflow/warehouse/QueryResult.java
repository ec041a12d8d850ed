package dev.crashflow.warehouse;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of one query, with values as plain Java objects (see {@link LocalWarehouse#query}), and
 * three renderings: an aligned text table, CSV and JSON lines.
 */
public record QueryResult(List<String> columns, List<List<Object>> rows) {

  /** Cell width in {@link #toTable()} before a value is cut with an ellipsis. */
  public static final int DEFAULT_MAX_WIDTH = 40;

  public QueryResult {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
  }

  /** Column {@code name}'s value in every row, for tests and small lookups. */
  public List<Object> column(String name) {
    int index = columns.indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException("no column '" + name + "' in " + columns);
    }
    List<Object> values = new ArrayList<>();
    rows.forEach(row -> values.add(row.get(index)));
    return values;
  }

  /** {@link #toTable(int)} with {@link #DEFAULT_MAX_WIDTH}. */
  public String toTable() {
    return toTable(DEFAULT_MAX_WIDTH);
  }

  /**
   * Aligned columns with a header, a rule and a {@code (N rows)} footer. Numbers are right-aligned;
   * NULL is spelled {@code NULL}; cells longer than {@code maxWidth} end in an ellipsis; line
   * breaks and tabs inside cells are shown escaped so each row stays on one line.
   */
  public String toTable(int maxWidth) {
    int width = Math.max(maxWidth, 2);
    int n = columns.size();
    List<String[]> cells = new ArrayList<>();
    int[] widths = new int[n];
    boolean[] numeric = new boolean[n];
    String[] header = new String[n];
    for (int c = 0; c < n; c++) {
      header[c] = fit(columns.get(c), width);
      widths[c] = header[c].length();
      numeric[c] = !rows.isEmpty();
    }
    for (List<Object> row : rows) {
      String[] line = new String[n];
      for (int c = 0; c < n; c++) {
        Object value = row.get(c);
        String text = Values.text(value);
        line[c] = fit(text == null ? "NULL" : escapeControl(text), width);
        widths[c] = Math.max(widths[c], line[c].length());
        numeric[c] &= value == null || value instanceof Number;
      }
      cells.add(line);
    }
    StringBuilder out = new StringBuilder();
    appendLine(out, header, widths, new boolean[n]);
    for (int c = 0; c < n; c++) {
      out.append(c == 0 ? "" : "-+-").append("-".repeat(widths[c]));
    }
    out.append('\n');
    for (String[] line : cells) {
      appendLine(out, line, widths, numeric);
    }
    out.append('(').append(rows.size()).append(rows.size() == 1 ? " row)" : " rows)").append('\n');
    return out.toString();
  }

  private static void appendLine(StringBuilder out, String[] line, int[] widths, boolean[] right) {
    StringBuilder text = new StringBuilder();
    for (int c = 0; c < line.length; c++) {
      text.append(c == 0 ? "" : " | ");
      String pad = " ".repeat(widths[c] - line[c].length());
      text.append(right[c] ? pad + line[c] : line[c] + pad);
    }
    out.append(text.toString().stripTrailing()).append('\n');
  }

  private static String fit(String text, int width) {
    if (text.codePointCount(0, text.length()) <= width) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, width - 1)) + "\u2026";
  }

  private static String escapeControl(String text) {
    return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
  }

  /** RFC 4180 CSV with a header row; NULL is an empty field, nested values are JSON. */
  public String toCsv() {
    StringBuilder out = new StringBuilder();
    List<String> header = new ArrayList<>();
    columns.forEach(c -> header.add(csvField(c)));
    out.append(String.join(",", header)).append("\r\n");
    for (List<Object> row : rows) {
      List<String> fields = new ArrayList<>();
      row.forEach(v -> fields.add(v == null ? "" : csvField(Values.text(v))));
      out.append(String.join(",", fields)).append("\r\n");
    }
    return out.toString();
  }

  private static String csvField(String text) {
    boolean quote = text.isEmpty() || text.chars().anyMatch(ch -> ch == ',' || ch == '"'
        || ch == '\n' || ch == '\r') || !text.strip().equals(text);
    return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }

  /**
   * One JSON object per row, keyed by column name, in the TableRow encoding: timestamps as
   * ISO-8601 text, bytes as base64, records as objects, repeated fields as arrays.
   */
  public String toJsonLines() {
    StringBuilder out = new StringBuilder();
    for (List<Object> row : rows) {
      ObjectNode object = JsonNodeFactory.instance.objectNode();
      for (int c = 0; c < columns.size(); c++) {
        object.set(columns.get(c), Values.json(row.get(c)));
      }
      out.append(object).append('\n');
    }
    return out.toString();
  }
}
