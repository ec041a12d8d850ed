package dev.crashflow.grouping;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
  void onlyTheFirstTwoLinesCount() {
    assertEquals("a\nb", MessageNormalizer.normalize("a\nb\nc 1\nd"));
  }
}
