package dev.crashflow.warehouse;

import com.google.api.services.bigquery.model.TableSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Writes table files the way the pipeline publishes them: complete, renamed into place. */
final class WarehouseFiles {

  private WarehouseFiles() {}

  /** Writes {@code rows} (one JSON object each) to {@code file}, gzipped if it ends in .gz. */
  static Path write(Path file, List<String> rows) throws IOException {
    Files.createDirectories(file.getParent());
    Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
    try (OutputStream raw = Files.newOutputStream(temp);
        OutputStream out = file.toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw) {
      for (String row : rows) {
        out.write((row + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    return Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
  }

  static TableSchema schema(String name) {
    return TableSchemas.loadResource("schemas-test/" + name + ".json");
  }
}
