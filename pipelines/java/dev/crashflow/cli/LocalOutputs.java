package dev.crashflow.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Clears the outputs of an earlier local run (only crashflow's own subfolders of --output). */
final class LocalOutputs {
  static final String[] OWN = {"warehouse", "archive"};

  private LocalOutputs() {}

  static void clear(Path output, PrintStream out) throws IOException {
    boolean any = false;
    for (String name : OWN) {
      Path dir = output.resolve(name);
      if (Files.isDirectory(dir)) {
        any = true;
        deleteTree(dir);
      }
    }
    if (any) {
      out.println("crashflow: replacing the outputs of an earlier run in " + output
          + " (use --append to keep them)");
    }
  }

  /** Deletes a file or a folder with everything in it; nothing when it does not exist. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
