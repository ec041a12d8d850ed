package dev.crashflow.pipelines;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The bundled sample corpus ({@code samples/sample-events.jsonl} in the jar): realistic crash
 * events for a few apps on Android, iOS and Unity, with duplicates and malformed messages. The
 * default input when {@code --input} is empty.
 */
public final class SampleData {
  public static final String RESOURCE = "samples/sample-events.jsonl";

  private SampleData() {}

  /** {@code --input}, or the sample corpus copied to {@code <output>/input/} (files need a path). */
  static String inputOrSamples(CrashflowOptions o) {
    if (!o.getInput().isEmpty()) {
      return o.getInput();
    }
    return extractTo(Path.of(o.getOutput(), "input")).toString();
  }

  /** Copies the sample corpus into {@code dir} and returns the file. */
  public static Path extractTo(Path dir) {
    try (InputStream in = SampleData.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the sample corpus " + RESOURCE + " is not on the classpath");
      }
      Files.createDirectories(dir);
      Path file = dir.resolve("sample-events.jsonl");
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the sample corpus to " + dir, e);
    }
  }
}
