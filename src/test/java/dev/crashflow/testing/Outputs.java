package dev.crashflow.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crashflow.warehouse.LocalWarehouse;
import dev.crashflow.warehouse.Tables;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Reads what a local run wrote: warehouse tables (through the warehouse itself) and archive files. */
public final class Outputs {
  private final Path root;

  public Outputs(Path root) {
    this.root = root;
  }

  public Path warehouse() {
    return root.resolve("warehouse");
  }

  public Path archive() {
    return root.resolve("archive");
  }

  /** The single numeric answer of a query over the local warehouse. */
  public long scalar(String sql) {
    try (LocalWarehouse w = LocalWarehouse.open(warehouse(), Tables.ALL)) {
      Object v = w.query(sql).rows().get(0).get(0);
      return v == null ? 0 : ((Number) v).longValue();
    } catch (Exception e) {
      throw new AssertionError("query failed: " + sql, e);
    }
  }

  /** All rows of a query, each as a list of cells. */
  public List<List<Object>> rows(String sql) {
    try (LocalWarehouse w = LocalWarehouse.open(warehouse(), Tables.ALL)) {
      return w.query(sql).rows();
    } catch (Exception e) {
      throw new AssertionError("query failed: " + sql, e);
    }
  }

  /**
   * Every line of every file under a folder ({@code .gz} decompressed), in no particular order.
   * A running job may rename a temporary file away while we look: then we look again.
   */
  public static List<String> lines(Path dir) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return linesOnce(dir);
      } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
        if (attempt == 10) {
          throw e;
        }
      }
    }
  }

  private static List<String> linesOnce(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)
          .filter(f -> !hidden(dir.relativize(f)))::iterator) {
        try (InputStream raw = Files.newInputStream(f);
            InputStream in = f.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
          r.lines().filter(l -> !l.isBlank()).forEach(out::add);
        }
      }
    }
    return out;
  }

  /** Beam writes in-progress files under hidden folders ({@code .temp-beam-*}): not output yet. */
  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** Checks every row written to the local warehouse against its schema in schemas/. */
  @SuppressWarnings("unchecked")
  public void assertRowsFitSchemas() throws IOException {
    ObjectMapper json = new ObjectMapper();
    for (String table : Tables.ALL) {
      for (String line : lines(warehouse().resolve(table))) {
        Map<String, Object> row = json.readValue(line, Map.class);
        List<String> problems = SchemaConformance.problems(table, normalizeInts(row));
        assertTrue(problems.isEmpty(), table + ": " + String.join("\n", problems));
      }
    }
  }

  /** Jackson reads small integers as Integer; the schema check wants whole numbers as Long. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> normalizeInts(Map<String, Object> row) {
    row.replaceAll((k, v) -> normalizeValue(v));
    return row;
  }

  @SuppressWarnings("unchecked")
  private static Object normalizeValue(Object v) {
    if (v instanceof Integer i) {
      return i.longValue();
    }
    if (v instanceof Map) {
      return normalizeInts((Map<String, Object>) v);
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(normalizeValue(x)));
      return out;
    }
    return v;
  }

  public static void assertConservation(long in, long events, long sessions, long deadLetters, long dupes) {
    assertEquals(in, events + sessions + deadLetters + dupes,
        "conservation: in=" + in + " events=" + events + " sessions=" + sessions
            + " dead letters=" + deadLetters + " duplicates=" + dupes);
  }
}
