package dev.crashflow.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.services.bigquery.model.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A table of crashflow: its schema ({@code schemas/<table>.json}) and its partitioning and
 * clustering ({@code schemas/tables.json}), the same files Terraform reads.
 */
public record TableSpec(String name, String description, TableSchema schema, String partitionField,
    List<String> clustering) {

  /** The spec of one table; a clear error when {@code schemas/} does not describe it. */
  public static TableSpec of(String table) {
    JsonNode entry = index().get(table);
    if (entry == null) {
      throw new IllegalArgumentException("no table '" + table + "' in schemas/tables.json");
    }
    List<String> clustering = new ArrayList<>();
    entry.path("clustering").forEach(n -> clustering.add(n.asText()));
    return new TableSpec(table, entry.path("description").asText(), TableSchemas.load(table),
        entry.path("partition_field").asText(), List.copyOf(clustering));
  }

  /** Every table named in {@code schemas/tables.json}, in file order. */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    index().fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode index() {
    try (InputStream in = TableSpec.class.getClassLoader().getResourceAsStream("schemas/tables.json")) {
      if (in == null) {
        throw new IllegalStateException("classpath resource schemas/tables.json is missing");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schemas/tables.json", e);
    }
  }
}
