package dev.crashflow.issues;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * Which issues are marked resolved, and in which version: read from JSON lines, one resolution a
 * line, the rows of an append-only {@code resolutions} table or file:
 *
 * <pre>{"app_id":"com.example.game","issue_id":"9f0c...","resolved_in_version":"1.4.0","resolved_at":"2026-11-20T10:00:00Z"}</pre>
 *
 * <p>{@code resolved_in_version} may carry a build ({@code 1.4.0+1402}); {@code resolved_at}
 * (RFC 3339, or epoch seconds) is optional. Per issue the row with the latest {@code resolved_at}
 * wins (rows without one are the oldest; on a tie, the later line). A row whose {@code
 * resolved_in_version} is empty or null reopens the issue. Lines that are not such objects are
 * skipped and counted, never fatal: a hand-edited file must not stop tracking.
 */
public final class Resolutions implements Serializable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An issue marked resolved in {@code version}; {@code resolvedAtMillis} may be null. */
  public record Resolution(AppVersion version, Long resolvedAtMillis) implements Serializable {
    /** A resolution that reopens: no version. */
    public boolean reopens() {
      return !version.known();
    }
  }

  private final Map<String, Resolution> byIssue;
  private final int badLines;
  private final String firstProblem;

  private Resolutions(Map<String, Resolution> byIssue, int badLines, String firstProblem) {
    this.byIssue = byIssue;
    this.badLines = badLines;
    this.firstProblem = firstProblem;
  }

  public static final Resolutions NONE = new Resolutions(Map.of(), 0, null);

  /** The resolution in force for an issue, or null (none, or reopened). */
  public Resolution of(String appId, String issueId) {
    Resolution r = byIssue.get(IssueEvent.key(appId, issueId));
    return r == null || r.reopens() ? null : r;
  }

  public int size() {
    return byIssue.size();
  }

  public int badLines() {
    return badLines;
  }

  /** The first bad line's problem, with its line number; null when every line was good. */
  public String firstProblem() {
    return firstProblem;
  }

  public static Resolutions parse(Reader in) throws IOException {
    Map<String, Resolution> byIssue = new HashMap<>();
    int bad = 0;
    String first = null;
    BufferedReader r = new BufferedReader(in);
    int n = 0;
    for (String line = r.readLine(); line != null; line = r.readLine()) {
      n++;
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode row = JSON.readTree(line);
        if (row == null || !row.isObject()) {
          throw new IllegalArgumentException("not a JSON object");
        }
        String app = text(row, "app_id");
        String issue = text(row, "issue_id");
        if (app == null || issue == null) {
          throw new IllegalArgumentException("app_id and issue_id are required");
        }
        Resolution res = new Resolution(AppVersion.parse(text(row, "resolved_in_version")),
            time(row.get("resolved_at")));
        byIssue.merge(IssueEvent.key(app, issue), res, Resolutions::later);
      } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
        bad++;
        if (first == null) {
          first = "line " + n + ": " + e.getMessage().lines().findFirst().orElse("");
        }
      }
    }
    return new Resolutions(byIssue, bad, first);
  }

  /** The later of two rows for one issue; {@code next} (a later line) wins ties. */
  private static Resolution later(Resolution previous, Resolution next) {
    long p = previous.resolvedAtMillis() == null ? Long.MIN_VALUE : previous.resolvedAtMillis();
    long q = next.resolvedAtMillis() == null ? Long.MIN_VALUE : next.resolvedAtMillis();
    return q >= p ? next : previous;
  }

  private static String text(JsonNode row, String field) {
    JsonNode v = row.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException(field + " must be a string");
    }
    return v.asText().isBlank() ? null : v.asText();
  }

  private static Long time(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isNumber()) {
      return Math.round(v.asDouble() * 1000);
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("resolved_at must be RFC 3339 text or epoch seconds");
    }
    return parseTime(v.asText().trim());
  }

  /**
   * RFC 3339 ({@code 2026-11-20T10:00:00Z}, any offset) and BigQuery's JSON export form ({@code
   * 2026-11-20 10:00:00 UTC}, {@code 2026-11-20 10:00:00+00}).
   */
  static long parseTime(String t) {
    String s = t.endsWith(" UTC") ? t.substring(0, t.length() - 4) + "Z" : t;
    if (s.length() > 10 && s.charAt(10) == ' ') {
      s = s.substring(0, 10) + 'T' + s.substring(11);
    }
    if (s.matches(".*[+-]\\d{2}")) {
      s = s + ":00";
    }
    return OffsetDateTime.parse(s).toInstant().toEpochMilli();
  }
}
