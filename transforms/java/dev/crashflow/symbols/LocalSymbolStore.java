package dev.crashflow.symbols;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds {@code .sym} files in a local symbol store laid out as Breakpad's tools expect:
 * {@code <debug_file>/<DEBUG_ID>/<debug_file without .pdb>.sym}, with the debug id in Breakpad's
 * upper-case form.
 */
public final class LocalSymbolStore {
  private LocalSymbolStore() {}

  /**
   * The symbol file for {@code id} under {@code root}, or null when the store has none. The
   * debug-id directory is matched case-insensitively, since hand-made stores are not always
   * upper-case; when several debug files share the id, the first by name wins.
   */
  public static Path find(Path root, DebugId id) throws IOException {
    String key = id.breakpad();
    for (Path debugFile : sortedChildren(root)) {
      if (!Files.isDirectory(debugFile)) {
        continue;
      }
      for (Path idDir : sortedChildren(debugFile)) {
        if (Files.isDirectory(idDir) && idDir.getFileName().toString().equalsIgnoreCase(key)) {
          List<Path> syms = symFiles(idDir);
          if (!syms.isEmpty()) {
            return syms.get(0);
          }
        }
      }
    }
    return null;
  }

  /** Every {@code .sym} file at the store's {@code <debug_file>/<DEBUG_ID>/} depth, sorted. */
  public static List<Path> all(Path root) throws IOException {
    List<Path> result = new ArrayList<>();
    for (Path debugFile : sortedChildren(root)) {
      if (Files.isDirectory(debugFile)) {
        for (Path idDir : sortedChildren(debugFile)) {
          if (Files.isDirectory(idDir)) {
            result.addAll(symFiles(idDir));
          }
        }
      }
    }
    return result;
  }

  private static List<Path> symFiles(Path dir) throws IOException {
    List<Path> syms = new ArrayList<>();
    for (Path p : sortedChildren(dir)) {
      if (p.getFileName().toString().endsWith(".sym") && Files.isRegularFile(p)) {
        syms.add(p);
      }
    }
    return syms;
  }

  private static List<Path> sortedChildren(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }
}
