package dev.crashflow.report;

import dev.crashflow.warehouse.LocalWarehouse;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A self-contained HTML dashboard of the local warehouse: the crash trend, the top issues with the
 * symbolicated stack of a representative event, crash-free users by version and the newest
 * issues. Everything (CSS, SVG charts) is inline: the file opens offline and loads nothing.
 * It reads the analytics views ({@code top_issues}, {@code crash_free_by_version},
 * {@code release_issues}) and {@code crash_events}.
 */
public final class DashboardReport {

  /** Line colours of the trend chart, one per app (cycled). */
  private static final String[] COLOURS =
      {"#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"};
  private static final int MAX_FRAMES = 40;

  private final LocalWarehouse warehouse;
  private final int topIssues;

  public DashboardReport(LocalWarehouse warehouse, int topIssues) {
    if (topIssues < 1) {
      throw new IllegalArgumentException("the number of top issues must be at least 1");
    }
    this.warehouse = warehouse;
    this.topIssues = topIssues;
  }

  /** The whole page. {@code generatedAt} is printed in the header. */
  public String render(Instant generatedAt) throws SQLException {
    List<String> missing = new ArrayList<>();
    for (String view : List.of("top_issues", "crash_free_by_version", "release_issues")) {
      if (!warehouse.views().contains(view)) {
        missing.add(view + " (" + warehouse.skippedViews().getOrDefault(view, "not defined") + ")");
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("the report needs the views " + String.join(", ", missing));
    }
    List<Object> totals = warehouse.query("SELECT COUNT(*), COUNT(DISTINCT issue_id),"
        + " COUNT(DISTINCT app_id), MIN(event_timestamp), MAX(event_timestamp),"
        + " (SELECT COUNT(*) FROM dead_letters) FROM crash_events").rows().get(0);
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>crashflow report</title><style>").append(CSS).append("</style></head><body>\n");
    html.append("<header><h1>crashflow report</h1><p class=\"meta\">")
        .append(number(totals.get(0))).append(" crash events, ").append(number(totals.get(1)))
        .append(" issues, ").append(number(totals.get(2))).append(" apps");
    if (totals.get(3) != null) {
      html.append(", ").append(esc(totals.get(3))).append(" to ").append(esc(totals.get(4)));
    }
    html.append("; ").append(number(totals.get(5))).append(" dead letters. Generated ")
        .append(esc(generatedAt.truncatedTo(ChronoUnit.SECONDS))).append(".</p></header>\n");
    if (((Number) totals.get(0)).longValue() == 0) {
      html.append("<p id=\"empty\">The warehouse has no crash events yet.</p>\n");
    } else {
      trend(html, (Instant) totals.get(3), (Instant) totals.get(4));
      issues(html);
    }
    crashFree(html);
    newIssues(html);
    return html.append("</body></html>\n").toString();
  }

  private void trend(StringBuilder html, Instant first, Instant last) throws SQLException {
    boolean hourly = Duration.between(first, last).compareTo(Duration.ofDays(7)) <= 0;
    String unit = hourly ? "HOUR" : "DAY";
    Map<String, Map<Instant, Long>> series = new TreeMap<>();
    TreeSet<Instant> buckets = new TreeSet<>();
    for (List<Object> r : warehouse.query("SELECT app_id, TIMESTAMP_TRUNC(event_timestamp, "
        + unit + ") AS bucket, COUNT(*) FROM crash_events GROUP BY 1, 2").rows()) {
      series.computeIfAbsent((String) r.get(0), k -> new TreeMap<>())
          .put((Instant) r.get(1), ((Number) r.get(2)).longValue());
      buckets.add((Instant) r.get(1));
    }
    ChronoUnit step = hourly ? ChronoUnit.HOURS : ChronoUnit.DAYS;
    List<Instant> axis = new ArrayList<>();
    for (Instant t = buckets.first(); !t.isAfter(buckets.last()); t = t.plus(1, step)) {
      axis.add(t);
    }
    long max = 1;
    for (Map<Instant, Long> s : series.values()) {
      max = Math.max(max, Collections.max(s.values()));
    }
    int w = 960;
    int h = 280;
    int left = 50;
    int right = 20;
    int top = 20;
    int bottom = 40;
    double dx = axis.size() > 1 ? (double) (w - left - right) / (axis.size() - 1) : 0;
    double dy = (double) (h - top - bottom) / max;
    html.append("<section id=\"trend\"><h2>Crash trend (events per ")
        .append(hourly ? "hour" : "day").append(", UTC)</h2>\n<svg id=\"trend-chart\" ")
        .append("viewBox=\"0 0 ").append(w).append(' ')
        .append(h).append("\" role=\"img\" aria-label=\"crash events over time by app\">\n");
    html.append("<line class=\"axis\" x1=\"").append(left).append("\" y1=\"").append(h - bottom)
        .append("\" x2=\"").append(w - right).append("\" y2=\"").append(h - bottom).append("\"/>")
        .append("<line class=\"axis\" x1=\"").append(left).append("\" y1=\"").append(top)
        .append("\" x2=\"").append(left).append("\" y2=\"").append(h - bottom).append("\"/>\n");
    html.append("<text class=\"label\" x=\"").append(left - 6).append("\" y=\"").append(top + 4)
        .append("\" text-anchor=\"end\">").append(max).append("</text><text class=\"label\" x=\"")
        .append(left - 6).append("\" y=\"").append(h - bottom).append("\" text-anchor=\"end\">0")
        .append("</text>\n");
    for (int i : new int[] {0, axis.size() / 2, axis.size() - 1}) {
      html.append("<text class=\"label\" x=\"").append(fmt(left + i * dx)).append("\" y=\"")
          .append(h - bottom + 16).append("\" text-anchor=\"")
          .append(i == 0 ? "start" : i == axis.size() - 1 ? "end" : "middle").append("\">")
          .append(esc(axis.get(i).toString().substring(0, hourly ? 16 : 10).replace('T', ' ')))
          .append("</text>");
    }
    html.append('\n');
    int c = 0;
    StringBuilder legend = new StringBuilder("<ul class=\"legend\">");
    for (Map.Entry<String, Map<Instant, Long>> s : series.entrySet()) {
      String colour = COLOURS[c++ % COLOURS.length];
      StringBuilder d = new StringBuilder();
      for (int i = 0; i < axis.size(); i++) {
        long v = s.getValue().getOrDefault(axis.get(i), 0L);
        d.append(i == 0 ? "M" : " L").append(fmt(left + i * dx)).append(',')
            .append(fmt(h - bottom - v * dy));
      }
      html.append("<path class=\"series\" data-app=\"").append(esc(s.getKey()))
          .append("\" stroke=\"").append(colour).append("\" d=\"").append(d).append("\"/>\n");
      long sum = s.getValue().values().stream().mapToLong(Long::longValue).sum();
      legend.append("<li><span class=\"swatch\" style=\"background:").append(colour)
          .append("\"></span>").append(esc(s.getKey())).append(" (").append(sum)
          .append(")</li>");
    }
    html.append("</svg>\n").append(legend).append("</ul></section>\n");
  }

  private void issues(StringBuilder html) throws SQLException {
    List<List<Object>> rows = warehouse.query("SELECT app_id, issue_id, issue_title,"
        + " issue_subtitle, error_type, events, users, first_seen, last_seen, events_last_7d,"
        + " events_prev_7d, status FROM top_issues ORDER BY events DESC, issue_id LIMIT "
        + topIssues).rows();
    html.append("<section id=\"top-issues\"><h2>Top issues</h2>\n<table id=\"issues-table\">"
        + "<thead><tr><th>#</th><th>issue</th><th>app</th><th>type</th><th>events</th>"
        + "<th>users</th><th>first seen</th><th>last seen</th><th>last 7 d / previous 7 d</th>"
        + "<th>status</th></tr></thead><tbody>\n");
    int rank = 0;
    for (List<Object> r : rows) {
      rank++;
      html.append("<tr class=\"issue\" data-issue=\"").append(esc(r.get(1))).append("\"><td>")
          .append(rank).append("</td><td><details><summary class=\"title\">")
          .append(esc(r.get(2))).append("</summary><div class=\"subtitle\">")
          .append(esc(r.get(3))).append("</div>");
      stack(html, (String) r.get(0), (String) r.get(1));
      html.append("</details></td><td>").append(esc(r.get(0))).append("</td><td>")
          .append(esc(r.get(4))).append("</td><td class=\"num events\">").append(number(r.get(5)))
          .append("</td><td class=\"num\">").append(number(r.get(6))).append("</td><td>")
          .append(esc(r.get(7))).append("</td><td>").append(esc(r.get(8)))
          .append("</td><td class=\"num\">").append(number(r.get(9))).append(" / ")
          .append(number(r.get(10))).append("</td><td>").append(esc(r.get(11)))
          .append("</td></tr>\n");
    }
    html.append("</tbody></table></section>\n");
  }

  /** The stack of the issue's latest event, crash frame first. */
  @SuppressWarnings("unchecked")
  private void stack(StringBuilder html, String app, String issue) throws SQLException {
    List<List<Object>> rows = warehouse.query("SELECT event_id, exceptions, threads,"
        + " symbolication_status FROM crash_events WHERE app_id = " + literal(app)
        + " AND issue_id = " + literal(issue) + " ORDER BY event_timestamp DESC LIMIT 1").rows();
    if (rows.isEmpty()) {
      return;
    }
    List<Object> r = rows.get(0);
    List<Map<String, Object>> frames = List.of();
    String heading = "";
    List<Map<String, Object>> exceptions = (List<Map<String, Object>>) r.get(1);
    Map<String, Object> chosen = null;
    for (Map<String, Object> e : exceptions) {
      if (Boolean.TRUE.equals(e.get("blamed"))) {
        chosen = e;
      }
    }
    if (chosen == null && !exceptions.isEmpty()) {
      chosen = exceptions.get(exceptions.size() - 1);
    }
    if (chosen != null && !((List<?>) chosen.get("frames")).isEmpty()) {
      frames = (List<Map<String, Object>>) chosen.get("frames");
      heading = chosen.get("type") + (chosen.get("exception_message") == null ? ""
          : ": " + chosen.get("exception_message"));
    } else {
      for (Map<String, Object> t : (List<Map<String, Object>>) r.get(2)) {
        if (Boolean.TRUE.equals(t.get("crashed")) && !((List<?>) t.get("frames")).isEmpty()) {
          frames = (List<Map<String, Object>>) t.get("frames");
          heading = "crashed thread " + (t.get("thread_name") == null ? "" : t.get("thread_name"));
        }
      }
    }
    html.append("<div class=\"stack\"><div class=\"stack-head\">event ").append(esc(r.get(0)))
        .append(" (").append(esc(r.get(3))).append("): ").append(esc(heading)).append("</div><ol>");
    int shown = 0;
    for (int i = frames.size() - 1; i >= 0 && shown < MAX_FRAMES; i--, shown++) {
      Map<String, Object> f = frames.get(i);
      boolean inApp = Boolean.TRUE.equals(f.get("in_app"));
      html.append("<li class=\"frame").append(inApp ? " in-app" : "").append("\"><code>")
          .append(esc(f.get("symbol") == null ? "?" : f.get("symbol"))).append("</code>");
      if (f.get("file") != null) {
        html.append(" <span class=\"file\">").append(esc(f.get("file")))
            .append(f.get("line") == null ? "" : ":" + f.get("line")).append("</span>");
      }
      if (f.get("library") != null) {
        html.append(" <span class=\"lib\">").append(esc(f.get("library"))).append("</span>");
      }
      html.append("</li>");
    }
    if (frames.size() > MAX_FRAMES) {
      html.append("<li class=\"more\">").append(frames.size() - MAX_FRAMES)
          .append(" more frames</li>");
    }
    html.append("</ol></div>");
  }

  private void crashFree(StringBuilder html) throws SQLException {
    List<List<Object>> rows = warehouse.query("SELECT app_id, platform, app_version, sessions,"
        + " crashed_sessions, crash_free_sessions, users, crashed_users, crash_free_users"
        + " FROM crash_free_by_version ORDER BY app_id, platform, app_version").rows();
    html.append("<section id=\"crash-free\"><h2>Crash-free users by version</h2>\n");
    if (rows.isEmpty()) {
      html.append("<p>No session updates yet.</p></section>\n");
      return;
    }
    int barWidth = 300;
    int rowHeight = 22;
    html.append("<svg id=\"crash-free-chart\" viewBox=\"0 0 ")
        .append(560 + barWidth).append(' ').append(rows.size() * rowHeight + 10)
        .append("\" role=\"img\" aria-label=\"crash-free users by version\">\n");
    int y = 5;
    for (List<Object> r : rows) {
      double free = r.get(8) == null ? 0 : ((Number) r.get(8)).doubleValue();
      String label = r.get(0) + " " + (r.get(1) == null ? "" : r.get(1)) + " " + r.get(2);
      html.append("<text class=\"label\" x=\"250\" y=\"").append(y + 15)
          .append("\" text-anchor=\"end\">").append(esc(label)).append("</text>")
          .append("<rect class=\"track\" x=\"260\" y=\"").append(y + 3).append("\" width=\"")
          .append(barWidth).append("\" height=\"16\"/>")
          .append("<rect class=\"bar").append(free < 0.99 ? " bad" : "").append("\" x=\"260\" y=\"")
          .append(y + 3).append("\" width=\"").append(fmt(free * barWidth))
          .append("\" height=\"16\"/>").append("<text class=\"label\" x=\"")
          .append(270 + barWidth).append("\" y=\"").append(y + 15).append("\">")
          .append(r.get(8) == null ? "n/a" : percent(free)).append(" of ")
          .append(number(r.get(6))).append(" users</text>\n");
      y += rowHeight;
    }
    html.append("</svg>\n<table id=\"crash-free-table\"><thead><tr><th>app</th><th>platform</th>"
        + "<th>version</th><th>sessions</th><th>crashed</th><th>crash-free sessions</th>"
        + "<th>users</th><th>crashed users</th><th>crash-free users</th></tr></thead><tbody>\n");
    for (List<Object> r : rows) {
      html.append("<tr class=\"version\"><td>").append(esc(r.get(0))).append("</td><td>")
          .append(esc(r.get(1))).append("</td><td>").append(esc(r.get(2)))
          .append("</td><td class=\"num\">").append(number(r.get(3)))
          .append("</td><td class=\"num\">").append(number(r.get(4)))
          .append("</td><td class=\"num\">").append(percent(r.get(5)))
          .append("</td><td class=\"num\">").append(number(r.get(6)))
          .append("</td><td class=\"num\">").append(number(r.get(7)))
          .append("</td><td class=\"num\">").append(percent(r.get(8))).append("</td></tr>\n");
    }
    html.append("</tbody></table></section>\n");
  }

  private void newIssues(StringBuilder html) throws SQLException {
    List<List<Object>> rows = warehouse.query("SELECT app_id, app_version, signal_type, issue_id,"
        + " title, detected_window_start, event_count, status FROM release_issues"
        + " ORDER BY detected_window_start DESC, issue_id, signal_type LIMIT 25").rows();
    html.append("<section id=\"new-issues\"><h2>New and regressed issues</h2>\n");
    if (rows.isEmpty()) {
      html.append("<p>No issue signals yet.</p></section>\n");
      return;
    }
    html.append("<table id=\"new-issues-table\"><thead><tr><th>detected</th><th>app</th>"
        + "<th>version</th><th>signal</th><th>issue</th><th>events then</th><th>status</th>"
        + "</tr></thead><tbody>\n");
    for (List<Object> r : rows) {
      html.append("<tr class=\"signal\" data-issue=\"").append(esc(r.get(3))).append("\"><td>")
          .append(esc(r.get(5))).append("</td><td>").append(esc(r.get(0))).append("</td><td>")
          .append(esc(r.get(1))).append("</td><td><span class=\"pill\">").append(esc(r.get(2)))
          .append("</span></td><td>").append(esc(r.get(4))).append("</td><td class=\"num\">")
          .append(number(r.get(6))).append("</td><td>").append(esc(r.get(7)))
          .append("</td></tr>\n");
    }
    html.append("</tbody></table></section>\n");
  }

  static String esc(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private static String number(Object v) {
    return v == null ? "" : String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
  }

  private static String percent(Object v) {
    return v == null ? "n/a"
        : String.format(Locale.ROOT, "%.2f%%", 100 * ((Number) v).doubleValue());
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static final String CSS = String.join("",
      "body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px;color:#222}",
      "h1{margin:0 0 4px}h2{margin:28px 0 8px;font-size:18px}.meta{color:#555;margin:0}",
      "table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;",
      "padding:4px 8px;text-align:left;vertical-align:top}th{background:#f4f4f4}",
      "td.num{text-align:right;white-space:nowrap}summary{cursor:pointer;font-weight:600}",
      ".subtitle{color:#666;font-size:12px}.stack{background:#fafafa;border:1px solid #eee;",
      "padding:6px;margin-top:4px}.stack-head{font-size:12px;color:#555}",
      ".stack ol{margin:4px 0;padding-left:28px}.frame{font-size:12px;color:#777}",
      ".frame.in-app{color:#000;font-weight:600}.file,.lib{color:#888;font-weight:400}",
      "svg{width:100%;max-width:960px;height:auto;display:block}",
      ".axis{stroke:#999;stroke-width:1}.label{font-size:11px;fill:#444}",
      ".series{fill:none;stroke-width:2}.track{fill:#eee}.bar{fill:#2ca02c}.bar.bad{fill:#d62728}",
      ".legend{list-style:none;padding:0;display:flex;gap:16px;flex-wrap:wrap}",
      ".swatch{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}",
      ".pill{background:#eef;border-radius:8px;padding:0 6px;font-size:12px}",
      "#empty{color:#a00}");
}
