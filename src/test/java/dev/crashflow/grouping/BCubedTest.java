package dev.crashflow.grouping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BCubedTest {
  @Test
  void perfectClusteringScoresOneWhateverTheClusterNames() {
    BCubed s = BCubed.score(List.of("a", "a", "b"), List.of("x", "x", "y"));
    assertEquals(1.0, s.precision());
    assertEquals(1.0, s.recall());
    assertEquals(Map.of(), BCubed.splits(List.of("a", "a", "b"), List.of("x", "x", "y")));
  }

  /** One label split in two: precision stays 1, recall is (1/2 + 1/2 + 1) / 3. */
  @Test
  void splitLowersRecallOnly() {
    List<String> labels = List.of("a", "a", "b");
    List<String> clusters = List.of("x", "y", "z");
    BCubed s = BCubed.score(labels, clusters);
    assertEquals(1.0, s.precision());
    assertEquals(2.0 / 3, s.recall(), 1e-12);
    assertEquals(Map.of("a", Map.of("x", List.of(0), "y", List.of(1))),
        BCubed.splits(labels, clusters));
  }

  /**
   * Amigó et al.'s kind of case: one cluster holding 2 a and 1 b, and a second b alone. Precision:
   * (2/3 + 2/3 + 1/3 + 1) / 4; recall: (1 + 1 + 1/2 + 1/2) / 4.
   */
  @Test
  void mergeLowersPrecisionAndSplitOfBLowersRecall() {
    List<String> labels = List.of("a", "a", "b", "b");
    List<String> clusters = List.of("x", "x", "x", "y");
    BCubed s = BCubed.score(labels, clusters);
    assertEquals((2.0 / 3 + 2.0 / 3 + 1.0 / 3 + 1) / 4, s.precision(), 1e-12);
    assertEquals(0.75, s.recall(), 1e-12);
    assertEquals(Map.of("x", Map.of("a", List.of(0, 1), "b", List.of(2))),
        BCubed.merges(labels, clusters));
  }
}
