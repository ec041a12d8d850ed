package dev.crashflow.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crashflow.samples.SampleLineClassifier.Verdict;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed sample corpus is what the generator makes, and SampleCorpusFacts is true. */
class SampleCorpusTest {
  private static final Pattern RELEASE = Pattern.compile("([a-z.]+)@(\\d+\\.\\d+\\.\\d+)\\+(\\d+)");

  private static byte[] committed;
  private static List<String> lines;
  private static List<Verdict> verdicts;

  @BeforeAll
  static void readCorpus() throws IOException {
    String resource = "/" + SampleCorpusFacts.RESOURCE;
    try (InputStream in = SampleCorpusTest.class.getResourceAsStream(resource)) {
      assertNotNull(in, "classpath resource " + SampleCorpusFacts.RESOURCE);
      committed = in.readAllBytes();
    }
    lines = new String(committed, StandardCharsets.UTF_8).lines().toList();
    SampleLineClassifier classifier = new SampleLineClassifier();
    verdicts = lines.stream().map(classifier::classify).toList();
  }

  @Test
  void regeneratingWithTheSeedReproducesTheCommittedFile(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("sample-events.jsonl");
    SampleCorpusGenerator.main(
        new String[] {out.toString(), Long.toString(SampleCorpusFacts.SEED)});
    byte[] fresh = Files.readAllBytes(out);
    if (!Arrays.equals(committed, fresh)) {
      // Another zlib may deflate differently; everything else must still match exactly.
      List<String> freshLines = new String(fresh, StandardCharsets.UTF_8).lines().toList();
      assertEquals(lines.size(), freshLines.size(), "line count");
      for (int i = 0; i < lines.size(); i++) {
        assertSameLine(lines.get(i), freshLines.get(i), i + 1);
      }
    }
  }

  @Test
  void everyLineIsWhatTheGeneratorMeantItToBe() {
    List<String> kinds = SampleCorpusGenerator.generate(SampleCorpusFacts.SEED).kinds();
    assertEquals(kinds, verdicts.stream().map(Verdict::kind).toList());
  }

  @Test
  void countsMatchTheFactsAndConserveLines() {
    Map<String, Integer> kinds = count(verdicts, Verdict::kind);
    assertEquals(SampleCorpusFacts.TOTAL_LINES, lines.size());
    assertEquals(SampleCorpusFacts.GOOD_EVENTS, kinds.get(SampleCorpusGenerator.EVENT));
    assertEquals(SampleCorpusFacts.SESSIONS, kinds.get(SampleCorpusGenerator.SESSION));
    assertEquals(SampleCorpusFacts.DUPLICATES, kinds.get(SampleCorpusGenerator.DUPLICATE));
    Map<String, Integer> reasons = new TreeMap<>(kinds);
    reasons.keySet().removeAll(Set.of(SampleCorpusGenerator.EVENT, SampleCorpusGenerator.SESSION,
        SampleCorpusGenerator.DUPLICATE));
    assertEquals(SampleCorpusFacts.DEAD_LETTERS_BY_REASON, reasons);
    assertEquals(SampleCorpusFacts.BAD_LINES, reasons.values().stream().mapToInt(i -> i).sum());
    assertEquals(SampleCorpusFacts.TOTAL_LINES, SampleCorpusFacts.GOOD_EVENTS
        + SampleCorpusFacts.SESSIONS + SampleCorpusFacts.DUPLICATES + SampleCorpusFacts.BAD_LINES);

    Map<Integer, String> badLines = new TreeMap<>();
    for (int i = 0; i < verdicts.size(); i++) {
      if (reasons.containsKey(verdicts.get(i).kind())) {
        badLines.put(i + 1, verdicts.get(i).kind());
      }
    }
    assertEquals(SampleCorpusFacts.BAD_LINE_REASONS, badLines);
  }

  @Test
  void goodEventsSplitByAppPlatformAndOsAsDocumented() {
    List<Verdict> good = of(SampleCorpusGenerator.EVENT);
    assertEquals(SampleCorpusFacts.EVENTS_BY_APP,
        count(good, v -> v.event().path("contexts").path("app").path("app_identifier").asText()));
    assertEquals(SampleCorpusFacts.EVENTS_BY_SDK_PLATFORM,
        count(good, v -> v.event().get("platform").asText()));
    assertEquals(SampleCorpusFacts.EVENTS_BY_OS, count(good, v -> v.event().path("contexts")
        .path("os").path("name").asText().toUpperCase(Locale.ROOT)));
    assertEquals(SampleCorpusFacts.EVENTS_BY_RELEASE,
        count(good, v -> v.event().get("release").asText()));
    assertEquals(SampleCorpusFacts.SESSIONS_BY_STATUS,
        count(of(SampleCorpusGenerator.SESSION), v -> v.event().get("status").asText()));
    assertEquals(SampleCorpusFacts.EVENTS_OVER_250_FRAMES,
        good.stream().filter(v -> SampleLineClassifier.maxFrames(v.event()) > 250).count());
    assertEquals(SampleCorpusFacts.LONGEST_VALID_TRACE,
        good.stream().mapToInt(v -> SampleLineClassifier.maxFrames(v.event())).max().orElse(0));
  }

