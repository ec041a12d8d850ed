package dev.crashflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashflow.samples.SampleCorpusRecords;
import dev.crashflow.testing.SampleWarehouse;
import dev.crashflow.warehouse.LocalWarehouse;
import dev.crashflow.warehouse.Tables;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code crashflow report} on the pipeline's output for the sample corpus: the page is
 * self-contained, and headless Chromium (when installed: {@code .ci/install-test-tools}) renders
 * the charts and the tables with the issues the corpus says are on top.
 */
class ReportCommandTest {

  private static Path report;
  private static String html;
  /** The five biggest issues, by events counted from the corpus file, ids from crash_events. */
  private static List<String> expectedTop;

  @BeforeAll
  static void render(@TempDir Path dir) throws Exception {
    report = dir.resolve("out/report.html");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(new CrashflowCli()).setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err)).execute("report", "--warehouse=" + SampleWarehouse.warehouse(),
            "--output=" + report, "--top=8");
    assertEquals(0, code, err.toString());
    assertTrue(out.toString().startsWith("Wrote " + report), out.toString());
    html = Files.readString(report, StandardCharsets.UTF_8);

    Map<String, String> issueOf = new HashMap<>();
    try (LocalWarehouse w = LocalWarehouse.open(SampleWarehouse.warehouse(), Tables.ALL)) {
      for (List<Object> r : w.query("SELECT event_id, issue_id FROM crash_events").rows()) {
        issueOf.put((String) r.get(0), (String) r.get(1));
      }
    }
    Map<String, Integer> counts = new HashMap<>();
    SampleCorpusRecords.events().forEach(e ->
        counts.merge(issueOf.get(e.json().get("event_id").asText()), 1, Integer::sum));
    expectedTop = counts.entrySet().stream()
        .sorted(Comparator.<Map.Entry<String, Integer>>comparingInt(e -> -e.getValue())
            .thenComparing(Map.Entry::getKey))
        .limit(5).map(Map.Entry::getKey).toList();
  }

  @Test
  void thePageIsSelfContained() {
    assertTrue(html.startsWith("<!DOCTYPE html>"), html.substring(0, 50));
    assertFalse(Pattern.compile("(?i)(src|href)\\s*=|@import|url\\(|<link|<script[^>]*src")
        .matcher(html).find(), "no external resources");
    assertFalse(html.contains("http://") || html.contains("https://"), "no URLs at all");
  }

  @Test
  void theTopIssuesAreTheCorpusBiggestWithTheirStacks() {
    List<String> rows = new ArrayList<>();
    Matcher m = Pattern.compile("<tr class=\"issue\" data-issue=\"([0-9a-f]+)\"").matcher(html);
    while (m.find()) {
      rows.add(m.group(1));
    }
    assertEquals(8, rows.size());
    assertEquals(expectedTop, rows.subList(0, 5));
    // The arena's NullReferenceException (55 events, one issue) leads; its stack names the
    // in-app frame PlayerController.Update.
    assertTrue(html.contains("System.NullReferenceException"), "top issue title");
    assertTrue(Pattern.compile("<li class=\"frame in-app\"><code>[^<]*PlayerController[^<]*Update")
        .matcher(html).find(), "in-app frame of the top issue's stack");
    assertTrue(html.contains("<span class=\"pill\">NEW_ISSUE</span>"), "new issues listed");
  }

  @Test
  void headlessChromiumRendersTheChartsAndTables() throws Exception {
    String chromium = findChromium();
    Assumptions.assumeTrue(chromium != null, "chromium is not installed: run "
        + ".ci/install-test-tools (Debian package chromium) to render the report headless");
    Path profile = Files.createTempDirectory("chromium-profile");
    Process p = new ProcessBuilder(chromium, "--headless", "--disable-gpu", "--no-sandbox",
        "--user-data-dir=" + profile, "--dump-dom", report.toUri().toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium finished");
    assertEquals(0, p.exitValue(), dom);
    // The rendered DOM (parsed by the browser, not our string) holds the trend chart's paths,
    // one per app, with real coordinates.
    Matcher paths = Pattern.compile("<path class=\"series\" data-app=\"([^\"]+)\"[^>]*d=\"M[0-9.]+"
        + ",[0-9.]+( L[0-9.]+,[0-9.]+)+\"").matcher(dom);
    List<String> apps = new ArrayList<>();
    while (paths.find()) {
      apps.add(paths.group(1));
    }
    assertEquals(List.of("com.example.arena", "com.example.puzzle", "com.example.racer",
        "com.example.tower"), apps);
    assertTrue(dom.contains("<svg id=\"crash-free-chart\""), "crash-free chart");
    List<String> rows = new ArrayList<>();
    Matcher m = Pattern.compile("<tr class=\"issue\" data-issue=\"([0-9a-f]+)\"").matcher(dom);
    while (m.find()) {
      rows.add(m.group(1));
    }
    assertEquals(expectedTop, rows.subList(0, 5), "top issues as rendered");
    assertTrue(Pattern.compile("<tr class=\"version\">").matcher(dom).results().count() >= 12,
        "a crash-free row per app version");
    assertTrue(dom.contains("<tr class=\"signal\""), "new issues table");

    Path png = report.resolveSibling("report.png");
    Process shot = new ProcessBuilder(chromium, "--headless", "--disable-gpu", "--no-sandbox",
        "--user-data-dir=" + profile, "--window-size=1280,2000", "--screenshot=" + png,
        report.toUri().toString()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertTrue(shot.waitFor(120, TimeUnit.SECONDS), "chromium screenshot finished");
    assertTrue(Files.size(png) > 20_000, "a non-trivial screenshot");
  }

  @Test
  void aMissingWarehouseSaysSo(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    int code = new CommandLine(new CrashflowCli()).setErr(new PrintWriter(err))
        .execute("report", "--warehouse=" + dir.resolve("nope"), "--output=" + dir.resolve("r.html"));
    assertEquals(1, code);
    assertTrue(err.toString().contains("No local warehouse at"), err.toString());
  }

  static String findChromium() {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        if (Files.isExecutable(Path.of(dir, name))) {
          return Path.of(dir, name).toString();
        }
      }
    }
    return null;
  }
}
