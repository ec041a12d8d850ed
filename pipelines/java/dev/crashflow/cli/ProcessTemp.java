package dev.crashflow.cli;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A temporary folder of the crashflow process's own, removed when it exits. Embedded Flink
 * leaves files in the temporary folder after every run (a 22 MB {@code flink-rpc-akka*.jar} and
 * a {@code minicluster_*} folder): replays and benchmarks run one after another filled {@code
 * /tmp}. The command line points {@code java.io.tmpdir} at {@code crashflow-<pid>-<n>} inside the
 * temporary folder it was given, before anything reads it, and deletes that folder on exit.
 */
final class ProcessTemp {
  private ProcessTemp() {}

  /** Creates the folder, makes it the JVM's temporary folder and removes it on exit; null if it cannot. */
  static Path install() {
    String base = System.getProperty("java.io.tmpdir");
    if (base == null) {
      return null;
    }
    Path dir;
    try {
      // Not Files.createTempDirectory: that would fix the JVM's temporary folder before it moves.
      dir = Files.createDirectory(Path.of(base, "crashflow-" + ProcessHandle.current().pid() + "-"
          + Long.toHexString(System.nanoTime())));
    } catch (IOException | RuntimeException e) {
      return null; // an unwritable temporary folder: leave the JVM's as it is
    }
    System.setProperty("java.io.tmpdir", dir.toString());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "crashflow-temp-cleanup"));
    return dir;
  }

  /** Deletes a folder and everything in it, as far as it can. */
  static void delete(Path dir) {
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          Files.deleteIfExists(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException | RuntimeException e) {
      // best effort at exit: what is left is in a folder named after this process
    }
  }
}
