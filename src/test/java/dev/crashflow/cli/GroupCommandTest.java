package dev.crashflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code crashflow group} and {@code crashflow explain} through the root command line. */
class GroupCommandTest {
  static String event(String id, String type, String value, String module, String function) {
    return "{\"event_id\":\"" + id + "\",\"timestamp\":\"2024-01-02T03:04:05Z\",\"platform\":\"java\","
        + "\"release\":\"com.example@1.0+1\",\"exception\":{\"values\":[{\"type\":\"" + type + "\","
        + "\"value\":\"" + value + "\",\"stacktrace\":{\"frames\":["
        + "{\"module\":\"android.os.Looper\",\"function\":\"loop\",\"in_app\":false,\"lineno\":1},"
        + "{\"module\":\"" + module + "\",\"function\":\"" + function + "\",\"in_app\":true,\"lineno\":7}]}}]}}";
  }

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
  void printsOneLinePerEventWithItsIssue(@TempDir Path dir) throws Exception {
    Path in = Files.write(dir.resolve("events.jsonl"), List.of(
        event("a".repeat(32), "java.lang.IllegalStateException", "Item 3141 not found", "com.example.Shop", "buy"),
        "",
        event("b".repeat(32), "java.lang.IllegalStateException", "Item 27 not found", "com.example.Shop", "buy"),
        event("c".repeat(32), "java.lang.IllegalStateException", "Item 27 not found", "com.example.Shop", "sell")));
    String[] r = run("group", in.toString());
    assertEquals("0", r[0], r[2]);
    String[] lines = r[1].split("\n");
    assertEquals(3, lines.length, r[1]);
    String[] a = lines[0].split("\t");
    String[] b = lines[1].split("\t");
    String[] c = lines[2].split("\t");
    assertEquals("a".repeat(32), a[0]);
    assertTrue(a[1].matches("[0-9a-f]{32}"), a[1]);
    assertEquals("java.lang.IllegalStateException: Item 3141 not found", a[2]);
    assertEquals(a[1], b[1]);
    assertNotEquals(a[1], c[1]);
  }

  @Test
  void badLinesAreReportedWithTheirNumberAndTheRestIsGrouped(@TempDir Path dir) throws Exception {
    Path in = Files.write(dir.resolve("events.jsonl"), List.of(
        "{not json",
        event("a".repeat(32), "E", "x", "com.example.Shop", "buy"),
        "{\"event_id\":\"" + "d".repeat(32) + "\"}"));
    String[] r = run("group", in.toString());
    assertEquals("2", r[0]);
    assertEquals(1, r[1].split("\n").length, r[1]);
    assertTrue(r[2].contains("line 1: malformed_json"), r[2]);
    assertTrue(r[2].contains("line 3: missing_field"), r[2]);
    assertTrue(r[2].contains("2 of 3 lines were not grouped"), r[2]);
  }

  @Test
  void perAppRulesChangeTheGrouping(@TempDir Path dir) throws Exception {
    Path in = Files.write(dir.resolve("events.jsonl"), List.of(
        event("a".repeat(32), "java.net.SocketTimeoutException", "t", "com.example.Sync", "pull"),
        event("b".repeat(32), "java.net.UnknownHostException", "h", "com.example.Shop", "buy")));
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(rules.resolve("fingerprints.txt"), "type:java.net.* -> network title=\"Offline\"\n");
    String[] r = run("group", "--rules", rules.toString(), in.toString());
    assertEquals("0", r[0], r[2]);
    String[] lines = r[1].split("\n");
    assertEquals(lines[0].split("\t")[1], lines[1].split("\t")[1]);
    assertEquals("Offline", lines[0].split("\t")[2]);

    Path store = dir.resolve("store");
    Files.createDirectories(store.resolve("grouping/com.example"));
    Files.writeString(store.resolve("grouping/com.example/fingerprints.txt"), "type:java.net.* -> net\n");
    String[] s = run("group", "--rules", store.toString(), in.toString());
    String[] ls = s[1].split("\n");
    assertEquals(ls[0].split("\t")[1], ls[1].split("\t")[1], s[2]);
  }

  @Test
  void badRulesAreOneClearError(@TempDir Path dir) throws Exception {
    Path in = Files.write(dir.resolve("events.jsonl"), List.of(event("a".repeat(32), "E", "x", "a.B", "c")));
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(rules.resolve("enhancements.txt"), "module:a.* -app\nmodule:b.* +sideways\n");
    String[] r = run("group", "--rules", rules.toString(), in.toString());
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("enhancements.txt line 2: expected an action"), r[2]);
    assertEquals("", r[1]);
    String[] none = run("group", "--rules", dir.resolve("nope").toString(), in.toString());
    assertEquals("2", none[0]);
    assertTrue(none[2].contains("no such directory"), none[2]);
  }

  @Test
  void explainPrintsTheTree(@TempDir Path dir) throws Exception {
    Path in = Files.writeString(dir.resolve("event.json"),
        event("a".repeat(32), "java.lang.IllegalStateException", "Item 3141 not found", "com.example.Shop", "buy"));
    String[] r = run("explain", in.toString());
    assertEquals("0", r[0], r[2]);
    String[] grouped = run("group", Files.write(dir.resolve("one.jsonl"),
        List.of(Files.readString(in))).toString());
    assertTrue(r[1].contains("issue_id   " + grouped[1].split("\t")[1]), r[1]);
    assertTrue(r[1].contains("+ frame module=\"com.example.Shop\" function=\"buy\""), r[1]);
    assertTrue(r[1].contains("- frame module=\"android.os.Looper\" function=\"loop\"  (not in-app)"), r[1]);
    assertTrue(r[1].contains("hash input (2 components):"), r[1]);
  }

  @Test
  void explainRefusesWhatIsNotAnEvent(@TempDir Path dir) throws Exception {
    Path bad = Files.writeString(dir.resolve("event.json"), "{\"event_id\": 3}");
    String[] r = run("explain", bad.toString());
    assertEquals("2", r[0]);
    assertTrue(r[2].startsWith("crashflow explain: " + bad), r[2]);
    String[] missing = run("explain", dir.resolve("nope.json").toString());
    assertEquals("2", missing[0]);
    assertTrue(missing[2].contains("no such file"), missing[2]);
  }
}
