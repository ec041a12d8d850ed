package dev.crashflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crashflow.crashtext.CrashTextException;
import dev.crashflow.crashtext.CrashTextFormat;
import dev.crashflow.crashtext.CrashTextParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code crashflow parse}: crash reports from other collectors (Android tombstones and logcat,
 * Apple {@code .ips} and {@code .crash}) to crashflow input events, one JSON per line, so they can
 * go through {@code run --input} or {@code publish} like SDK events. A report that cannot be read
 * or parsed is reported as {@code file:line: message} and the others are still written; the exit
 * code then is 2.
 */
@Command(
    name = "parse",
    mixinStandardHelpOptions = true,
    description = {
      "Parse native crash reports into crashflow input events (Sentry event JSON, one per line).",
      "Reads Android tombstones and logcat backtraces, and Apple crash reports (iOS 15+ JSON"
          + " .ips, older text .crash); plain or gzip; '-' reads standard input. A logcat dump with several"
          + " crashes gives several events. Reports without a date take the file's modification"
          + " time. See docs/crash-text.md."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every report parsed",
        "1:an internal error on some report (the others are still written)",
        "2:invalid arguments, or a report that could not be read or parsed (the others are still"
            + " written)"})
public final class ParseCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec private CommandSpec spec;

  @Option(names = "--format", defaultValue = "auto", paramLabel = "auto|tombstone|ips",
      description = "Report format; auto (default) detects it from the content. tombstone also "
          + "reads logcat; ips also reads the older .crash text reports.")
  private String format;

  @Option(names = "--app-id", paramLabel = "<id>",
      description = "App id for the events, replacing the report's process name or bundle id.")
  private String appId;

  @Option(names = "--output", defaultValue = "-", paramLabel = "<file>|-",
      description = "Where to write the events (NDJSON); '-' (default) is standard output.")
  private String output;

  @Parameters(arity = "1..*", paramLabel = "<report>",
      description = "Crash report files; '-' reads standard input.")
  private List<String> reports;

  @Override
  public Integer call() throws IOException {
    CrashTextFormat forced = format.equalsIgnoreCase("auto") ? null : CrashTextFormat.of(format);
    PrintWriter err = spec.commandLine().getErr();
    boolean toFile = !InputFiles.isStdin(output);
    int failed = 0;
    int broken = 0;
    int events = 0;
    Writer target = toFile ? open(Path.of(output)) : new NonClosing(spec.commandLine().getOut());
    try (Writer out = target) {
      for (String report : reports) {
        String name = InputFiles.isStdin(report) ? "<stdin>" : report;
        String text;
        try {
          text = read(report);
        } catch (NoSuchFileException e) {
          err.printf("crashflow parse: %s: no such file%n", name);
          failed++;
          continue;
        } catch (IOException e) {
          err.printf("crashflow parse: %s: cannot read: %s%n", name, e.getMessage());
          failed++;
          continue;
        }
        try {
          CrashTextParser.Result r = new CrashTextParser(appId, fallbackTime(report))
              .parse(text, forced);
          for (CrashTextParser.Warning w : r.warnings()) {
            err.printf("crashflow parse: %s:%d: warning: %s%n", name, w.line(), w.message());
          }
          for (ObjectNode e : r.events()) {
            out.write(JSON.writeValueAsString(e));
            out.write('\n');
            events++;
          }
        } catch (CrashTextException e) {
          err.printf("crashflow parse: %s:%d: %s%n", name, e.line(), e.getMessage());
          failed++;
        } catch (RuntimeException e) { // a parser bug must not cost the other reports
          err.printf("crashflow parse: %s: internal error: %s%n", name, e);
          broken++;
        }
      }
    }
    if (toFile || failed + broken > 0) {
      err.printf("crashflow parse: %d event%s from %d of %d reports%s%n", events,
          events == 1 ? "" : "s",
          reports.size() - failed - broken, reports.size(), toFile ? " written to " + output : "");
    }
    err.flush();
    return broken > 0 ? 1 : failed > 0 ? 2 : 0;
  }

  private static Writer open(Path path) {
    try {
      return Files.newBufferedWriter(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write " + path + ": " + e.getMessage());
    }
  }

  /** The whole report as text, un-gzipped if need be. */
  private static String read(String report) throws IOException {
    StringWriter text = new StringWriter();
    try (BufferedReader in = InputFiles.openLines(report, new AtomicLong())) {
      in.transferTo(text);
    }
    return text.toString();
  }

  /** When the report was written, for reports that carry no date: the file's modification time. */
  private static Instant fallbackTime(String report) {
    if (!InputFiles.isStdin(report)) {
      try {
        return Files.getLastModifiedTime(Path.of(report)).toInstant();
      } catch (IOException e) {
        // fall through: now is the best guess left
      }
    }
    return Instant.now();
  }

  /** Standard output stays open for the rest of the command line. */
  private static final class NonClosing extends java.io.FilterWriter {
    NonClosing(Writer out) {
      super(out);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
