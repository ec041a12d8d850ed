package dev.crashflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashflow.samples.SampleCorpusFacts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, in process: {@code run} on the samples, then {@code sql} on its output. */
class CrashflowCliTest {
  @TempDir Path out;

  /** Runs a command in process; its exit code must be 0; returns what it printed. */
  static String capture(String... args) {
    PrintStream saved = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      int rc = CrashflowCli.commandLine().execute(args);
      assertEquals(0, rc, "exit code of " + String.join(" ", args) + "\n" + buf);
    } finally {
      System.setOut(saved);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void runPrintsASummaryThatAddsUpAndSqlAnswersTopIssues() {
    String summary = capture("run", "--output=" + out);
    assertTrue(summary.contains(String.format("messages read        %8d", SampleCorpusFacts.TOTAL_LINES)), summary);
    assertTrue(summary.contains(String.format("events written       %8d", SampleCorpusFacts.GOOD_EVENTS)), summary);
    assertTrue(summary.contains(String.format("duplicates dropped   %8d", SampleCorpusFacts.DUPLICATES)), summary);
    assertTrue(summary.contains("OK"), summary);
    assertTrue(summary.contains("Top issues:"), summary);

    String top = capture("sql", "--warehouse=" + out.resolve("warehouse"), "--format=csv",
        "SELECT issue_id, count(*) AS events FROM crash_events GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5");
    String[] lines = top.strip().split("\\R");
    assertEquals("issue_id,events", lines[0]);
    assertEquals(6, lines.length, top);
    long previous = Long.MAX_VALUE;
    for (int i = 1; i < lines.length; i++) {
      long n = Long.parseLong(lines[i].split(",")[1]);
      assertTrue(n <= previous, "sorted by events: " + top);
      previous = n;
    }
  }

  @Test
  void runHelpListsCrashflowsOptions() {
    String help = capture("run", "--help");
    for (String option : new String[] {"--inputType", "--subscription", "--output", "--maxEventAge", "--dedupHorizon"}) {
      assertTrue(help.contains(option), option + " missing from run --help");
    }
  }

  @Test
  void badOptionsAreAllReportedAtOnce() {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int rc;
    try {
      rc = CrashflowCli.commandLine().execute("run", "--inputType=pubsub", "--maxFrames=5",
          "--dedupHorizon=soon", "--output=" + out);
    } finally {
      System.setErr(saved);
    }
    String text = err.toString(StandardCharsets.UTF_8);
    assertTrue(rc != 0);
    assertTrue(text.contains("--subscription") && text.contains("--maxFrames") && text.contains("--dedupHorizon"), text);
  }
}
