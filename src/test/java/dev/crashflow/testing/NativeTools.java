package dev.crashflow.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The native tools of the symbolication truth tests: gcc, {@code llvm-symbolizer-14} and
 * Breakpad's {@code dump_syms} (from npm {@code minidump@0.26.0}). {@code .ci/install-test-tools}
 * installs them; a test that needs one calls {@code assume...()} and skips with a message naming
 * that script where it is missing.
 */
public final class NativeTools {
  public static final String INSTALL_HINT = "run `bash .ci/install-test-tools` (CI does)";

  private NativeTools() {}

  /** Breakpad's dump_syms, from {@code -Dcrashflow.dumpSyms} or {@code .tools/}; null if absent. */
  public static Path dumpSyms() {
    String configured = System.getProperty("crashflow.dumpSyms");
    Path path = configured != null
        ? Paths.get(configured)
        : Paths.get(".tools/node_modules/minidump/bin/linux-x64/dump_syms").toAbsolutePath();
    return Files.isExecutable(path) ? path : null;
  }

  /** The path of an executable on the PATH, or null. */
  public static Path onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Paths.get(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  public static Path assumeDumpSyms() {
    Path p = dumpSyms();
    Assumptions.assumeTrue(p != null, "Breakpad dump_syms (npm minidump@0.26.0) is not installed: "
        + INSTALL_HINT);
    return p;
  }

  public static Path assumeGcc() {
    Path p = onPath("gcc");
    Assumptions.assumeTrue(p != null, "gcc is not installed: " + INSTALL_HINT);
    return p;
  }

  public static Path assumeLlvmSymbolizer() {
    Path p = onPath("llvm-symbolizer-14");
    Assumptions.assumeTrue(p != null, "llvm-symbolizer-14 is not installed: " + INSTALL_HINT);
    return p;
  }

  /** Runs a command to completion; returns stdout, or throws with stderr on a non-zero exit. */
  public static String run(Path workDir, List<String> command, long timeoutSeconds)
      throws IOException, InterruptedException {
    return run(workDir, command, null, timeoutSeconds);
  }

  /** As {@link #run(Path, List, long)}, writing {@code stdin} to the process first. */
  public static String run(Path workDir, List<String> command, String stdin, long timeoutSeconds)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(workDir, "out", ".txt");
    Path err = Files.createTempFile(workDir, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command))
        .directory(workDir.toFile())
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    if (stdin == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    Process process = pb.start();
    if (stdin != null) {
      try (var w = process.getOutputStream()) {
        w.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("timed out after " + timeoutSeconds + " s: " + command);
    }
    String stdout = Files.readString(out);
    String stderr = Files.readString(err);
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    if (process.exitValue() != 0) {
      throw new IOException("exit " + process.exitValue() + " from " + command + ": " + stderr);
    }
    return stdout;
  }
}
