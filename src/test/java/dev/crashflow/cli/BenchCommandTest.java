package dev.crashflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crashflow bench} on a tiny corpus: every part runs, the table and {@code bench.json}
 * have their figures, and on each runner the messages add up to the corpus the generator wrote.
 * DirectRunner costs about a quarter of a second per message (a bundle per key, each
 * re-translating its step), so it gets an even smaller corpus.
 */
class BenchCommandTest {
  @TempDir Path out;

  private static String bench(String... args) {
    List<String> all = new ArrayList<>(List.of("bench"));
    all.addAll(List.of(args));
    return CrashflowCliTest.capture(all.toArray(String[]::new));
  }

  @Test
  void aTinyCorpusRunsThroughEveryPartAndTheCountsAddUp() throws Exception {
    String printed = bench("--events=300", "--apps=2", "--runners=flink", "--out=" + out);
    for (String part : List.of("ceiling", "decode", "retrace", "native", "fingerprint",
        "floor flink", "pipeline flink")) {
      assertTrue(printed.contains("\n" + part + " "), part + " missing from the table:\n" + printed);
    }
    assertTrue(printed.contains("events/s") && printed.contains("ev/CPU-s"), printed);
    checkReport(300, 300, List.of("pipeline flink"));
    assertTrue(printed.contains("conservation: 300 read = ") && printed.contains("OK"), printed);
    // the floor moved every line (it throws otherwise) and the pipeline is set against it
    assertTrue(java.util.regex.Pattern.compile("\nfloor flink +one shuffle +300 ").matcher(printed).find(),
        printed);
    assertTrue(printed.contains("against the engine floor: "), printed);
    assertTrue(printed.contains("dead_letters rows in their files  OK"), printed);
  }

  @Test
  void directRunnerRunsTheWholePipelineToo() throws Exception {
    String printed = bench("--events=200", "--directEvents=12", "--apps=1", "--runners=direct",
        "--parts=pipeline", "--seed=5", "--out=" + out);
    assertTrue(printed.contains("\npipeline direct "), printed);
    assertTrue(printed.contains("DirectRunner gets the first 12 messages"), printed);
    checkReport(200, 12, List.of("pipeline direct"));
  }

  /** Checks bench.json; {@code piped} messages (a prefix of the corpus) went through the pipelines. */
  private void checkReport(long messages, long piped, List<String> expectedPipelines)
      throws Exception {
    JsonNode report = new ObjectMapper().readTree(out.resolve("bench.json").toFile());
    JsonNode corpus = report.get("corpus");
    assertEquals(messages, corpus.get("messages").asLong());
    long crash = corpus.get("crash_events").asLong();
    long sessions = corpus.get("sessions").asLong();
    long dupes = corpus.get("duplicates").asLong();
    long bad = corpus.get("bad").asLong();
    assertEquals(messages, crash + sessions + dupes + bad);
    double average = corpus.get("average_message_bytes").asDouble();
    assertTrue(average > 3000 && average < 6000, "about 4 KB per message: " + average);

    List<String> pipelines = new ArrayList<>();
    for (JsonNode part : report.get("parts")) {
      assertTrue(part.get("events").asLong() > 0, part.toString());
      assertTrue(part.get("cpu_seconds").asDouble() > 0, part.toString());
      if (part.get("part").asText().startsWith("pipeline ")) {
        pipelines.add(part.get("part").asText());
        JsonNode c = part.get("counts");
        assertEquals(piped, c.get("read").asLong(), part.toString());
        if (piped == messages) {
          assertEquals(crash, c.get("crash_events").asLong(), part.toString());
          assertEquals(sessions, c.get("sessions").asLong(), part.toString());
          assertEquals(bad, c.get("dead_letters").asLong(), part.toString());
          assertEquals(dupes, c.get("duplicates").asLong(), part.toString());
          // the rows are in the table files, not only counted on their way to the sinks
          assertEquals(crash, c.get("rows_in_crash_events").asLong(), part.toString());
          assertEquals(sessions, c.get("rows_in_sessions").asLong(), part.toString());
          assertEquals(bad, c.get("rows_in_dead_letters").asLong(), part.toString());
        }
        assertEquals(0, c.get("missing_symbols").asLong(), "every frame has its symbols: " + part);
        assertTrue(part.get("conserved").asBoolean(), part.toString());
        assertTrue(part.get("peak_heap_bytes").asLong() > 0, part.toString());
      }
    }
    assertEquals(expectedPipelines, pipelines);
  }

  @Test
  void anUnknownRunnerIsABadArgument() {
    PrintStream savedErr = System.err;
    System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    try {
      assertEquals(2, CrashflowCli.commandLine().execute("bench", "--events=10",
          "--runners=spark", "--out=" + out));
    } finally {
      System.setErr(savedErr);
    }
  }
}
