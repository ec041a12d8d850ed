package dev.crashflow.cli;

import dev.crashflow.decode.DecodeException;
import dev.crashflow.decode.EventDecoder;
import dev.crashflow.grouping.Fingerprinter;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.Grouping;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code crashflow group}: the issue of every event in a JSONL file, as the pipeline's grouping
 * step would give it. Prints {@code event_id<TAB>issue_id<TAB>title} per event; a line that is not
 * an event is reported on stderr with its line number, the rest go on, and the exit code is 2 at
 * the end. Session updates are skipped (counted on stderr).
 */
@Command(
    name = "group",
    mixinStandardHelpOptions = true,
    description = {"Group events into issues, as the pipeline does (symbolicate first: frames are "
        + "compared as they are).",
        "Prints event_id<TAB>issue_id<TAB>title for each event of the input."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every line grouped", "2:bad arguments or rules, or some lines were not events"})
public final class GroupCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--rules", paramLabel = "<dir>",
      description = "Grouping rules: a folder with enhancements.txt and/or fingerprints.txt (for "
          + "every event), or a store root with grouping/<app id>/ folders (per app).")
  private Path rules;

  @Parameters(arity = "0..1", paramLabel = "<events.jsonl>|-",
      description = "Events, one per line (bare Sentry events or envelopes, plain or gzip); '-' "
          + "or nothing reads standard input.")
  private String input;

  @Override
  public Integer call() throws IOException {
    String name = input == null ? InputFiles.STDIN : input;
    if (!InputFiles.isStdin(name) && !Files.isRegularFile(Path.of(name))) {
      throw new IllegalArgumentException("no such file: " + name);
    }
    Fingerprinter fingerprinter = GroupingCli.fingerprinter(rules);
    EventDecoder decoder = GroupingCli.decoder();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long lineNo = 0;
    long bad = 0;
    long grouped = 0;
    long sessions = 0;
    try (BufferedReader in = InputFiles.openLines(name, new AtomicLong())) {
      String line;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        try {
          CrashEvent e = GroupingCli.decode(decoder, line);
          if (e == null) {
            sessions++;
            continue;
          }
          Grouping g = fingerprinter.group(e);
          out.println(e.eventId() + "\t" + g.issueId() + "\t" + oneLine(g.title()));
          grouped++;
        } catch (DecodeException e) {
          bad++;
          err.println("crashflow group: " + name + " line " + lineNo + ": " + e.getMessage());
        }
      }
    }
    out.flush();
    if (sessions > 0) {
      err.println("crashflow group: " + sessions + " session updates skipped (not crash events)");
    }
    if (bad > 0) {
      err.println("crashflow group: " + bad + " of " + (bad + grouped) + " lines were not grouped");
      err.flush();
      return 2;
    }
    return 0;
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }
}
