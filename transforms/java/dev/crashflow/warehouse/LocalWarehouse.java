package dev.crashflow.warehouse;

import com.google.api.services.bigquery.model.TableSchema;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local stand-in for the BigQuery dataset: an in-memory DuckDB database with one view per
 * table over the newline-delimited TableRow JSON files the pipeline writes to
 * {@code <warehouse>/<table>/**}{@code /*.json[.gz]}, typed by the table's BigQuery schema.
 *
 * <p><b>Files.</b> Every query first lists each table's folder again, so files that appeared since
 * the last query are read and a table that had no files becomes readable. Files and folders whose
 * name starts with {@code .} or {@code _} are skipped (Beam writes into {@code .temp-beam-*}
 * folders and renames finished files into place), as are empty files. Writers must publish a file
 * complete, by renaming it into place: a half-written file is read as it is and may fail the
 * query. Queries run through {@link #connection()} directly see the file lists of the last
 * {@link #refresh()}.
 *
 * <p><b>Sandbox.</b> The database reads only the warehouse folder: no network, no extension
 * downloads (the JSON reader is built into the DuckDB driver), no other files, no writes. A query
 * that would need any of these fails with DuckDB's permission error.
 *
 * <p><b>Dialect.</b> The session time zone is UTC as in BigQuery; BigQuery-only syntax and
 * functions are translated by {@link BigQueryDialect}.
 *
 * <p><b>Views.</b> Opened with a list of tables, the warehouse also creates the analytics views of
 * {@code schemas/views/} ({@link Views}), translated the same way, so dashboards' SQL runs locally.
 * A view over a table without files yet works and is empty (such a table is an empty typed view).
 * A view that reads a table this warehouse does not have, or that DuckDB cannot create, is
 * skipped: {@link #skippedViews()} says why, and a query naming it fails with that reason.
 */
public final class LocalWarehouse implements AutoCloseable {

  /** What {@code ${project}} and {@code ${dataset}} become locally (the dialect drops them). */
  static final String LOCAL_PROJECT = "local";
  static final String LOCAL_DATASET = "warehouse";

  private final Path root;
  private final Map<String, TableSchema> schemas;
  private final Connection connection;
  private final Map<String, List<Path>> published = new HashMap<>();
  private final List<String> views = new ArrayList<>();
  private final Map<String, String> skippedViews = new LinkedHashMap<>();

  private LocalWarehouse(Path root, Map<String, TableSchema> schemas, Connection connection) {
    this.root = root;
    this.schemas = schemas;
    this.connection = connection;
  }

  /**
   * Opens the warehouse with each table's schema loaded from {@code schemas/<table>.json}, and the
   * views of {@code schemas/views/} over them. With {@code crash_events}, the per-app tables
   * ({@link AppTables}) found in the folder are opened too, with its schema.
   */
  public static LocalWarehouse open(Path warehouseDir, List<String> tables) throws SQLException {
    Map<String, TableSchema> schemas = new LinkedHashMap<>();
    tables.forEach(t -> schemas.put(t, TableSchemas.load(t)));
    if (tables.contains("crash_events")) { // the per-app copies of --perAppTables, if any
      AppTables.discover(warehouseDir).forEach(t -> schemas.put(t, schemas.get("crash_events")));
    }
    return open(warehouseDir, schemas, Views.load());
  }

  /** Opens the warehouse with explicit schemas and no views. The folder need not exist yet. */
  public static LocalWarehouse open(Path warehouseDir, Map<String, TableSchema> schemas)
      throws SQLException {
    return open(warehouseDir, schemas, List.of());
  }

  /** Opens the warehouse with explicit schemas and views. The folder need not exist yet. */
  public static LocalWarehouse open(Path warehouseDir, Map<String, TableSchema> schemas,
      List<Views.Definition> views) throws SQLException {
    Path root = canonical(warehouseDir);
    Connection connection = DriverManager.getConnection("jdbc:duckdb:");
    try {
      try (Statement s = connection.createStatement()) {
        s.execute("SET TimeZone = 'UTC'");
        s.execute("SET autoinstall_known_extensions = false");
        s.execute("SET autoload_known_extensions = false");
        for (String macro : BigQueryDialect.MACROS) {
          s.execute(macro);
        }
        for (String macro : SketchDialect.MACROS) {
          s.execute(macro);
        }
        s.execute("SET allowed_directories = [" + TableSchemas.quoteLiteral(root + "/") + "]");
        s.execute("SET enable_external_access = false");
        s.execute("SET lock_configuration = true");
      }
      LocalWarehouse warehouse =
          new LocalWarehouse(root, Collections.unmodifiableMap(new LinkedHashMap<>(schemas)),
              connection);
      warehouse.refresh();
      warehouse.createViews(views);
      return warehouse;
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  private static Path canonical(Path dir) {
    Path absolute = dir.toAbsolutePath().normalize();
    try {
      return absolute.toRealPath(); // DuckDB checks the sandbox against resolved paths
    } catch (IOException e) {
      return absolute;
    }
  }

  /** The table names, in the order given when opening. */
  public List<String> tables() {
    return List.copyOf(schemas.keySet());
  }

  public TableSchema schema(String table) {
    TableSchema schema = schemas.get(table);
    if (schema == null) {
      throw new IllegalArgumentException("unknown table '" + table + "'; tables: " + tables());
    }
    return schema;
  }

  /** The views created, in creation order (a view after the views it reads). */
  public List<String> views() {
    return List.copyOf(views);
  }

  /** Views that could not be created, each with the reason. */
  public Map<String, String> skippedViews() {
    return Collections.unmodifiableMap(skippedViews);
  }

  /** The files currently backing {@code table}, as of the last refresh. */
  public List<Path> files(String table) {
    return List.copyOf(published.getOrDefault(table, List.of()));
  }

  /** Lists every table's files again and redefines the views whose file set changed. */
  public synchronized void refresh() throws SQLException {
    for (Map.Entry<String, TableSchema> entry : schemas.entrySet()) {
      String table = entry.getKey();
      List<Path> files = listFiles(root.resolve(table));
      if (published.containsKey(table) && published.get(table).equals(files)) {
        continue;
      }
      String ddl = files.isEmpty()
          ? JsonViewSql.emptyView(table, entry.getValue())
          : JsonViewSql.viewOverFiles(table, entry.getValue(), files);
      try (Statement s = connection.createStatement()) {
        s.execute(ddl);
      }
      published.put(table, files);
    }
  }

  /**
   * Runs one statement (BigQuery syntax is translated first) on fresh file lists. Values come back
   * as plain Java: TIMESTAMP as {@link java.time.Instant}, BYTES as {@code byte[]}, RECORD as an
   * ordered {@code Map<String,Object>}, REPEATED as a {@code List}, JSON as a Jackson node.
   * A statement without a result set gives an empty result.
   */
  public synchronized QueryResult query(String sql) throws SQLException {
    return query(sql, Map.of());
  }

  /**
   * {@link #query(String)} with named query parameters: {@code @name} in the SQL becomes the
   * literal {@code params.get(name)} (make literals with {@link QueryParameters#literal}).
   */
  public synchronized QueryResult query(String sql, Map<String, String> params)
      throws SQLException {
    refresh();
    try (Statement s = connection.createStatement()) {
      try {
        if (!s.execute(BigQueryDialect.rewrite(sql, params))) {
          return new QueryResult(List.of(), List.of());
        }
      } catch (SQLException e) {
        throw explainSkippedView(e);
      }
      try (ResultSet rs = s.getResultSet()) {
        ResultSetMetaData meta = rs.getMetaData();
        int n = meta.getColumnCount();
        List<String> columns = new ArrayList<>();
        for (int c = 1; c <= n; c++) {
          columns.add(meta.getColumnLabel(c));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
          List<Object> row = new ArrayList<>(n);
          for (int c = 1; c <= n; c++) {
            row.add(Values.toJava(rs.getObject(c)));
          }
          rows.add(Collections.unmodifiableList(row));
        }
        return new QueryResult(columns, rows);
      }
    }
  }

  /** A query naming a skipped view fails with the reason the view was skipped. */
  private SQLException explainSkippedView(SQLException e) {
    String message = String.valueOf(e.getMessage());
    for (Map.Entry<String, String> skipped : skippedViews.entrySet()) {
      if (message.contains("with name " + skipped.getKey() + " does not exist")) {
        return new SQLException("view " + skipped.getKey() + " is not available in this local "
            + "warehouse: " + skipped.getValue(), e);
      }
    }
    return e;
  }

  /**
   * Creates {@code definitions} as DuckDB views, each after the views it reads. A view reading a
   * table or view that is not there, or that DuckDB rejects, is recorded in {@link #skippedViews}.
   */
  private void createViews(List<Views.Definition> definitions) throws SQLException {
    Map<String, Views.Definition> pending = new LinkedHashMap<>();
    for (Views.Definition d : definitions) {
      if (schemas.containsKey(d.name())) {
        skippedViews.put(d.name(), "a table has the same name");
      } else {
        pending.put(d.name(), d);
      }
    }
    boolean progress = true;
    while (!pending.isEmpty() && progress) {
      progress = false;
      for (Views.Definition d : List.copyOf(pending.values())) {
        String missing = null;
        boolean waiting = false;
        for (String ref : d.references()) {
          if (schemas.containsKey(ref) || views.contains(ref)) {
            continue;
          }
          if (pending.containsKey(ref) && !ref.equals(d.name())) {
            waiting = true;
          } else if (skippedViews.containsKey(ref)) {
            missing = "it reads view " + ref + ", which was skipped (" + skippedViews.get(ref) + ")";
          } else {
            missing = "it reads table " + ref + ", which this warehouse does not have (tables: "
                + String.join(", ", schemas.keySet()) + ")";
          }
          if (missing != null) {
            break;
          }
        }
        if (missing == null && waiting) {
          continue;
        }
        pending.remove(d.name());
        progress = true;
        if (missing != null) {
          skippedViews.put(d.name(), missing);
          continue;
        }
        String ddl = "CREATE OR REPLACE VIEW " + TableSchemas.quoteIdent(d.name()) + " AS\n"
            + BigQueryDialect.rewrite(d.render(LOCAL_PROJECT, LOCAL_DATASET));
        try (Statement s = connection.createStatement()) {
          s.execute(ddl);
          views.add(d.name());
        } catch (SQLException e) {
          skippedViews.put(d.name(), "DuckDB cannot create it: " + e.getMessage().strip());
        }
      }
    }
    for (String name : pending.keySet()) {
      skippedViews.put(name, "it reads itself through a cycle of views");
    }
  }

  /** The DuckDB connection, for JDBC callers; call {@link #refresh()} to pick up new files. */
  public Connection connection() {
    return connection;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }

  /** Data files under {@code dir}, sorted; folders may vanish while we look (Beam's temp ones). */
  private static List<Path> listFiles(Path dir) throws SQLException {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return files;
    }
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
          return d.equals(dir) || !hidden(d) ? FileVisitResult.CONTINUE
              : FileVisitResult.SKIP_SUBTREE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          String name = file.getFileName().toString();
          if (attrs.isRegularFile() && attrs.size() > 0 && !hidden(file)
              && (name.endsWith(".json") || name.endsWith(".json.gz"))) {
            files.add(file);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          if (e == null || e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE;
          }
          throw e;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE;
          }
          throw e;
        }
      });
    } catch (IOException e) {
      throw new SQLException("Cannot list files under " + dir + ": " + e, e);
    }
    Collections.sort(files);
    return files;
  }

  private static boolean hidden(Path path) {
    String name = path.getFileName().toString();
    return name.startsWith(".") || name.startsWith("_");
  }
}
