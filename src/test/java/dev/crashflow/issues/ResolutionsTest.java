package dev.crashflow.issues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResolutionsTest {

  private static Resolutions parse(String... lines) throws Exception {
    return Resolutions.parse(new StringReader(String.join("\n", lines)));
  }

  @Test
  void theLatestRowPerIssueWinsAndAnEmptyVersionReopens() throws Exception {
    Resolutions r = parse(
        "{\"app_id\":\"a\",\"issue_id\":\"i1\",\"resolved_in_version\":\"1.4.0+1402\",\"resolved_at\":\"2026-11-20T10:00:00Z\"}",
        "{\"app_id\":\"a\",\"issue_id\":\"i1\",\"resolved_in_version\":\"1.3\",\"resolved_at\":\"2026-11-19T10:00:00Z\"}",
        "{\"app_id\":\"a\",\"issue_id\":\"i2\",\"resolved_in_version\":\"2.0\"}",
        "{\"app_id\":\"a\",\"issue_id\":\"i2\",\"resolved_in_version\":null,\"resolved_at\":1763632800}",
        "{\"app_id\":\"b\",\"issue_id\":\"i1\",\"resolved_in_version\":\"9.0\",\"resolved_at\":\"2026-11-20 10:00:00 UTC\"}");
    assertEquals(0, r.badLines());
    assertEquals(AppVersion.parse("1.4.0+1402"), r.of("a", "i1").version());
    assertEquals(Instant.parse("2026-11-20T10:00:00Z").toEpochMilli(), r.of("a", "i1").resolvedAtMillis());
    assertNull(r.of("a", "i2"), "reopened by a later row");
    assertEquals("9.0", r.of("b", "i1").version().version(), "resolutions are per app");
    assertEquals(Instant.parse("2026-11-20T10:00:00Z").toEpochMilli(), r.of("b", "i1").resolvedAtMillis());
    assertNull(r.of("a", "i3"));
  }

  @Test
  void offsetsAndBigQueryExportTimesParse() {
    long t = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
    assertEquals(t, Resolutions.parseTime("2026-11-20T12:00:00+02:00"));
    assertEquals(t, Resolutions.parseTime("2026-11-20 10:00:00+00"));
    assertEquals(t + 500, Resolutions.parseTime("2026-11-20T10:00:00.5Z"));
  }

  @Test
  void badLinesAreSkippedCountedAndTheFirstIsNamed() throws Exception {
    Resolutions r = parse(
        "{\"app_id\":\"a\",\"issue_id\":\"i1\",\"resolved_in_version\":\"1.0\"}",
        "not json",
        "",
        "[1,2]",
        "{\"app_id\":\"a\",\"resolved_in_version\":\"1.0\"}",
        "{\"app_id\":\"a\",\"issue_id\":\"i4\",\"resolved_in_version\":1.0}",
        "{\"app_id\":\"a\",\"issue_id\":\"i5\",\"resolved_in_version\":\"1.0\",\"resolved_at\":\"yesterday\"}");
    assertEquals(5, r.badLines());
    assertTrue(r.firstProblem().startsWith("line 2:"), r.firstProblem());
    assertEquals(1, r.size());
    assertEquals("1.0", r.of("a", "i1").version().version());
  }
}
