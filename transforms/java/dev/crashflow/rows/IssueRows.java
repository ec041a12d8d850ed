package dev.crashflow.rows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.services.bigquery.model.TableRow;
import dev.crashflow.issues.AppVersion;
import dev.crashflow.issues.IssueSignal;
import dev.crashflow.issues.IssueState;
import dev.crashflow.issues.WindowSummary;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rows of the {@code issues} and {@code issue_signals} tables (schemas in {@code schemas/}), and
 * the Pub/Sub form of a signal. Both tables are append-only: {@code issues} gets one row per
 * issue per window that changed it, and the latest state of an issue is its row with the greatest
 * {@code (tracked_since, revision)}.
 */
public final class IssueRows {
  private static final ObjectMapper JSON = new ObjectMapper();

  private IssueRows() {}

  /** The {@code issues} row after state {@code s} folded in window {@code w}. */
  public static TableRow issue(IssueState s, WindowSummary w, long updatedAtMillis) {
    TableRow r = new TableRow();
    r.set("issue_id", s.issueId());
    r.set("app_id", s.appId());
    r.set("title", s.title());
    r.set("grouping_version", s.groupingVersion());
    r.set("status", s.status().name());
    r.set("first_seen", TableRows.timestamp(s.firstSeenMillis()));
    r.set("last_seen", TableRows.timestamp(s.lastSeenMillis()));
    r.set("first_version", s.firstVersion().version());
    r.set("last_version", s.lastVersion().version());
    r.set("last_build", s.lastVersion().build());
    AppVersion resolved = s.resolvedIn();
    r.set("resolved_in_version", resolved == null ? null : resolved.label());
    r.set("events_total", s.eventsTotal());
    r.set("window_start", TableRows.timestamp(w.windowStart()));
    r.set("window_end", TableRows.timestamp(w.windowEnd()));
    r.set("window_events", w.count());
    r.set("late", w.late());
    r.set("tracked_since", TableRows.timestamp(s.trackedSinceMillis()));
    r.set("revision", s.revision());
    r.set("updated_at", TableRows.timestamp(updatedAtMillis));
    return r;
  }

  /** The {@code issue_signals} row of a signal. */
  public static TableRow signal(IssueSignal g, long emittedAtMillis) {
    TableRow r = new TableRow();
    r.set("signal_id", g.signalId());
    r.set("signal_type", g.type().name());
    r.set("app_id", g.appId());
    r.set("issue_id", g.issueId());
    r.set("app_version", g.appVersion());
    r.set("window_start", TableRows.timestamp(g.windowStartMillis()));
    r.set("window_end", TableRows.timestamp(g.windowEndMillis()));
    r.set("event_count", g.eventCount());
    r.set("rate_baseline", g.baseline());
    r.set("title", g.title());
    r.set("grouping_version", g.groupingVersion());
    r.set("resolved_in_version", g.resolvedInVersion());
    r.set("emitted_at", TableRows.timestamp(emittedAtMillis));
    return r;
  }

  /**
   * The Pub/Sub attributes of a signal, for subscription filters: {@code signal_type}, {@code
   * app_id}, {@code issue_id} and {@code signal_id} (to drop redeliveries).
   */
  public static Map<String, String> signalAttributes(TableRow signalRow) {
    Map<String, String> a = new TreeMap<>();
    for (String k : new String[] {"signal_type", "app_id", "issue_id", "signal_id"}) {
      Object v = signalRow.get(k);
      if (v != null) {
        a.put(k, v.toString());
      }
    }
    return a;
  }

  /** A signal as a Pub/Sub message body: the JSON of its {@code issue_signals} row. */
  public static byte[] json(TableRow row) {
    try {
      return JSON.writeValueAsBytes(row);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
