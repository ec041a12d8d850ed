package dev.crashflow.warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The analytics views of {@code schemas/views/<view>.sql}: BigQuery standard SQL, one view per
 * file, tables named {@code `${project}.${dataset}.<table>`}. Terraform creates them in BigQuery
 * with {@code templatefile()}; {@link LocalWarehouse} creates the same views locally by filling in
 * the placeholders and translating the SQL with {@link BigQueryDialect}.
 */
public final class Views {

  /** Classpath folder of the view files (the repository's {@code schemas/views/}). */
  public static final String RESOURCE_DIR = "schemas/views";

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
  private static final Pattern REFERENCE =
      Pattern.compile("`\\$\\{project}\\.\\$\\{dataset}\\.([A-Za-z_][A-Za-z0-9_]*)`");

  /** One view: its name (the file name), its BigQuery SQL with placeholders, what it reads. */
  public record Definition(String name, String sql, Set<String> references) {

    /** Parses {@code sql} of view {@code name}; placeholders other than the two are an error. */
    public static Definition of(String name, String sql) {
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("view name '" + name
            + "' must be lower case letters, digits and underscores, starting with a letter");
      }
      Matcher p = PLACEHOLDER.matcher(sql);
      while (p.find()) {
        if (!p.group(1).equals("project") && !p.group(1).equals("dataset")) {
          throw new IllegalArgumentException("view " + name + ": unknown placeholder " + p.group()
              + " (only ${project} and ${dataset} are filled in)");
        }
      }
      Set<String> refs = new LinkedHashSet<>();
      Matcher m = REFERENCE.matcher(sql);
      while (m.find()) {
        refs.add(m.group(1));
      }
      if (refs.isEmpty()) {
        throw new IllegalArgumentException("view " + name + " reads no table: name tables as "
            + "`${project}.${dataset}.<table>`");
      }
      return new Definition(name, sql, Collections.unmodifiableSet(refs));
    }

    /** The SQL with the placeholders filled in, as BigQuery (or Terraform) sees it. */
    public String render(String project, String dataset) {
      return sql.replace("${project}", project).replace("${dataset}", dataset);
    }

    /** The first comment lines of the file: what the view is, for listings. */
    public String summary() {
      for (String line : sql.split("\n")) {
        String l = line.strip();
        if (l.startsWith("--")) {
          String text = l.substring(2).strip();
          int colon = text.indexOf(": ");
          if (!text.isEmpty()) {
            return colon > 0 && text.substring(0, colon).equals(name)
                ? text.substring(colon + 2) : text;
          }
        }
      }
      return "";
    }
  }

  private Views() {}

  /** Every view of {@code schemas/views/} on the classpath, sorted by name. */
  public static List<Definition> load() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = Views.class.getClassLoader();
    }
    URL dir = loader.getResource(RESOURCE_DIR);
    if (dir == null) {
      throw new IllegalStateException(RESOURCE_DIR + " is not on the classpath");
    }
    List<String> names = new ArrayList<>();
    try {
      URI uri = dir.toURI();
      if (uri.getScheme().equals("jar")) {
        FileSystem fs;
        boolean opened = false;
        try {
          fs = FileSystems.newFileSystem(uri, Map.of());
          opened = true;
        } catch (FileSystemAlreadyExistsException e) {
          fs = FileSystems.getFileSystem(uri);
        }
        try {
          names.addAll(sqlFiles(fs.provider().getPath(uri)));
        } finally {
          if (opened) {
            fs.close();
          }
        }
      } else {
        names.addAll(sqlFiles(Path.of(uri)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + RESOURCE_DIR, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot list " + RESOURCE_DIR + ": " + e.getMessage(), e);
    }
    Collections.sort(names);
    List<Definition> views = new ArrayList<>();
    for (String file : names) {
      try (InputStream in = loader.getResourceAsStream(RESOURCE_DIR + "/" + file)) {
        String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        views.add(Definition.of(file.substring(0, file.length() - ".sql".length()), sql));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE_DIR + "/" + file, e);
      }
    }
    return List.copyOf(views);
  }

  private static List<String> sqlFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString().replace("/", ""))
          .filter(n -> n.endsWith(".sql"))
          .toList();
    }
  }
}
