package dev.crashflow.cli;

import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableSchema;
import dev.crashflow.warehouse.LocalWarehouse;
import dev.crashflow.warehouse.QueryParameters;
import dev.crashflow.warehouse.QueryResult;
import dev.crashflow.warehouse.TableSchemas;
import dev.crashflow.warehouse.Tables;
import dev.crashflow.warehouse.Views;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code crashflow sql}: queries the local warehouse that {@code crashflow run} writes. */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
        "Query the local warehouse (the tables a local run writes) with SQL.",
        "DuckDB runs the query; BigQuery syntax such as `project.dataset.table` names, "
            + "TIMESTAMP_SUB(ts, INTERVAL 7 DAY), UNNEST(list) AS x and list[OFFSET(0)] works too.",
        "Example: sql \"SELECT issue_id, COUNT(*) AS crashes FROM crash_events "
            + "GROUP BY 1 ORDER BY 2 DESC LIMIT 10\""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:query or warehouse error", "2:invalid arguments"})
public final class SqlCommand implements Callable<Integer> {

  /** Where {@code crashflow run} writes the local tables unless told otherwise. */
  public static final String DEFAULT_WAREHOUSE = "./crashflow-out/warehouse";

  /** Output formats of query results. */
  public enum Format { table, csv, json }

