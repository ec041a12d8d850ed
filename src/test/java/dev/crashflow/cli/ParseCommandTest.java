package dev.crashflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crashflow.testing.Outputs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ParseCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd = CrashflowCli.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    return cmd.execute(args);
  }

  /** A fixture copied into the temp dir, so paths in messages are short and mtimes settable. */
  private String fixture(String name) throws Exception {
    Path target = dir.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/crashtext/" + name)) {
      Files.copy(in, target);
    }
    return target.toString();
  }

  private static List<JsonNode> events(String ndjson) throws Exception {
    List<JsonNode> events = new ArrayList<>();
    for (String line : ndjson.split("\n")) {
      if (!line.isEmpty()) {
        events.add(JSON.readTree(line));
      }
    }
    return events;
  }

  @Test
  void writesOneEventPerLineForEveryCrashInEveryReport() throws Exception {
    assertEquals(0, run("parse", fixture("tombstone-arm64.txt"), fixture("ios-crash.ips"),
        fixture("logcat-crash.txt")), err.toString());

    List<JsonNode> events = events(out.toString());
    assertEquals(4, events.size(), "the logcat dump holds two crashes");
    assertEquals(List.of("SIGSEGV", "EXC_BAD_ACCESS", "SIGSEGV", "SIGABRT"), events.stream()
        .map(e -> e.at("/exception/values/0/type").asText()).toList());
    assertEquals("", err.toString());
  }

  @Test
  void badReportsAreNamedWithTheirLineAndTheOthersAreStillWritten() throws Exception {
    String garbage = fixture("garbage.txt");
    String truncated = fixture("ios-truncated.ips");
    String missing = dir.resolve("nope.ips").toString();
    int lines = Files.readString(Path.of(truncated)).split("\n").length;

    assertEquals(2, run("parse", garbage, truncated, missing, fixture("tombstone-arm64.txt")));

    String e = err.toString();
    assertTrue(e.contains("crashflow parse: " + garbage + ":1: not a recognised crash report"), e);
    assertTrue(e.contains("crashflow parse: " + truncated + ":" + lines
        + ": malformed .ips JSON (truncated?)"), e);
    assertTrue(e.contains("crashflow parse: " + missing + ": no such file"), e);
    assertTrue(e.contains("crashflow parse: 1 event from 1 of 4 reports"), e);
    assertEquals(1, events(out.toString()).size());
  }

  @Test
  void warningsNameTheLineButDoNotFailTheReport() throws Exception {
    String truncated = fixture("tombstone-truncated.txt");
    int last = Files.readString(Path.of(truncated)).split("\n").length;

    assertEquals(0, run("parse", truncated));

    assertTrue(err.toString().contains(truncated + ":" + last
        + ": warning: backtrace line cut off at the end of the report, skipped"), err.toString());
    assertEquals(3, events(out.toString()).get(0).at("/exception/values/0/stacktrace/frames")
        .size());
  }

  @Test
  void formatAndAppIdOptions() throws Exception {
    String tombstone = fixture("tombstone-arm64.txt");
    assertEquals(2, run("parse", "--format", "ips", tombstone));
    assertTrue(err.toString().contains(tombstone + ":1: not an Apple crash report"),
        err.toString());
    assertEquals(2, run("parse", "--format=nope", tombstone));
    assertTrue(err.toString().contains("unknown format 'nope': expected auto, tombstone or ips"),
        err.toString());
    assertEquals("", out.toString());

    assertEquals(0, run("parse", "--format=TOMBSTONE", "--app-id=racer-android", tombstone));
    JsonNode e = events(out.toString()).get(0);
    assertEquals("racer-android", e.at("/contexts/app/app_identifier").asText());
  }

  @Test
  void reportsWithoutADateTakeTheFileTimeAndGzipAndStdinAreRead() throws Exception {
    Path arm32 = Path.of(fixture("tombstone-arm32-abort.txt"));
    Instant mtime = Instant.parse("2024-02-03T04:05:06Z");
    Files.setLastModifiedTime(arm32, FileTime.from(mtime));
    Path gz = dir.resolve("ios.ips.gz");
    try (GZIPOutputStream z = new GZIPOutputStream(Files.newOutputStream(gz))) {
      z.write(Files.readAllBytes(Path.of(fixture("ios-crash.ips"))));
    }
    Path file = dir.resolve("events.jsonl");
    InputStream saved = System.in;
    byte[] mac = Files.readAllBytes(Path.of(fixture("macos11-segv.crash")));
    System.setIn(new ByteArrayInputStream(mac));
    try {
      assertEquals(0, run("parse", "--output", file.toString(), arm32.toString(), gz.toString(),
          "-"), err.toString());
    } finally {
      System.setIn(saved);
    }

    List<JsonNode> events = events(Files.readString(file));
    assertEquals(mtime.toString(), events.get(0).get("timestamp").asText());
    assertEquals("e9b3f8a42c1d4b7e9f601a2b3c4d5e6f", events.get(1).get("event_id").asText());
    assertEquals("macOS", events.get(2).at("/contexts/os/name").asText());
    assertEquals("", out.toString());
    assertTrue(err.toString().contains("3 events from 3 of 3 reports written to " + file),
        err.toString());
  }

  /** The output is input: {@code run --input} decodes every event and symbolicates it. */
  @Test
  void parsedEventsRunThroughThePipelineAndSymbolicate() throws Exception {
    Path events = dir.resolve("events.jsonl");
    assertEquals(0, run("parse", "--output=" + events, fixture("tombstone-arm64.txt"),
        fixture("logcat-crash.txt"), fixture("ios-crash.ips")), err.toString());
    Path store = dir.resolve("symbols");
    storeSym(store, "libgame.so", "E9CC3895999FD7AE200742C40677E8C00", "libgame.so.sym");
    storeSym(store, "Tower", "5BF5E0F80AF2868167ACB9BDE26E1E6C0", "Tower.sym");
    Path output = dir.resolve("out");

    PrintStream savedOut = System.out;
    System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, CrashflowCli.commandLine().execute("run", "--input=" + events,
          "--output=" + output, "--symbols=" + store, "--maxEventAge=5000d"));
    } finally {
      System.setOut(savedOut);
    }

    Outputs o = new Outputs(output);
    assertEquals(0, o.scalar("SELECT count(*) FROM dead_letters"));
    Map<String, JsonNode> rows = new HashMap<>();
    for (String line : Outputs.lines(output.resolve("warehouse/crash_events"))) {
      JsonNode row = JSON.readTree(line);
      rows.put(row.at("/exceptions/0/type").asText() + " " + row.get("platform").asText(), row);
    }
    assertEquals(4, Outputs.lines(output.resolve("warehouse/crash_events")).size());
    JsonNode ios = rows.get("EXC_BAD_ACCESS IOS");
    JsonNode iosFrames = ios.at("/exceptions/0/frames");
    assertEquals("-[TowerScene update:]", iosFrames.get(iosFrames.size() - 1).get("symbol")
        .asText());
    assertEquals(42, iosFrames.get(iosFrames.size() - 1).get("line").asInt());
    // One frame lies in UIKitCore, whose symbols the store lacks: its debug id is reported.
    assertEquals("partial", ios.get("symbolication_status").asText());
    assertEquals("607C06C34D151771E212A7BF174FAB2A0", ios.at("/missing_debug_ids/0").asText());
    JsonNode android = rows.get("SIGSEGV ANDROID");
    JsonNode frames = android.at("/exceptions/0/frames");
    assertEquals("Body::velocity() const", frames.get(frames.size() - 1).get("symbol").asText());
    assertEquals("partial", android.get("symbolication_status").asText(), "libengine: no BuildId");
    assertEquals(1, o.scalar("SELECT count(DISTINCT issue_id) FROM crash_events "
        + "WHERE platform = 'ANDROID' AND exceptions[OFFSET(0)].type = 'SIGSEGV'"),
        "the tombstone and its logcat copy are one issue");
  }

  private static void storeSym(Path store, String debugFile, String id, String resource)
      throws Exception {
    Path target = store.resolve(debugFile + "/" + id + "/" + resource);
    Files.createDirectories(target.getParent());
    try (InputStream in = ParseCommandTest.class.getResourceAsStream(
        "/crashtext/symbols/" + resource)) {
      Files.copy(in, target);
    }
  }
}
