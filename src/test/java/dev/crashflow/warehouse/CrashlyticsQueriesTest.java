package dev.crashflow.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crashflow.samples.SampleCorpusRecords;
import dev.crashflow.samples.SampleCorpusRecords.Record;
import dev.crashflow.testing.SampleWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs every query of {@code docs/crashlytics-queries.md}, in the page's order, on the pipeline's
 * output for the sample corpus, and checks each answer against one computed in Java from the
 * corpus file itself (times, apps, versions, users, devices and tags as the SDKs sent them). The
 * only thing taken from the pipeline is which issue each event was grouped into. The clock is
 * pinned: {@code CURRENT_TIMESTAMP()} is {@link #NOW}, {@code CURRENT_DATE()} its day.
 */
class CrashlyticsQueriesTest {

  static final Instant NOW = Instant.parse("2026-11-21T18:00:00Z");
  static final String PUZZLE = "com.example.puzzle";

  private static LocalWarehouse warehouse;
  private static Iterator<String> queries;
  private static List<Ev> events;

  /** One corpus event as the oracle sees it. */
  record Ev(String id, Instant time, String app, String version, String user, String install,
      String manufacturer, String model, Map<String, String> tags, String issue) {}

  @BeforeAll
  static void setUp() throws Exception {
    warehouse = LocalWarehouse.open(SampleWarehouse.warehouse(), Tables.ALL);
    List<String> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("```sql\n(.*?)```", Pattern.DOTALL)
        .matcher(Files.readString(Path.of("docs/crashlytics-queries.md")));
    while (m.find()) {
      blocks.add(m.group(1));
    }
    assertEquals(11, blocks.size(), "ten Crashlytics queries and the crash-free one");
    queries = blocks.iterator();
    Map<String, String> issueOf = new HashMap<>();
    for (List<Object> r : warehouse.query("SELECT event_id, issue_id FROM crash_events").rows()) {
      issueOf.put((String) r.get(0), (String) r.get(1));
    }
    events = new ArrayList<>();
    for (Record r : SampleCorpusRecords.events()) {
      JsonNode e = r.json();
      String release = e.get("release").asText();
      String version = release.substring(release.indexOf('@') + 1).replaceAll("\\+.*", "");
      Map<String, String> tags = new TreeMap<>();
      e.path("tags").fields().forEachRemaining(t -> tags.put(t.getKey(), t.getValue().asText()));
      JsonNode device = e.path("contexts").path("device");
      String id = e.get("event_id").asText();
      events.add(new Ev(id, r.time(), release.substring(0, release.indexOf('@')), version,
          e.path("user").path("id").asText(null), device.path("id").asText(null),
          device.path("manufacturer").asText(null), device.path("model").asText(null), tags,
          issueOf.get(id)));
    }
    assertEquals(issueOf.size(), events.size());
    assertTrue(events.stream().allMatch(e -> e.issue() != null), "every event has an issue");
  }

  @AfterAll
  static void tearDown() throws Exception {
    warehouse.close();
  }

  /** Runs the page's next query with the clock pinned and the given parameters. */
  private static List<List<Object>> next(String... params) throws Exception {
    String sql = queries.next()
        .replace("CURRENT_TIMESTAMP()", "TIMESTAMP '" + NOW + "'")
        .replace("CURRENT_DATE()", "DATE '" + LocalDate.ofInstant(NOW, ZoneOffset.UTC) + "'");
    Map<String, String> literals = new HashMap<>();
    for (String p : params) {
      String[] kv = QueryParameters.literal(p);
      literals.put(kv[0], kv[1]);
    }
    return warehouse.query(sql, literals).rows();
  }

  private static boolean lastDays(Ev e, int days) {
    return !e.time().isBefore(NOW.minus(days, ChronoUnit.DAYS)) && e.time().isBefore(NOW);
  }

  /** Group, count distinct, order by count desc then key, keep the top {@code limit}. */
  private static <K extends Comparable<K>> List<Map.Entry<K, Set<String>>> top(List<Ev> in,
      Function<Ev, K> key, Function<Ev, String> counted, int limit) {
    Map<K, Set<String>> groups = new HashMap<>();
    for (Ev e : in) {
      String c = counted.apply(e);
      Set<String> set = groups.computeIfAbsent(key.apply(e), k -> new HashSet<>());
      if (c != null) {
        set.add(c);
      }
    }
    return groups.entrySet().stream()
        .sorted(Comparator.<Map.Entry<K, Set<String>>>comparingInt(x -> -x.getValue().size())
            .thenComparing(Map.Entry::getKey))
        .limit(limit).toList();
  }

  private static List<Ev> where(Predicate<Ev> p) {
    return events.stream().filter(p).toList();
  }

  private static long distinct(List<Ev> in, Function<Ev, String> f) {
    return in.stream().map(f).filter(java.util.Objects::nonNull).distinct().count();
  }

  @Test
  void theDocumentedQueriesGiveTheAnswersTheCorpusHolds() throws Exception {
    // 1. Crashes per day, last 30 days.
    Map<String, Long> perDay = new TreeMap<>();
    for (Ev e : where(e -> e.app().equals(PUZZLE) && lastDays(e, 30))) {
      perDay.merge(LocalDate.ofInstant(e.time(), ZoneOffset.UTC).toString(), 1L, Long::sum);
    }
    List<List<Object>> r = next("app_id=" + PUZZLE);
    Map<String, Long> got = new TreeMap<>();
    r.forEach(row -> got.put(row.get(0).toString(), ((Number) row.get(1)).longValue()));
    assertEquals(perDay, got, "1. crashes per day");
    assertEquals(2, got.size());

    // 2. Most prevalent issues of one app, last 7 days: crashes and installations.
    List<Ev> week = where(e -> e.app().equals(PUZZLE) && lastDays(e, 7));
    List<List<Object>> expected = new ArrayList<>();
    for (var g : top(week, Ev::issue, Ev::id, 10)) {
      List<Ev> of = week.stream().filter(e -> e.issue().equals(g.getKey())).toList();
      expected.add(List.of(g.getKey(), (long) g.getValue().size(), distinct(of, Ev::install)));
    }
    r = next("app_id=" + PUZZLE);
    assertEquals(expected.toString(), r.stream()
        .map(x -> List.of(x.get(0), x.get(3), x.get(4))).toList().toString(), "2. top issues");
    assertTrue(r.stream().allMatch(x -> x.get(1) != null), "titles");

    // 3. Issues that hit the most installations, all apps, last 7 days.
    List<Ev> weekAll = where(e -> lastDays(e, 7));
    expected = new ArrayList<>();
    for (var g : top(weekAll, Ev::issue, Ev::install, 10)) {
      List<Ev> of = weekAll.stream().filter(e -> e.issue().equals(g.getKey())).toList();
      expected.add(List.of(of.get(0).app(), g.getKey(), (long) g.getValue().size(),
          (long) of.size()));
    }
    r = next();
    assertEquals(expected.toString(), r.stream()
        .map(x -> List.of(x.get(0), x.get(1), x.get(3), x.get(4))).toList().toString(),
        "3. issues by installations");

    // 4. Top 10 crashing devices, last 30 days.
    List<Ev> month = where(e -> lastDays(e, 30));
    expected = new ArrayList<>();
    for (var g : top(month, Ev::model, Ev::id, 10)) {
      List<Ev> of = month.stream().filter(e -> e.model().equals(g.getKey())).toList();
      expected.add(List.of(of.get(0).manufacturer(), g.getKey(), (long) g.getValue().size(),
          distinct(of, Ev::install)));
    }
    assertEquals(expected.toString(), next().toString(), "4. devices");

    // 5. Crashes per game level (custom key), one app, all time.
    List<Ev> puzzle = where(e -> e.app().equals(PUZZLE));
    expected = new ArrayList<>();
    for (var g : top(puzzle, e -> e.tags().get("game_level"), Ev::id, 10)) {
      expected.add(List.of(g.getKey(), (long) g.getValue().size()));
    }
    assertEquals(expected.toString(), next("app_id=" + PUZZLE).toString(), "5. game levels");

    // 6. Users who crashed most, last 7 days: crashes, issues, last crash.
    expected = new ArrayList<>();
    for (var g : top(week, Ev::user, Ev::id, 10)) {
      List<Ev> of = week.stream().filter(e -> e.user().equals(g.getKey())).toList();
      Instant last = of.stream().map(Ev::time).max(Comparator.naturalOrder()).orElseThrow();
      expected.add(List.of(g.getKey(), (long) g.getValue().size(), distinct(of, Ev::issue),
          last));
    }
    assertEquals(expected.toString(), next("app_id=" + PUZZLE).toString(), "6. users");

    // 7. Users hit by the app's biggest issue in 2.3.1.
    String topIssue = top(puzzle, Ev::issue, Ev::id, 1).get(0).getKey();
    Set<String> users = new TreeSet<>();
    where(e -> e.issue().equals(topIssue) && e.version().equals("2.3.1"))
        .forEach(e -> users.add(e.user()));
    assertTrue(users.size() > 3, "the top issue hit several users in 2.3.1");
    r = next("issue_id=" + topIssue, "version=2.3.1");
    assertEquals(List.copyOf(users), r.stream().map(x -> x.get(0)).toList(), "7. issue users");

    // 8. That issue's installations and crashes by the locale tag's country.
    Map<String, List<Ev>> byCountry = new HashMap<>();
    for (Ev e : where(e -> e.issue().equals(topIssue))) {
      String locale = e.tags().get("locale");
      byCountry.computeIfAbsent(locale.substring(locale.indexOf('_') + 1), k -> new ArrayList<>())
          .add(e);
    }
    expected = byCountry.entrySet().stream()
        .map(x -> List.<Object>of(x.getKey(), distinct(x.getValue(), Ev::install),
            (long) x.getValue().size()))
        .sorted(Comparator.<List<Object>>comparingLong(x -> -(Long) x.get(1))
            .thenComparing(x -> (String) x.get(0)))
        .toList();
    assertTrue(expected.size() > 2, "several countries");
    assertEquals(expected.toString(), next("issue_id=" + topIssue).toString(), "8. countries");

    // 9. Top 5 issues today (the whole pinned day).
    LocalDate today = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
    assertEquals(topFive(where(e -> LocalDate.ofInstant(e.time(), ZoneOffset.UTC).equals(today))),
        next().stream().map(x -> List.of(x.get(0), x.get(1), x.get(3))).toList().toString(),
        "9. today");

    // 10. Top 5 issues since the first day, including today.
    assertEquals(topFive(events), next("since:DATE:2026-11-20").stream()
        .map(x -> List.of(x.get(0), x.get(1), x.get(3))).toList().toString(), "10. since");

    // 11. Crash-free sessions and users per version, from the session updates as sent.
    Map<String, long[]> perVersion = new TreeMap<>();
    Map<String, Set<String>> usersOf = new HashMap<>();
    Map<String, Set<String>> crashedUsersOf = new HashMap<>();
    Map<String, Set<String>> sessionsOf = new HashMap<>();
    Map<String, Set<String>> crashedSessionsOf = new HashMap<>();
    for (Record s : SampleCorpusRecords.sessions()) {
      String release = s.json().path("attrs").path("release").asText();
      if (!release.startsWith(PUZZLE + "@")) {
        continue;
      }
      String v = release.substring(release.indexOf('@') + 1).replaceAll("\\+.*", "");
      boolean crashed = s.json().path("status").asText().equals("crashed");
      sessionsOf.computeIfAbsent(v, k -> new HashSet<>()).add(s.json().path("sid").asText());
      usersOf.computeIfAbsent(v, k -> new HashSet<>()).add(s.json().path("did").asText());
      crashedSessionsOf.computeIfAbsent(v, k -> new HashSet<>());
      crashedUsersOf.computeIfAbsent(v, k -> new HashSet<>());
      if (crashed) {
        crashedSessionsOf.get(v).add(s.json().path("sid").asText());
        crashedUsersOf.get(v).add(s.json().path("did").asText());
      }
      perVersion.put(v, null);
    }
    expected = new ArrayList<>();
    for (String v : perVersion.keySet()) {
      long n = sessionsOf.get(v).size();
      long c = crashedSessionsOf.get(v).size();
      long u = usersOf.get(v).size();
      long cu = crashedUsersOf.get(v).size();
      expected.add(List.of(v, n, c, Math.round(10000.0 * (1 - (double) c / n)) / 100.0, u, cu,
          Math.round(10000.0 * (1 - (double) cu / u)) / 100.0));
    }
    assertEquals(3, expected.size());
    assertEquals(expected.toString(), next("app_id=" + PUZZLE).toString(), "11. crash-free");
    assertTrue(!queries.hasNext(), "every query of the page was checked");
  }

  private static String topFive(List<Ev> in) {
    List<List<Object>> out = new ArrayList<>();
    for (var g : top(in, Ev::issue, Ev::id, 5)) {
      Ev first = in.stream().filter(e -> e.issue().equals(g.getKey())).findFirst().orElseThrow();
      out.add(List.of(first.app(), g.getKey(), (long) g.getValue().size()));
    }
    return out.toString();
  }
}