  @Spec private CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "<SQL>",
      description = "The query to run; `-` reads it from standard input. It may start with a "
          + "`--` comment.")
  private String sql;

  @Option(names = "--file", paramLabel = "<query.sql>",
      description = "Read the query from this file (e.g. one of docs/crashlytics-queries.md's).")
  private Path file;

  @Option(names = "--warehouse", paramLabel = "<dir>", defaultValue = DEFAULT_WAREHOUSE,
      description = "Local warehouse folder.%nDefault: ${DEFAULT-VALUE}")
  private Path warehouse;

  @Option(names = "--format", paramLabel = "<format>", defaultValue = "table",
      description = "Output format: ${COMPLETION-CANDIDATES} (json = one object per line). "
          + "Default: ${DEFAULT-VALUE}.")
  private Format format;

  @Option(names = "--max-width", paramLabel = "<chars>",
      defaultValue = "" + QueryResult.DEFAULT_MAX_WIDTH,
      description = "Longest cell in table output before it is cut with an ellipsis "
          + "(default: ${DEFAULT-VALUE}).")
  private int maxWidth;

  @Option(names = "--tables",
      description = "List the tables and views with their row and file counts (and why a view "
          + "is unavailable, if one is).")
  private boolean listTables;

  @Option(names = "--schema", paramLabel = "<table>",
      description = "Print a table's columns: name, BigQuery type, mode, DuckDB type.")
  private String schemaOf;

  @Option(names = "--param", paramLabel = "<name=value|name:TYPE:value>",
      description = "A named query parameter, written @name in the query, as `bq query "
          + "--parameter` takes it (TYPE: STRING, INT64, FLOAT64, NUMERIC, BOOL, DATE, DATETIME, "
          + "TIMESTAMP; default STRING). Repeatable.")
  private List<String> params = new ArrayList<>();

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  private boolean verbose;

  private final Supplier<Map<String, TableSchema>> schemas;
  private final Supplier<List<Views.Definition>> views;

  /**
   * The command over {@link Tables#ALL}, schemas from {@code schemas/<table>.json}, and the views
   * of {@code schemas/views/}.
   */
  public SqlCommand() {
    this(() -> {
      Map<String, TableSchema> all = new LinkedHashMap<>();
      Tables.ALL.forEach(t -> all.put(t, TableSchemas.load(t)));
      return all;
    }, Views::load);
  }

  /** The command over the given tables and schemas, without views (tests, other table sets). */
  public SqlCommand(Map<String, TableSchema> schemas) {
    this(() -> schemas, List::of);
  }

  /** The command over the given tables, schemas and views. */
  public SqlCommand(Map<String, TableSchema> schemas, List<Views.Definition> views) {
    this(() -> schemas, () -> views);
  }

  private SqlCommand(Supplier<Map<String, TableSchema>> schemas,
      Supplier<List<Views.Definition>> views) {
    this.schemas = schemas;
    this.views = views;
  }

  /** A query may start with a {@code --} comment: it is the query, not an unknown option. */
  public static CommandLine configure(CommandLine sqlCommand) {
    return sqlCommand.setUnmatchedOptionsArePositionalParams(true);
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int modes = (sql != null ? 1 : 0) + (file != null ? 1 : 0) + (listTables ? 1 : 0)
        + (schemaOf != null ? 1 : 0);
    if (modes != 1) {
      err.println("Give exactly one of: a SQL query, --file <query.sql>, --tables, "
          + "--schema <table>.");
      spec.commandLine().usage(err);
      return 2;
    }
    try {
      if (schemaOf != null) {
        print(out, describe(schemaOf));
        return 0;
      }
      if (!Files.isDirectory(warehouse)) {
        err.println("No local warehouse at " + warehouse.toAbsolutePath().normalize()
            + ". Run `java -jar target/crashflow.jar run` first to write the local tables,"
            + " or point --warehouse=<dir> at an existing one.");
        return 1;
      }
      Map<String, String> literals = new LinkedHashMap<>();
      for (String spec : params) {
        String[] p = QueryParameters.literal(spec);
        literals.put(p[0], p[1]);
      }
      String query = listTables ? null : queryText();
      try (LocalWarehouse db = LocalWarehouse.open(warehouse, schemas.get(), views.get())) {
        print(out, listTables ? tableCounts(db) : db.query(query, literals));
      }
      return 0;
    } catch (IOException e) {
      err.println("Error: cannot read the query: " + e.getMessage());
      return 1;
    } catch (SQLException | IllegalArgumentException e) {
      err.println("Error: " + e.getMessage().strip());
      if (verbose) {
        e.printStackTrace(err);
      }
      return 1;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** The query: as given, from --file, or from standard input for {@code -}. */
  private String queryText() throws IOException {
    String text = file != null ? Files.readString(file)
        : "-".equals(sql) ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8) : sql;
    if (text.isBlank()) {
      throw new IllegalArgumentException("the query is empty");
    }
    return text;
  }

  private void print(PrintWriter out, QueryResult result) {
    switch (format) {
      case csv -> out.print(result.toCsv());
      case json -> out.print(result.toJsonLines());
      default -> out.print(result.toTable(maxWidth));
    }
  }

  private static QueryResult tableCounts(LocalWarehouse db) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    for (String table : db.tables()) {
      Object count = db.query("SELECT COUNT(*) FROM \"" + table + "\"").rows().get(0).get(0);
      rows.add(Arrays.asList(table, "table", count, (long) db.files(table).size()));
    }
    for (String view : db.views()) {
      Object count = db.query("SELECT COUNT(*) FROM \"" + view + "\"").rows().get(0).get(0);
      rows.add(Arrays.asList(view, "view", count, null));
    }
    for (Map.Entry<String, String> skipped : db.skippedViews().entrySet()) {
      rows.add(Arrays.asList(skipped.getKey(), "view skipped: " + skipped.getValue(), null, null));
    }
    return new QueryResult(List.of("name", "kind", "rows", "files"), rows);
  }

  private QueryResult describe(String table) {
    Map<String, TableSchema> all = schemas.get();
    TableSchema schema = all.get(table);
    if (schema == null) {
      throw new IllegalArgumentException(
          "unknown table '" + table + "'; tables: " + String.join(", ", all.keySet()));
    }
    List<List<Object>> rows = new ArrayList<>();
    addFields(rows, schema.getFields(), "");
    return new QueryResult(
        List.of("column", "type", "mode", "duckdb_type", "description"), rows);
  }

  /** Nested fields appear after their record as {@code record.field}, as BigQuery shows them. */
  private static void addFields(List<List<Object>> rows, List<TableFieldSchema> fields,
      String prefix) {
    for (TableFieldSchema f : fields) {
      rows.add(Arrays.asList(prefix + f.getName(), f.getType(), f.getMode(),
          TableSchemas.duckDbType(f), f.getDescription()));
      if (f.getFields() != null) {
        addFields(rows, f.getFields(), prefix + f.getName() + ".");
      }
    }
  }
}
