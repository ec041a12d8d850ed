package dev.crashflow.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableSchema;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TableSchemasTest {

  private static String type(TableSchema schema, String name) {
    return TableSchemas.duckDbType(schema.getFields().stream()
        .filter(f -> f.getName().equals(name)).findFirst().orElseThrow());
  }

  @Test
  void everyBigQueryTypeMapsToItsDuckDbType() {
    TableSchema s = WarehouseFiles.schema("everything");
    Map<String, String> expected = Map.ofEntries(
        Map.entry("id", "VARCHAR"), Map.entry("payload", "BLOB"), Map.entry("n", "BIGINT"),
        Map.entry("n64", "BIGINT"), Map.entry("f", "DOUBLE"), Map.entry("f64", "DOUBLE"),
        Map.entry("amount", "DECIMAL(38,9)"), Map.entry("flag", "BOOLEAN"),
        Map.entry("flag2", "BOOLEAN"), Map.entry("ts", "TIMESTAMPTZ"), Map.entry("day", "DATE"),
        Map.entry("local_time", "TIMESTAMP"), Map.entry("time_of_day", "TIME"),
        Map.entry("doc", "JSON"), Map.entry("tags", "VARCHAR[]"));
    expected.forEach((name, duck) -> assertEquals(duck, type(s, name), name));
  }

  @Test
  void nestedAndRepeatedRecordsBecomeStructsAndLists() {
    TableSchema s = WarehouseFiles.schema("everything");
    assertEquals("STRUCT(\"model\" VARCHAR, \"memory\" STRUCT(\"free\" BIGINT, \"total\" BIGINT))",
        type(s, "device"));
    assertEquals("STRUCT(\"type\" VARCHAR, \"blob\" BLOB,"
        + " \"frames\" STRUCT(\"function\" VARCHAR, \"line\" BIGINT)[])[]", type(s, "exceptions"));
  }

  @Test
  void loadKeepsNamesModesDescriptionsAndDefaultsModeToNullable() {
    List<TableFieldSchema> fields = WarehouseFiles.schema("everything").getFields();
    assertEquals("id", fields.get(0).getName());
    assertEquals("REQUIRED", fields.get(0).getMode());
    assertEquals("Row id.", fields.get(0).getDescription());
    assertEquals("NULLABLE", fields.get(2).getMode());
    assertEquals(List.of("type", "blob", "frames"), fields.get(16).getFields().stream()
        .map(TableFieldSchema::getName).collect(Collectors.toList()));
  }

  @Test
  void missingResourceErrorNamesTheResource() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TableSchemas.load("no_such_table"));
    assertTrue(e.getMessage().contains("schemas/no_such_table.json"), e.getMessage());
  }

  @Test
  void invalidResourceErrorNamesTheResourceAndTheField() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TableSchemas.loadResource("schemas-test/broken-type.json"));
    assertTrue(e.getMessage().contains("schemas-test/broken-type.json"), e.getMessage());
    assertTrue(e.getMessage().contains("'a'") && e.getMessage().contains("STRINGG"),
        e.getMessage());
  }

  @Test
  void fromJsonRejectsBadSchemas() {
    Map<String, String> cases = Map.of(
        "not json", "not valid JSON",
        "[]", "non-empty",
        "[{\"name\":\"r\",\"type\":\"RECORD\"}]", "'r' needs non-empty fields",
        "[{\"name\":\"a\",\"type\":\"STRING\",\"fields\":[]}]", "cannot have nested fields",
        "[{\"name\":\"a\",\"type\":\"STRING\"},{\"name\":\"A\",\"type\":\"INT64\"}]",
        "duplicate field 'A'",
        "[{\"name\":\"a-b\",\"type\":\"STRING\"}]", "invalid field name",
        "[{\"name\":\"r\",\"type\":\"RECORD\",\"fields\":[{\"name\":\"x\",\"type\":\"FOO\"}]}]",
        "'r.x' has unknown type",
        "[{\"name\":\"a\",\"type\":\"STRING\",\"mode\":\"OPTIONAL\"}]", "unknown mode");
    cases.forEach((json, message) -> {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> TableSchemas.fromJson(json), json);
      assertTrue(e.getMessage().contains(message), json + " -> " + e.getMessage());
    });
  }

  @Test
  void fromJsonAcceptsAnObjectWithFieldsAndLowerCaseTypes() {
    TableSchema s = TableSchemas.fromJson(
        "{\"fields\":[{\"name\":\"a\",\"type\":\"string\",\"mode\":\"repeated\"}]}");
    assertEquals("STRING", s.getFields().get(0).getType());
    assertEquals("VARCHAR[]", TableSchemas.duckDbType(s.getFields().get(0)));
  }

  @Test
  void everyTableHasASchemaAPartitionTimestampAndExistingClusteringColumns() {
    assertTrue(Tables.ALL.containsAll(List.of("crash_events", "crash_counts", "sessions", "issues",
        "issue_signals", "dead_letters")), "tables: " + Tables.ALL);
    for (String table : Tables.ALL) {
      TableSpec spec = TableSpec.of(table);
      Map<String, TableFieldSchema> columns = spec.schema().getFields().stream()
          .collect(Collectors.toMap(TableFieldSchema::getName, f -> f));
      TableFieldSchema partition = columns.get(spec.partitionField());
      assertTrue(partition != null && partition.getType().equals("TIMESTAMP")
          && partition.getMode().equals("REQUIRED"), table + ": partition field " + spec.partitionField());
      for (String c : spec.clustering()) {
        assertTrue(columns.containsKey(c) && !columns.get(c).getMode().equals("REPEATED"),
            table + ": clustering column " + c);
      }
      assertTrue(spec.schema().getFields().stream().allMatch(f -> f.getDescription() != null
          && !f.getDescription().isBlank()), table + ": every column is described");
      assertTrue(!spec.description().isBlank(), table + ": described in tables.json");
    }
  }
}
