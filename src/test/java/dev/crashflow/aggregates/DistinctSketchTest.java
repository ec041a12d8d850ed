package dev.crashflow.aggregates;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashflow.aggregates.DistinctSketch.Format;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Both sketch formats: distinct counts that merge without double counting, and survive bytes. */
class DistinctSketchTest {

  private static DistinctSketch of(Format f, int from, int to) {
    DistinctSketch s = f.empty();
    for (int i = from; i < to; i++) {
      s.add("user-" + i);
      s.add("user-" + i); // duplicates count once
    }
    s.add(null);
    s.add("");
    return s;
  }

  @Test
  void localSketchesAreExactAndMergeOverlapsOnce() {
    DistinctSketch a = of(Format.LOCAL, 0, 600);
    DistinctSketch b = of(Format.LOCAL, 400, 1000);
    assertEquals(600, a.cardinality());
    a.merge(Format.LOCAL.fromBytes(b.toBytes()));
    assertEquals(1000, a.cardinality());
    assertArrayEquals(of(Format.LOCAL, 0, 1000).toBytes(), a.toBytes(), "order-independent bytes");
  }

  @Test
  void localBytesAreTheSortedHexOfMd5Prefixes() {
    DistinctSketch s = Format.LOCAL.empty();
    s.add("abc"); // md5("abc") = 900150983cd24fb0d6963f7d28e17f72
    s.add("a");   // md5("a")   = 0cc175b9c0f1b6a831c399e269772661
    assertEquals("0cc175b9c0f1b6a8,900150983cd24fb0",
        new String(s.toBytes(), StandardCharsets.US_ASCII));
    assertEquals(0, Format.LOCAL.fromBytes(new byte[0]).cardinality());
    assertThrows(IllegalArgumentException.class,
        () -> Format.LOCAL.fromBytes("zz".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void zetasketchEstimatesMergeWithoutDoubleCounting() {
    DistinctSketch a = of(Format.ZETASKETCH, 0, 30_000);
    DistinctSketch b = of(Format.ZETASKETCH, 20_000, 50_000);
    a.merge(Format.ZETASKETCH.fromBytes(b.toBytes()));
    long estimate = a.cardinality();
    assertTrue(Math.abs(estimate - 50_000) < 50_000 * 0.02, "estimate " + estimate);
    // Small counts are exact in HLL++'s sparse mode.
    assertEquals(100, of(Format.ZETASKETCH, 0, 100).cardinality());
  }

  @Test
  void formatsDoNotMix() {
    assertThrows(IllegalArgumentException.class,
        () -> Format.LOCAL.empty().merge(Format.ZETASKETCH.empty()));
    assertThrows(IllegalArgumentException.class,
        () -> Format.ZETASKETCH.fromBytes("not a sketch".getBytes(StandardCharsets.US_ASCII)));
  }
}
