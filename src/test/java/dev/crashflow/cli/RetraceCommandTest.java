package dev.crashflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashflow.testing.NeedsSharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code crashflow retrace} through the root command line. */
@NeedsSharedData
class RetraceCommandTest {
  private static final Path CASE =
      Path.of("../shared/data/r8-retrace/InlineWithLineNumbersStackTrace");

  private static String[] run(String... args) {
    CommandLine cli = CrashflowCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }

  @Test
  void retracesAFileInR8Format() throws Exception {
    String[] r = run("retrace", "--mapping", CASE.resolve("mapping.txt").toString(),
        CASE.resolve("obfuscated.txt").toString());
    assertEquals("0", r[0], r[2]);
    assertEquals(Files.readString(CASE.resolve("expected.txt")).strip(), r[1].strip());
  }

  @Test
  void verbosePrintsSignatures() {
    String[] r = run("retrace", "--verbose", "--mapping", CASE.resolve("mapping.txt").toString(),
        CASE.resolve("obfuscated.txt").toString());
    assertTrue(r[1].contains("Main.void method3(long)(Main.java:81)"), r[1]);
  }

  @Test
  void malformedMappingIsAClearErrorWithTheLineNumber(@TempDir Path dir) throws Exception {
    Path mapping = Files.writeString(dir.resolve("mapping.txt"), "a.B -> a:\n    garbage\n");
    Path trace = Files.writeString(dir.resolve("trace.txt"), "at a.a(:1)\n");
    String[] r = run("retrace", "--mapping", mapping.toString(), trace.toString());
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("mapping line 2"), r[2]);
  }

  @Test
  void missingTraceFileIsAClearError(@TempDir Path dir) throws Exception {
    Path mapping = Files.writeString(dir.resolve("mapping.txt"), "a.B -> a:\n");
    String[] r = run("retrace", "--mapping", mapping.toString(), dir.resolve("nope").toString());
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("no such stack trace file"), r[2]);
  }
}
