package dev.crashflow.warehouse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.services.bigquery.model.TableSchema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalWarehouseTest {

  private static final String FULL_ROW = "{\"id\":\"r1\",\"payload\":\"AAEC/w==\",\"n\":42,"
      + "\"n64\":\"9007199254740993\",\"f\":1.5,\"f64\":\"NaN\",\"amount\":\"12.345\","
      + "\"flag\":true,\"flag2\":false,\"ts\":\"2026-11-23T10:15:30.123Z\","
      + "\"day\":\"2026-11-23\",\"local_time\":\"2026-11-23T11:15:30\","
      + "\"time_of_day\":\"10:15:30.500\",\"doc\":\"{\\\"k\\\":[1,2]}\","
      + "\"tags\":[\"a\",\"b\"],\"device\":{\"model\":\"Pixel 8\","
      + "\"memory\":{\"free\":100,\"total\":800}},"
      + "\"exceptions\":[{\"type\":\"NullPointerException\",\"blob\":\"aGk=\","
      + "\"frames\":[{\"function\":\"main\",\"line\":10},{\"function\":\"run\",\"line\":\"20\"}]},"
      + "{\"type\":\"Caused\",\"frames\":[]}],\"not_in_schema\":{\"x\":1}}";
  private static final String SPARSE_ROW = "{\"id\":\"r2\"}";

  @TempDir Path dir;

  private LocalWarehouse open(String table, String schema) throws SQLException {
    return LocalWarehouse.open(dir, Map.of(table, WarehouseFiles.schema(schema)));
  }

  @Test
  void everyTypeRoundTripsFromTableRowJson() throws Exception {
    WarehouseFiles.write(dir.resolve("t/part-0.json"), List.of(FULL_ROW, SPARSE_ROW));
    try (LocalWarehouse w = open("t", "everything")) {
      QueryResult r = w.query("SELECT * FROM t ORDER BY id");
      List<Object> row = r.rows().get(0);
      Map<String, Object> v = new java.util.HashMap<>();
      for (int c = 0; c < r.columns().size(); c++) {
        v.put(r.columns().get(c), row.get(c));
      }
      assertEquals("r1", v.get("id"));
      assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xff}, (byte[]) v.get("payload"));
      assertEquals(42L, v.get("n"));
      assertEquals(9007199254740993L, v.get("n64"));
      assertEquals(1.5, v.get("f"));
      assertTrue(((Double) v.get("f64")).isNaN());
      assertEquals(new BigDecimal("12.345000000"), v.get("amount"));
      assertEquals(true, v.get("flag"));
      assertEquals(false, v.get("flag2"));
      assertEquals(Instant.parse("2026-11-23T10:15:30.123Z"), v.get("ts"));
      assertEquals(LocalDate.of(2026, 11, 23), v.get("day"));
      assertEquals(LocalDateTime.of(2026, 11, 23, 11, 15, 30), v.get("local_time"));
      assertEquals(LocalTime.of(10, 15, 30, 500_000_000), v.get("time_of_day"));
      assertEquals("[1,2]", ((JsonNode) v.get("doc")).get("k").toString());
      assertEquals(List.of("a", "b"), v.get("tags"));
      assertEquals(Map.of("model", "Pixel 8", "memory", Map.of("free", 100L, "total", 800L)),
          v.get("device"));
      List<?> exceptions = (List<?>) v.get("exceptions");
      Map<?, ?> first = (Map<?, ?>) exceptions.get(0);
      assertArrayEquals("hi".getBytes(StandardCharsets.UTF_8), (byte[]) first.get("blob"));
      assertEquals(List.of(Map.of("function", "main", "line", 10L),
          Map.of("function", "run", "line", 20L)), first.get("frames"));
      assertEquals(List.of(), ((Map<?, ?>) exceptions.get(1)).get("frames"));
      assertNull(((Map<?, ?>) exceptions.get(1)).get("blob"));
      assertEquals(2, r.rows().size());
    }
  }

  @Test
  void absentFieldsAreNullAndAbsentRepeatedFieldsAreEmpty() throws Exception {
    WarehouseFiles.write(dir.resolve("t/part-0.json"), List.of(SPARSE_ROW));
    try (LocalWarehouse w = open("t", "everything")) {
      List<Object> row = w.query("SELECT payload, ts, device, doc, tags, exceptions, "
          + "len(tags) AS n_tags FROM t").rows().get(0);
      assertEquals(java.util.Arrays.asList(null, null, null, null, List.of(), List.of(), 0L), row);
    }
  }

  @Test
  void columnsHaveTheSchemaTypesInDuckDb() throws Exception {
    WarehouseFiles.write(dir.resolve("t/part-0.json"), List.of(FULL_ROW));
    try (LocalWarehouse w = open("t", "everything")) {
      QueryResult types = w.query("SELECT column_name, data_type FROM information_schema.columns "
          + "WHERE table_name = 't' ORDER BY ordinal_position");
      TableSchema schema = WarehouseFiles.schema("everything");
      for (int i = 0; i < schema.getFields().size(); i++) {
        String expected = TableSchemas.duckDbType(schema.getFields().get(i))
            .replace("TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE").replace("\"", "");
        assertEquals(expected, ((String) types.rows().get(i).get(1)).replace("\"", ""),
            schema.getFields().get(i).getName());
      }
    }
  }

  @Test
  void repeatedRecordsUnnestBigQueryStyle() throws Exception {
    WarehouseFiles.write(dir.resolve("t/part-0.json"), List.of(FULL_ROW, SPARSE_ROW));
    try (LocalWarehouse w = open("t", "everything")) {
      QueryResult r = w.query("SELECT e.type, fr.function, fr.line FROM t, UNNEST(t.exceptions) AS e,"
          + " UNNEST(e.frames) AS fr ORDER BY fr.line");
      assertEquals(List.of(List.of("NullPointerException", "main", 10L),
          List.of("NullPointerException", "run", 20L)), r.rows());
      assertEquals(List.of("NullPointerException"),
          w.query("SELECT exceptions[OFFSET(0)].type AS t0 FROM t WHERE id = 'r1'").column("t0"));
    }
  }

  @Test
  void timestampsSupportDateFunctionsInUtc() throws Exception {
    WarehouseFiles.write(dir.resolve("t/a.json"), List.of(
        "{\"id\":\"1\",\"ts\":\"2026-11-23T23:59:59.999Z\"}",
        "{\"id\":\"2\",\"ts\":\"2026-11-24T00:00:00Z\"}",
        "{\"id\":\"3\",\"ts\":\"2026-11-24T01:00:00+02:00\"}"));
    try (LocalWarehouse w = open("t", "everything")) {
      QueryResult r = w.query("SELECT DATE(ts) AS d, COUNT(*) AS n FROM t GROUP BY 1 ORDER BY 1");
      assertEquals(List.of(List.of(LocalDate.of(2026, 11, 23), 2L),
          List.of(LocalDate.of(2026, 11, 24), 1L)), r.rows());
      assertEquals(List.of(Instant.parse("2026-11-23T00:00:00Z")), w.query(
          "SELECT DISTINCT date_trunc('day', ts) AS d FROM t WHERE ts < TIMESTAMP '2026-11-24'")
          .column("d"));
    }
  }

  @Test
  void readsGzipFilesInNestedFoldersAndSkipsHiddenTempAndOtherFiles() throws Exception {
    WarehouseFiles.write(dir.resolve("t/top.json"), List.of("{\"id\":\"a\"}"));
    WarehouseFiles.write(dir.resolve("t/2026/11/23/10/x.json.gz"), List.of("{\"id\":\"b\"}",
        "{\"id\":\"c\"}"));
    WarehouseFiles.write(dir.resolve("t/.temp-beam-1/y.json"), List.of("{\"id\":\"hidden\"}"));
    WarehouseFiles.write(dir.resolve("t/_staging/z.json"), List.of("{\"id\":\"staged\"}"));
    WarehouseFiles.write(dir.resolve("t/notes.txt"), List.of("not a table file"));
    WarehouseFiles.write(dir.resolve("t/.partial.json"), List.of("{\"id\":\"partial\""));
    Files.createFile(dir.resolve("t/being-created.json.gz"));
    try (LocalWarehouse w = open("t", "everything")) {
      assertEquals(List.of("a", "b", "c"), w.query("SELECT id FROM t ORDER BY id").column("id"));
      assertEquals(2, w.files("t").size());
    }
  }

  @Test
  void tableWithoutFilesIsEmptyButTypedAndFilesLaterAppear() throws Exception {
    try (LocalWarehouse w = LocalWarehouse.open(dir.resolve("not-yet"),
        Map.of("t", WarehouseFiles.schema("everything")))) {
      assertEquals(List.of(0L), w.query("SELECT COUNT(*) AS n FROM t").column("n"));
      assertEquals(List.of("TIMESTAMP WITH TIME ZONE"),
          w.query("SELECT typeof(ts) AS ty FROM (SELECT ts FROM t UNION ALL SELECT NULL)")
              .column("ty"));
      assertEquals(0, w.query("SELECT e.type FROM t, UNNEST(exceptions) AS e").rows().size());
      WarehouseFiles.write(dir.resolve("not-yet/t/p.json"), List.of(FULL_ROW));
      assertEquals(List.of(1L), w.query("SELECT COUNT(*) AS n FROM t").column("n"));
    }
  }

  @Test
  void malformedFileFailsTheQueryNamingTheFile() throws Exception {
    WarehouseFiles.write(dir.resolve("t/bad.json"), List.of("{\"id\": \"x\", \"n\": \"twelve\"}"));
    try (LocalWarehouse w = open("t", "everything")) {
      SQLException e = assertThrows(SQLException.class, () -> w.query("SELECT n FROM t"));
      assertTrue(e.getMessage().contains("bad.json"), e.getMessage());
      // The connection stays usable after an error.
      assertEquals(List.of(1), w.query("SELECT 1 AS one").column("one"));
    }
  }

  @Test
  void sandboxBlocksNetworkExtensionsAndFilesOutsideTheWarehouse() throws Exception {
    Path outside = Files.writeString(dir.resolve("secret.json"), "{\"id\":\"s\"}\n");
    try (LocalWarehouse w = LocalWarehouse.open(dir.resolve("wh"),
        Map.of("t", WarehouseFiles.schema("everything")))) {
      for (String sql : List.of(
          "SELECT * FROM read_json_auto('" + outside + "')",
          "SELECT * FROM read_csv('https://example.com/data.csv')",
          "INSTALL httpfs",
          "COPY (SELECT 1) TO '" + dir.resolve("out.csv") + "'",
          "SET enable_external_access = true")) {
        SQLException e = assertThrows(SQLException.class, () -> w.query(sql), sql);
        assertTrue(e.getMessage().contains("disabled by configuration")
            || e.getMessage().contains("configuration has been locked"), e.getMessage());
      }
    }
  }

  @Test
  void jsonColumnAcceptsInlineJsonAndKeepsUnparsableTextAsAString() throws Exception {
    WarehouseFiles.write(dir.resolve("t/j.json"), List.of(
        "{\"id\":\"inline\",\"doc\":{\"a\":1}}",
        "{\"id\":\"text\",\"doc\":\"{\\\"a\\\":2}\"}",
        "{\"id\":\"plain\",\"doc\":\"not json\"}"));
    try (LocalWarehouse w = open("t", "everything")) {
      QueryResult r = w.query("SELECT id, doc ->> '$.a' AS a, json_type(doc) AS ty FROM t "
          + "ORDER BY id");
      assertEquals(List.of(List.of("inline", "1", "OBJECT"), java.util.Arrays.asList(
          "plain", null, "VARCHAR"), List.of("text", "2", "OBJECT")), r.rows());
    }
  }
}
