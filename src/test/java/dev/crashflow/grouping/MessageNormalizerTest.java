package dev.crashflow.grouping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MessageNormalizerTest {
  @Test
  void variablePartsBecomePlaceholders() {
    assertEquals("Item <int> not found", MessageNormalizer.normalize("Item 3141 not found"));
    assertEquals("user <email> at <ip> id <uuid>", MessageNormalizer.normalize(
        "user jo@example.com at 10.1.2.3 id 123e4567-e89b-12d3-a456-426614174000"));
    assertEquals("GET <url> on <date>", MessageNormalizer.normalize(
        "GET https://api.example.com/v1/items?id=7 on 2026-11-23T10:00:00Z"));
    assertEquals("key <quoted> at <hex>", MessageNormalizer.normalize("key 'level_7' at 0xdeadbeef"));
  }

  @Test
  void numbersWithUnitsSignsAndDecimalsGroup() {
    assertEquals(MessageNormalizer.normalize("timeout after 3000ms, retry -1, ratio 0.75"),
        MessageNormalizer.normalize("timeout after 120ms, retry -7, ratio 12.5"));
    assertEquals("Index <int> out of bounds for length <int>",
        MessageNormalizer.normalize("Index 12 out of bounds for length 12"));
  }

  @Test
  void identifiersWithDigitsStay() {
    assertEquals("SHA256 digest of utf8 x86_64 v1.2.3 failed",
        MessageNormalizer.normalize("SHA256 digest of utf8 x86_64 v1.2.3 failed"));
  }

  @Test
  void datesTimesAndAddressesInTheirCommonShapes() {
    assertEquals("at <date>", MessageNormalizer.normalize("at Mon, 23 Nov 2026 10:00:00 GMT"));
    assertEquals("at <date>", MessageNormalizer.normalize("at Mon Nov 23 10:00:00 UTC 2026"));
    assertEquals("at <date> <time>", MessageNormalizer.normalize("at 2026/11/23 10:00:01.123"));
    assertEquals("at <date>", MessageNormalizer.normalize("at 23.11.2026"));
    assertEquals("peer <ip> reset", MessageNormalizer.normalize("peer 192.168.0.12:8443 reset"));
    assertEquals("peer <ip> reset", MessageNormalizer.normalize("peer 2001:db8:85a3::8a2e:370:7334 reset"));
    assertEquals("peer <ip> reset", MessageNormalizer.normalize("peer ::1 reset"));
    assertEquals("std::vector<int> grew", MessageNormalizer.normalize("std::vector<int> grew"));
  }

  @Test
  void hexIdsAndIdentityHashes() {
    assertEquals("lock held by com.example.Lock@<hex>",
        MessageNormalizer.normalize("lock held by com.example.Lock@1b6d3586"));
    assertEquals("blob <hex> missing", MessageNormalizer.normalize("blob 9f2c4e1a77 missing"));
    assertEquals("selector sent to instance <hex>",
        MessageNormalizer.normalize("selector sent to instance 0x60063ea4f55da297"));
  }

  @Test
  void quotedValuesButNotApostrophes() {
    assertEquals(MessageNormalizer.normalize("can't open 'a.txt'"),
        MessageNormalizer.normalize("can't open 'b.txt'"));
    assertEquals("can't open <quoted>", MessageNormalizer.normalize("can't open \"save 3.dat\""));
    assertEquals("The given key <quoted> was not present in the dictionary.",
        MessageNormalizer.normalize("The given key 'boss_11' was not present in the dictionary."));
  }

  @Test
  void onlyTheFirstTwoLinesAndABoundedPrefixCount() {
    assertEquals("a\nb", MessageNormalizer.normalize("a\nb\nc 1\nd"));
    String huge = "x".repeat(100_000);
    assertTrue(MessageNormalizer.normalize(huge).length() <= MessageNormalizer.MAX_CHARS);
    String hostile = "1:".repeat(20_000) + "a'" + "'".repeat(20_000);
    // placeholders may lengthen the prefix, but it is the prefix alone that is read
    assertTrue(MessageNormalizer.normalize(hostile).startsWith("<int>:<int>:"));
  }
}
