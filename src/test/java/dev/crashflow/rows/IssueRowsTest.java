package dev.crashflow.rows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.services.bigquery.model.TableRow;
import dev.crashflow.issues.AppVersion;
import dev.crashflow.issues.IssueEvent;
import dev.crashflow.issues.IssueSignal;
import dev.crashflow.issues.IssueTracker;
import dev.crashflow.issues.Resolutions.Resolution;
import dev.crashflow.issues.WindowSummary;
import dev.crashflow.testing.SchemaConformance;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The issues and issue_signals rows fit their schemas, and a signal's Pub/Sub form carries the row. */
class IssueRowsTest {
  static final long T0 = 1_763_596_800_000L; // 2025-11-20T00:00:00Z
  static final long W = 300_000L;

  static WindowSummary window(long index, String... versions) {
    WindowSummary s = new WindowSummary();
    int i = 0;
    for (String v : versions) {
      i++;
      s.add(new IssueEvent(String.format("%032x", index * 100 + i), T0 + index * W + i, "com.game",
          "abc123", "SIGSEGV: Renderer::draw()", "crashflow-2", AppVersion.parse(v)));
    }
    return s.inWindow(T0 + index * W, T0 + (index + 1) * W, index > 5);
  }

  @Test
  void issueAndSignalRowsFitTheirSchemas() {
    IssueTracker tracker = new IssueTracker(IssueTracker.Settings.defaults());
    Resolution resolved = new Resolution(AppVersion.parse("2.0+200"), T0);
    IssueTracker.Update first = tracker.update(null, window(0, "2.0+200", ""), resolved);
    IssueTracker.Update second = tracker.update(first.state(), window(7, "2.1+210"), resolved);
    assertEquals(List.of(IssueSignal.Type.NEW_IN_RELEASE, IssueSignal.Type.REGRESSED),
        second.signals().stream().map(IssueSignal::type).toList());

    TableRow issue = IssueRows.issue(second.state(), window(7, "2.1+210"), T0 + 10 * W);
    assertEquals(List.of(), SchemaConformance.problems("issues", issue));
    assertEquals("REGRESSED", issue.get("status"));
    assertEquals("2.0", issue.get("first_version"));
    assertEquals("2.1", issue.get("last_version"));
    assertEquals("210", issue.get("last_build"));
    assertEquals("2.0+200", issue.get("resolved_in_version"));
    assertEquals(3L, issue.get("events_total"));
    assertEquals("2025-11-20T00:35:00Z", issue.get("window_start"));
    assertEquals(true, issue.get("late"));
    assertEquals(2L, issue.get("revision"));

    for (IssueSignal s : first.signals()) {
      TableRow row = IssueRows.signal(s, T0 + W);
      assertEquals(List.of(), SchemaConformance.problems("issue_signals", row));
    }
    TableRow regressed = IssueRows.signal(second.signals().get(1), T0 + 10 * W);
    assertEquals(List.of(), SchemaConformance.problems("issue_signals", regressed));
    assertEquals("2.1", regressed.get("app_version"));
    assertEquals("2.0+200", regressed.get("resolved_in_version"));
    assertEquals(32, ((String) regressed.get("signal_id")).length());
  }

  @Test
  void anIssueWithoutVersionsStillMakesValidRows() {
    IssueTracker.Update u = new IssueTracker(IssueTracker.Settings.defaults()).update(null, window(0, ""), null);
    TableRow issue = IssueRows.issue(u.state(), window(0, ""), T0);
    assertEquals(List.of(), SchemaConformance.problems("issues", issue));
    assertNull(issue.get("first_version"));
    assertEquals("OPEN", issue.get("status"));
    assertEquals(List.of(), SchemaConformance.problems("issue_signals", IssueRows.signal(u.signals().get(0), T0)));
  }

  @Test
  void aSignalMessageIsTheRowJsonWithFilterableAttributes() throws Exception {
    IssueSignal s = new IssueSignal(IssueSignal.Type.SPIKING, "com.game", "abc123", "2.1", T0, T0 + W,
        120, 7.5, "SIGSEGV", "crashflow-2", null);
    TableRow row = IssueRows.signal(s, T0 + W);
    JsonNode body = new ObjectMapper().readTree(IssueRows.json(row));
    assertEquals("SPIKING", body.get("signal_type").asText());
    assertEquals(120, body.get("event_count").asLong());
    assertEquals(7.5, body.get("rate_baseline").asDouble());
    Map<String, String> a = IssueRows.signalAttributes(row);
    assertEquals(Map.of("signal_type", "SPIKING", "app_id", "com.game", "issue_id", "abc123",
        "signal_id", s.signalId()), a);
    IssueSignal again = new IssueSignal(IssueSignal.Type.SPIKING, "com.game", "abc123", "2.1", T0, T0 + W,
        999, 1, "other title", "crashflow-2", null);
    assertEquals(s.signalId(), again.signalId(), "the id names the signal, not its figures");
    assertTrue(!s.signalId().equals(new IssueSignal(IssueSignal.Type.SPIKING, "com.game", "abc123",
        "2.1", T0 + W, T0 + 2 * W, 120, 7.5, "SIGSEGV", "crashflow-2", null).signalId()));
  }
}
