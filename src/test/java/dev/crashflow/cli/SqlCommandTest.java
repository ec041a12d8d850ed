package dev.crashflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.services.bigquery.model.TableSchema;
import dev.crashflow.warehouse.TableSchemas;
import dev.crashflow.warehouse.Views;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SqlCommandTest {

  @TempDir Path dir;
  private Path warehouse;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final Map<String, TableSchema> schemas = new LinkedHashMap<>();

  @BeforeEach
  void setUp() throws IOException {
    schemas.put("crash_events", TableSchemas.loadResource("schemas-test/events.json"));
    schemas.put("dead_letters", TableSchemas.fromJson(
        "[{\"name\":\"error_type\",\"type\":\"STRING\"}]"));
    warehouse = dir.resolve("warehouse");
    Path part = warehouse.resolve("crash_events/2026/11/23/part-0.json");
    Files.createDirectories(part.getParent());
    Files.writeString(part, String.join("\n",
        "{\"event_id\":\"e1\",\"event_timestamp\":\"2026-11-23T10:00:00Z\",\"issue_id\":\"i1\","
            + "\"device\":{\"model\":\"Pixel 8\"}}",
        "{\"event_id\":\"e2\",\"event_timestamp\":\"2026-11-23T11:00:00Z\",\"issue_id\":\"i1\"}",
        "{\"event_id\":\"e3\",\"event_timestamp\":\"2026-11-23T12:00:00.5Z\",\"issue_id\":\"i2\"}",
        ""));
  }

  private int run(String... args) {
    CommandLine cmd = SqlCommand.configure(new CommandLine(new SqlCommand(schemas)));
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    return cmd.execute(args);
  }

  private String wh() {
    return "--warehouse=" + warehouse;
  }

  @Test
  void queryPrintsAnAlignedTableWithRowCount() {
    assertEquals(0, run(wh(), "SELECT issue_id, COUNT(*) AS crashes FROM crash_events "
        + "GROUP BY 1 ORDER BY 2 DESC, 1"));
    assertEquals("issue_id | crashes\n---------+--------\ni1       |       2\ni2       |       1\n"
        + "(2 rows)\n", out.toString());
    assertEquals("", err.toString());
  }

  /** Queries copied from a file or the docs often start with a comment. */
  @Test
  void aQueryStartingWithACommentFromTheArgumentAFileOrStdin() throws IOException {
    String query = "-- crashes per issue\nSELECT issue_id, COUNT(*) AS n FROM crash_events "
        + "WHERE issue_id = 'i1' GROUP BY 1";
    String expected = "issue_id,n\r\ni1,2\r\n";
    assertEquals(0, run(wh(), "--format=csv", query), err.toString());
    assertEquals(expected, out.toString());

    out.getBuffer().setLength(0);
    Path file = dir.resolve("q.sql");
    Files.writeString(file, query + ";\n");
    assertEquals(0, run(wh(), "--format=csv", "--file=" + file), err.toString());
    assertEquals(expected, out.toString());

    out.getBuffer().setLength(0);
    var stdin = System.in;
    try {
      System.setIn(new java.io.ByteArrayInputStream(query.getBytes()));
      assertEquals(0, run(wh(), "--format=csv", "-"), err.toString());
    } finally {
      System.setIn(stdin);
    }
    assertEquals(expected, out.toString());

    assertEquals(2, run(wh(), "--file=" + file, "SELECT 1"));
    assertTrue(err.toString().contains("Give exactly one of"), err.toString());
  }

  @Test
  void csvAndJsonFormats() {
    assertEquals(0, run(wh(), "--format=csv",
        "SELECT event_id, event_timestamp, device.model AS model FROM crash_events ORDER BY 1"));
    assertEquals("event_id,event_timestamp,model\r\ne1,2026-11-23T10:00:00Z,Pixel 8\r\n"
        + "e2,2026-11-23T11:00:00Z,\r\ne3,2026-11-23T12:00:00.500Z,\r\n", out.toString());
    out.getBuffer().setLength(0);
    assertEquals(0, run(wh(), "--format=json",
        "SELECT event_id, device FROM `proj.crashflow.crash_events` ORDER BY 1 LIMIT 2"));
    assertEquals("{\"event_id\":\"e1\",\"device\":{\"model\":\"Pixel 8\"}}\n"
        + "{\"event_id\":\"e2\",\"device\":null}\n", out.toString());
  }

  @Test
  void namedParametersAreFilledFromParamOptions() {
    assertEquals(0, run(wh(), "--format=csv", "--param", "issue=i1", "--param", "n:INT64:1",
        "SELECT COUNT(*) AS events FROM crash_events WHERE issue_id = @issue HAVING COUNT(*) > @n"));
    assertEquals("events\r\n2\r\n", out.toString());
    assertEquals(1, run(wh(), "--param", "oops", "SELECT 1"));
    assertTrue(err.toString().contains("parameter 'oops': use name=value or name:TYPE:value"),
        err.toString());
  }

  @Test
  void maxWidthTruncatesLongCells() {
    assertEquals(0, run(wh(), "--max-width=6", "SELECT 'abcdefghij' AS long_value"));
    assertEquals("long_…\n------\nabcde…\n(1 row)\n", out.toString());
  }

  @Test
  void missingWarehouseSaysToRunThePipelineFirst() {
    assertEquals(1, run("--warehouse=" + dir.resolve("nope"), "SELECT 1"));
    assertTrue(err.toString().contains("java -jar target/crashflow.jar run"), err.toString());
    assertTrue(err.toString().contains(dir.resolve("nope").toString()), err.toString());
    assertEquals("", out.toString());
  }

  @Test
  void sqlErrorPrintsDuckDbMessageWithoutStackTraceUnlessVerbose() {
    assertEquals(1, run(wh(), "SELECT no_such_column FROM crash_events"));
    assertTrue(err.toString().startsWith("Error: Binder Error: Referenced column"), err.toString());
    assertTrue(err.toString().contains("no_such_column"), err.toString());
    assertFalse(err.toString().contains("\tat "), err.toString());
    err.getBuffer().setLength(0);
    assertEquals(1, run(wh(), "--verbose", "SELEC 1"));
    assertTrue(err.toString().contains("Parser Error"), err.toString());
    assertTrue(err.toString().contains("\tat "), err.toString());
  }

  @Test
  void tablesListsRowAndFileCountsIncludingEmptyTables() {
    assertEquals(0, run(wh(), "--tables"));
    assertEquals("name         | kind  | rows | files\n-------------+-------+------+------\n"
        + "crash_events | table |    3 |     1\ndead_letters | table |    0 |     0\n(2 rows)\n",
        out.toString());
  }

  @Test
  void viewsAreListedAndQueryableAndAViewOverAMissingTableSaysWhy() {
    List<Views.Definition> views = List.of(
        Views.Definition.of("events_per_issue", "-- events_per_issue: events per issue.\n"
            + "SELECT issue_id, COUNT(*) AS events FROM `${project}.${dataset}.crash_events`"
            + " GROUP BY issue_id"),
        Views.Definition.of("top_issue", "SELECT * FROM `${project}.${dataset}.events_per_issue`"
            + " ORDER BY events DESC LIMIT 1"),
        Views.Definition.of("health", "SELECT * FROM `${project}.${dataset}.release_health`"));
    CommandLine cmd = new CommandLine(new SqlCommand(schemas, views));
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    assertEquals(0, cmd.execute(wh(), "--tables", "--max-width=200"));
    String listing = out.toString();
    assertTrue(listing.contains("events_per_issue | view  "), listing);
    assertTrue(listing.contains("top_issue        | view  "), listing);
    assertTrue(listing.contains("health           | view skipped: it reads table release_health,"
        + " which this warehouse does not have (tables: crash_events, dead_letters)"), listing);
    out.getBuffer().setLength(0);
    assertEquals(0, cmd.execute(wh(), "--format=csv", "SELECT * FROM top_issue"));
    assertEquals("issue_id,events\r\ni1,2\r\n", out.toString());
    assertEquals(1, cmd.execute(wh(), "SELECT * FROM health"));
    assertTrue(err.toString().contains("view health is not available in this local warehouse: "
        + "it reads table release_health"), err.toString());
  }

  @Test
  void schemaPrintsNestedColumnsWithBigQueryAndDuckDbTypes() {
    assertEquals(0, run("--schema", "crash_events", "--format=csv", "--warehouse=/nonexistent"));
    String csv = out.toString();
    assertTrue(csv.startsWith("column,type,mode,duckdb_type,description\r\n"
        + "event_id,STRING,REQUIRED,VARCHAR,\r\n"
        + "event_timestamp,TIMESTAMP,REQUIRED,TIMESTAMPTZ,\r\n"), csv);
    assertTrue(csv.contains("\r\nexceptions.frames.symbol,STRING,NULLABLE,VARCHAR,\r\n"), csv);
    assertTrue(csv.contains("\r\ncustom_keys,RECORD,REPEATED,"
        + "\"STRUCT(\"\"key\"\" VARCHAR, \"\"value\"\" VARCHAR)[]\",\r\n"), csv);
    assertEquals(1, run("--schema", "nope"));
    assertTrue(err.toString().contains("unknown table 'nope'; tables: crash_events, dead_letters"),
        err.toString());
  }

  @Test
  void withoutQueryOrListingItPrintsUsage() {
    assertEquals(2, run(wh()));
    assertTrue(err.toString().contains("Usage: sql"), err.toString());
    assertEquals(2, run(wh(), "--tables", "SELECT 1"));
  }

  @Test
  void helpWorksWithTheDefaultTableSet() {
    assertEquals(0, new CommandLine(new SqlCommand()).setOut(new PrintWriter(out))
        .execute("--help"));
    assertTrue(out.toString().contains("--warehouse=<dir>"), out.toString());
    assertTrue(out.toString().contains("./crashflow-out/warehouse"), out.toString());
  }
}
