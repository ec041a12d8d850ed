package dev.crashflow.cli;

import dev.crashflow.retrace.MappingFile;
import dev.crashflow.retrace.MappingParseException;
import dev.crashflow.retrace.Retracer;
import dev.crashflow.retrace.StackTraceRetracer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code crashflow retrace}: deobfuscates a Java stack trace with a ProGuard/R8 mapping and prints
 * it in R8 retrace's format ({@code <OR>} before ambiguous alternatives).
 */
@Command(
    name = "retrace",
    mixinStandardHelpOptions = true,
    description = "Retrace an obfuscated Java/Kotlin stack trace with a ProGuard or R8 mapping.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "2:invalid arguments, unreadable or malformed input"})
public final class RetraceCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--mapping", required = true, paramLabel = "<mapping.txt>",
      description = "The mapping file R8 or ProGuard wrote for this build.")
  private Path mapping;

  @Option(names = "--verbose", description = "Print full method signatures.")
  private boolean verbose;

  @Parameters(arity = "0..1", paramLabel = "<trace.txt>|-",
      description = "The stack trace file; '-' or nothing reads standard input.")
  private String trace;

  /** Standard input, replaceable by tests. */
  InputStream stdin = System.in;

  @Override
  public Integer call() throws IOException {
    Retracer retracer;
    try {
      retracer = MappingFile.parse(mapping);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such mapping file: " + mapping);
    } catch (MappingParseException e) {
      throw new IllegalArgumentException(mapping + ": " + e.getMessage());
    }
    String text;
    if (trace == null || trace.equals("-")) {
      text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
    } else {
      try {
        text = Files.readString(Path.of(trace), StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException("no such stack trace file: " + trace);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(StackTraceRetracer.retrace(retracer, text, verbose));
    out.flush();
    return 0;
  }
}
