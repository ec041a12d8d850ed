package dev.crashflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local run leaves nothing in the temporary folder: embedded Flink's 22 MB RPC jar and its
 * MiniCluster folder go into the process's own folder, which is removed on exit. Runs the real
 * entry point in a child JVM, since the folder is set up in {@code main} and removed at exit.
 */
class ProcessTempTest {
  @TempDir Path tmp;

  @Test
  void aLocalRunLeavesTheTemporaryFolderAsItFoundIt() throws Exception {
    Path temp = Files.createDirectory(tmp.resolve("temp"));
    Path out = tmp.resolve("out");
    Path log = tmp.resolve("run.log");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-Djava.io.tmpdir=" + temp, "-cp", System.getProperty("java.class.path"),
        CrashflowCli.class.getName(), "run", "--output=" + out)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the run did not end in 5 minutes");
    String printed = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), printed);
    assertTrue(printed.contains("OK"), printed);
    try (Stream<Path> left = Files.list(temp)) {
      assertEquals(List.of(), left.toList(), "left in the temporary folder");
    }
  }

  @Test
  void deleteRemovesAFolderTree() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("a/b/c"));
    Files.writeString(dir.resolve("f.txt"), "x");
    Files.writeString(tmp.resolve("a/g.txt"), "y");
    ProcessTemp.delete(tmp.resolve("a"));
    assertTrue(Files.notExists(tmp.resolve("a")));
  }
}
