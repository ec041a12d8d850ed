package dev.crashflow.cli;

import dev.crashflow.decode.DecodeException;
import dev.crashflow.grouping.Fingerprinter;
import dev.crashflow.model.CrashEvent;
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
 * {@code crashflow explain}: why an event lands in its issue. Prints the issue id, title, culprit,
 * the rules used, what decided the fingerprint, the exact values hashed, and the component trees
 * of both variants (in-app frames, all frames) with what counted and why the rest did not.
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {"Explain an event's grouping: issue id, title, the values hashed, and the "
        + "component tree marking what counted (+) and why the rest did not (-)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "2:bad arguments or rules, or the input is not a crash event"})
public final class ExplainCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--rules", paramLabel = "<dir>",
      description = "Grouping rules: a folder with enhancements.txt and/or fingerprints.txt, or a "
          + "store root with grouping/<app id>/ folders.")
  private Path rules;

  @Parameters(paramLabel = "<event.json>|-",
      description = "One event (a Sentry event JSON object, or an envelope); '-' reads standard input.")
  private String input;

  /** Standard input, replaceable by tests. */
  InputStream stdin = System.in;

  @Override
  public Integer call() throws IOException {
    String text;
    if (InputFiles.isStdin(input)) {
      text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
    } else {
      try {
        text = Files.readString(Path.of(input), StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException("no such file: " + input);
      }
    }
    Fingerprinter fingerprinter = GroupingCli.fingerprinter(rules);
    CrashEvent event;
    try {
      event = GroupingCli.decode(GroupingCli.decoder(), text.strip());
    } catch (DecodeException e) {
      throw new IllegalArgumentException(input + ": " + e.getMessage()
          + ("malformed_json".equals(e.reason()) && text.strip().contains("\n{")
              ? " (one event per file; 'crashflow group' reads JSONL)" : ""));
    }
    if (event == null) {
      throw new IllegalArgumentException(input + ": a session update, not a crash event");
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(fingerprinter.explain(event).render());
    out.flush();
    return 0;
  }
}