  @Test
  void goodEventsCarryConsistentReleasesAndPublishTimesMinutesAfterEventTime() {
    Instant start = Instant.parse("2026-11-20T00:00:00Z");
    for (Verdict v : of(SampleCorpusGenerator.EVENT)) {
      JsonNode e = v.event();
      Matcher m = RELEASE.matcher(e.get("release").asText());
      assertTrue(m.matches(), e.get("release").asText());
      assertEquals(m.group(1), e.path("contexts").path("app").path("app_identifier").asText());
      assertEquals(m.group(2), e.path("contexts").path("app").path("app_version").asText());
      assertEquals(m.group(3), e.get("dist").asText());
      assertTrue(!v.eventTime().isBefore(start)
          && v.eventTime().isBefore(start.plus(Duration.ofDays(2))), v.eventTime().toString());
      Duration delay = Duration.between(v.eventTime(), v.publish());
      assertTrue(delay.compareTo(Duration.ofSeconds(1)) >= 0
          && delay.compareTo(Duration.ofMinutes(16)) < 0, delay.toString());
      String appId = v.envelope().path("attributes").path("app_id").asText(m.group(1));
      assertEquals(m.group(1), appId);
    }
  }

  @Test
  void duplicatesRepeatAnEarlierPayloadUnderANewMessageIdLater() {
    Map<String, Verdict> firstByEventId = new HashMap<>();
    Set<String> messageIds = new HashSet<>();
    for (Verdict v : verdicts) {
      if (v.envelope() != null && v.envelope().has("message_id")) {
        assertTrue(messageIds.add(v.envelope().get("message_id").asText()), "unique message ids");
      }
      if (SampleCorpusGenerator.EVENT.equals(v.kind())) {
        firstByEventId.put(v.event().get("event_id").asText(), v);
      } else if (SampleCorpusGenerator.DUPLICATE.equals(v.kind())) {
        Verdict first = firstByEventId.get(v.event().get("event_id").asText());
        assertNotNull(first, "a duplicate follows its original");
        assertEquals(first.envelope().get("payload"), v.envelope().get("payload"));
        assertEquals(first.envelope().get("attributes"), v.envelope().get("attributes"));
        assertNotEquals(first.envelope().get("message_id"), v.envelope().get("message_id"));
        assertTrue(v.publish().isAfter(first.publish()));
      }
    }
  }

  @Test
  void nativeFramesVaryByInstallPathAndImageBaseAcrossEvents() {
    Set<String> libgamePaths = new HashSet<>();
    Set<String> libgameBases = new HashSet<>();
    int racerEvents = 0;
    for (Verdict v : of(SampleCorpusGenerator.EVENT)) {
      if (!"native".equals(v.event().get("platform").asText())) {
        continue;
      }
      racerEvents++;
      for (JsonNode image : v.event().path("debug_meta").path("images")) {
        if (image.get("code_file").asText().endsWith("/libgame.so")) {
          libgamePaths.add(image.get("code_file").asText());
          libgameBases.add(image.get("image_addr").asText());
          assertTrue(image.get("code_file").asText().startsWith("/data/app/~~"));
        }
      }
    }
    assertTrue(libgamePaths.size() > 20, "install paths: " + libgamePaths.size());
    assertTrue(libgameBases.size() > racerEvents * 9 / 10, "image bases: " + libgameBases.size());
  }

  @Test
  void elfDebugIdSwapsTheFirstThreeGuidFieldsOfTheBuildId() {
    assertEquals("d665f42f-232b-ab29-cc97-6f26786733b8",
        SampleKit.elfDebugId("2ff465d62b2329abcc976f26786733b82567976c"));
  }

  @Test
  void gzipBombIsSmallOnTheWireAndTheFrameFloodIsNot() throws IOException {
    for (Verdict v : verdicts) {
      if (!SampleCorpusFacts.GZIP_BOMB.equals(v.kind())
          && !SampleCorpusFacts.TOO_MANY_FRAMES.equals(v.kind())) {
        continue;
      }
      byte[] wire = Base64.getDecoder().decode(v.envelope().get("payload").asText());
      assertTrue(wire.length < 64 * 1024, "compressed " + wire.length);
      long inflated = SampleLineClassifier.inflatedSize(wire, Long.MAX_VALUE);
      if (SampleCorpusFacts.GZIP_BOMB.equals(v.kind())) {
        assertTrue(inflated > SampleLineClassifier.MAX_DECOMPRESSED
            && inflated / wire.length > 100, "bomb " + inflated);
      } else {
        // Under the size limit, so it is rejected for its frames and nothing else.
        assertTrue(inflated < SampleLineClassifier.MAX_DECOMPRESSED, "frames " + inflated);
      }
    }
  }

  /** Same envelope; payloads equal, or both gzip with equal content (or equally corrupt). */
  private static void assertSameLine(String expected, String actual, int lineNo) throws IOException {
    if (expected.equals(actual)) {
      return;
    }
    JsonNode a = SampleKit.JSON.readTree(expected);
    JsonNode b = SampleKit.JSON.readTree(actual);
    for (String field : List.of("attributes", "message_id", "publish_time")) {
      assertEquals(a.get(field), b.get(field), "line " + lineNo + " " + field);
    }
    byte[] pa = Base64.getDecoder().decode(a.get("payload").asText());
    byte[] pb = Base64.getDecoder().decode(b.get("payload").asText());
    assertArrayEquals(Arrays.copyOf(pa, 10), Arrays.copyOf(pb, 10),
        "line " + lineNo + " gzip header");
    assertArrayEquals(gunzipOrNull(pa), gunzipOrNull(pb), "line " + lineNo + " content");
  }

  private static byte[] gunzipOrNull(byte[] gz) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    } catch (IOException corrupt) {
      return null;
    }
  }

  private static List<Verdict> of(String kind) {
    return verdicts.stream().filter(v -> kind.equals(v.kind())).toList();
  }

  private static <T> Map<String, Integer> count(List<T> xs,
      Function<T, String> key) {
    Map<String, Integer> m = new TreeMap<>();
    for (T x : xs) {
      m.merge(key.apply(x), 1, Integer::sum);
    }
    return m;
  }
}
