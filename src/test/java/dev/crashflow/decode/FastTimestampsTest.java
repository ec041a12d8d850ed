package dev.crashflow.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast timestamp path agrees with {@code java.time} wherever it answers, and declines the rest. */
class FastTimestampsTest {
  private static long slow(String s) {
    try {
      return OffsetDateTime.parse(s.replace('t', 'T').replace('z', 'Z')).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      return LocalDateTime.parse(s.replace('t', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
    }
  }

  @Test
  void randomTimesInEveryShapeAgreeWithJavaTime() {
    Random r = new Random(3);
    String[] fractions = {"", ".5", ".123", ".123456", ".123456789", ".04"};
    String[] offsets = {"Z", "z", "+00:00", "+05:30", "-08:00", "", "+14:00", "-00:30"};
    for (int i = 0; i < 20_000; i++) {
      long seconds = r.nextLong() % (400L * 365 * 86_400) + (r.nextBoolean() ? 0 : -1_500_000_000L);
      String base = Instant.ofEpochSecond(Math.abs(seconds) % 253_000_000_000L).toString().substring(0, 19);
      String s = base + fractions[r.nextInt(fractions.length)] + offsets[r.nextInt(offsets.length)];
      assertEquals(slow(s), FastTimestamps.parse(s), s);
    }
    assertEquals(951_782_400_000L, FastTimestamps.parse("2000-02-29T00:00:00Z"));
    assertEquals(Instant.parse("1969-12-31T23:59:59.999Z").toEpochMilli(),
        FastTimestamps.parse("1969-12-31T23:59:59.999999Z"));
  }

  @Test
  void otherShapesAndImpossibleDatesAreLeftToTheFullParser() {
    for (String s : new String[] {"2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-12-01T24:00:00Z",
        "2026-12-01T23:59:60Z", "2026-12-01 10:00:00Z", "2026-12-01T10:00Z", "2026-12-01T10:00:00.Z",
        "2026-12-01T10:00:00+0100", "2026-12-01T10:00:00+01", "+12026-12-01T10:00:00Z",
        "2026-12-01T10:00:00.1234567890Z", "2026-12-01T10:00:00Z ", "yesterday at noon, roughly"}) {
      assertEquals(FastTimestamps.NOT_SIMPLE, FastTimestamps.parse(s), s);
    }
  }
}
