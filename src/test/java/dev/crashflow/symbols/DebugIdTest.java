package dev.crashflow.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DebugIdTest {
  @Test
  void breakpadFormRoundTripsAndIsCaseInsensitive() {
    DebugId id = DebugId.parse("67E9247C814E392BA027DBDE6748FCBF0");
    assertEquals("67E9247C814E392BA027DBDE6748FCBF0", id.breakpad());
    assertEquals("67E9247C814E392BA027DBDE6748FCBF0", id.toString());
    assertEquals(id, DebugId.parse("67e9247c814e392ba027dbde6748fcbf0"));
    assertEquals(0, id.age());
  }

  @Test
  void sentryUuidFormEqualsBreakpadFormWithAgeZero() {
    DebugId sentry = DebugId.parse("d665f42f-232b-ab29-cc97-6f26786733b8");
    assertEquals(DebugId.parse("D665F42F232BAB29CC976F26786733B80"), sentry);
    assertEquals("d665f42f-232b-ab29-cc97-6f26786733b8", sentry.sentry());
    assertEquals(sentry.hashCode(), DebugId.parse("D665F42F232BAB29CC976F26786733B80").hashCode());
  }

  @Test
  void sentryAgeSuffixIsTheBreakpadAgeInHex() {
    DebugId pdb = DebugId.parse("3249d99d-0c40-4931-8610-f4e4fb0b6936-1");
    assertEquals("3249D99D0C4049318610F4E4FB0B69361", pdb.breakpad());
    assertEquals(pdb, DebugId.parse("3249D99D0C4049318610F4E4FB0B69361"));
    DebugId age26 = DebugId.parse("3249D99D0C4049318610F4E4FB0B69361A");
    assertEquals(26, age26.age());
    assertEquals("3249d99d-0c40-4931-8610-f4e4fb0b6936-1a", age26.sentry());
    assertEquals(age26, DebugId.parse(age26.sentry()));
  }

  @Test
  void elfBuildIdSwapsTheGuidFieldsAndKeepsTheFirst16Bytes() {
    assertEquals("D665F42F232BAB29CC976F26786733B80",
        DebugId.fromElfBuildId("2ff465d62b2329abcc976f26786733b82567976c").breakpad());
    // The linux fixture's INFO CODE_ID and MODULE id are the same image.
    assertEquals("C0BCC3F19827FE653058404B2831D9E60",
        DebugId.fromElfBuildId("F1C3BCC0279865FE3058404B2831D9E64135386C").breakpad());
  }

  @Test
  void shortElfBuildIdIsZeroPadded() {
    assertEquals("04030201060508070000000000000000" + "0",
        DebugId.fromElfBuildId("0102030405060708").breakpad());
  }

  @Test
  void machOUuidIsUnchangedWithAgeZero() {
    assertEquals("67E9247C814E392BA027DBDE6748FCBF0",
        DebugId.fromMachOUuid("67E9247C-814E-392B-A027-DBDE6748FCBF").breakpad());
    assertEquals("67E9247C814E392BA027DBDE6748FCBF0",
        DebugId.fromMachOUuid("67e9247c814e392ba027dbde6748fcbf").breakpad());
  }

  @Test
  void imageIdsPreferTheDebugIdAndFallBackToTheCodeId() {
    assertEquals(DebugId.parse("D665F42F232BAB29CC976F26786733B80"),
        DebugId.fromImage(null, "2ff465d62b2329abcc976f26786733b82567976c"));
    assertEquals(DebugId.parse("67E9247C814E392BA027DBDE6748FCBF0"),
        DebugId.fromImage("67e9247c-814e-392b-a027-dbde6748fcbf", "2ff465d6"));
    assertNull(DebugId.fromImage("not-an-id", null));
    assertNull(DebugId.fromImage(null, null));
  }

  @Test
  void malformedIdsAreRejectedWithTheText() {
    for (String bad : new String[] {"", "xyz", "67E9247C814E392BA027DBDE6748FCBG0",
        "d665f42f-232b-ab29-cc97-6f26786733b8x", "67E9247C814E392BA027DBDE6748FCBF123456789"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> DebugId.parse(bad));
      assertEquals("not a debug id: '" + bad + "'", e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> DebugId.fromElfBuildId("abc"));
    assertThrows(IllegalArgumentException.class, () -> DebugId.fromMachOUuid("0102"));
  }
}
