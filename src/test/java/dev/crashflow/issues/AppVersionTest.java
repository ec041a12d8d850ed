package dev.crashflow.issues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AppVersionTest {

  private static void later(String a, String b) {
    assertTrue(AppVersion.parse(a).isLaterThan(AppVersion.parse(b)), a + " should be later than " + b);
    assertFalse(AppVersion.parse(b).isLaterThan(AppVersion.parse(a)), b + " should not be later than " + a);
  }

  private static void same(String a, String b) {
    assertFalse(AppVersion.parse(a).isLaterThan(AppVersion.parse(b)), a + " vs " + b);
    assertFalse(AppVersion.parse(b).isLaterThan(AppVersion.parse(a)), b + " vs " + a);
  }

  @Test
  void numbersCompareAsNumbersNotText() {
    later("1.10", "1.9");
    later("2.0", "1.99");
    later("1.0.10", "1.0.9");
    later("10.0", "9.9.9");
    later("1.0.1", "1.0");
    later("100000000000000000000.1", "99999999999999999999.9"); // longer than a long
  }

  @Test
  void missingPartsAreZeroAndSeparatorsOnlySeparate() {
    same("1.0", "1.0.0");
    same("1.2", "v1.2");
    same("1_2_3", "1.2.3");
    same("01.02", "1.2");
  }

  @Test
  void preReleaseWordsSortBelowTheRelease() {
    later("1.0", "1.0-beta");
    later("1.0-rc1", "1.0-beta3");
    later("1.0-beta", "1.0-alpha");
    later("1.0-rc2", "1.0-rc1");
    later("1.0.1-alpha", "1.0");
    later("2.0-RC1", "2.0-beta");
  }

  @Test
  void buildsBreakTiesOnlyWhenBothHaveOne() {
    later("1.4.0+1403", "1.4.0+1402");
    later("1.4.0+99", "1.4.0+98");
    later("1.4.0+100", "1.4.0+99");
    same("1.4.0+1403", "1.4.0");
    later("1.5.0+1", "1.4.0+9999");
  }

  @Test
  void unknownVersionsAreNeverLaterOrEarlier() {
    assertFalse(AppVersion.UNKNOWN.isLaterThan(AppVersion.parse("1.0")));
    assertFalse(AppVersion.parse("1.0").isLaterThan(AppVersion.UNKNOWN));
    assertFalse(AppVersion.parse(" ").known());
    assertEquals(AppVersion.UNKNOWN, new AppVersion("", ""));
  }

  @Test
  void parseSplitsTheBuildAndLabelPutsItBack() {
    AppVersion v = AppVersion.parse("1.4.0+1402");
    assertEquals("1.4.0", v.version());
    assertEquals("1402", v.build());
    assertEquals("1.4.0+1402", v.label());
    assertEquals("1.4.0", v.withoutBuild().label());
  }

  @Test
  void theTotalOrderSortsAsReleasesGoAndIsConsistentWithEquals() {
    List<AppVersion> expected = List.of(AppVersion.UNKNOWN, AppVersion.parse("1.0-alpha"),
        AppVersion.parse("1.0-beta"), AppVersion.parse("1.0-rc1"), AppVersion.parse("1.0"),
        AppVersion.parse("1.0+7"), AppVersion.parse("1.0+12"), AppVersion.parse("1.0.1"),
        AppVersion.parse("1.9"), AppVersion.parse("1.10"), AppVersion.parse("2.0"));
    List<AppVersion> shuffled = new ArrayList<>(expected);
    Collections.shuffle(shuffled, new Random(7));
    Collections.sort(shuffled);
    assertEquals(expected, shuffled);
    // Equivalent spellings are distinct values, so the order tells them apart too.
    assertTrue(AppVersion.parse("1.0").compareTo(AppVersion.parse("1.0.0")) != 0);
  }
}
