package dev.crashflow.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashflow.bench.BenchApp.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench corpus is reproducible from its seed and has the promised mix. */
class BenchCorpusTest {
  @TempDir Path dir;

  private BenchCorpus.Written write(String name, long seed) throws Exception {
    return BenchCorpus.write(new BenchCorpus.Spec(2000, 3, seed, BenchCorpus.DEFAULT_BASE_TIME),
        dir.resolve(name), n -> { });
  }

  @Test
  void theSameSeedWritesTheSameBytesAndAnotherSeedDoesNot() throws Exception {
    BenchCorpus.Written a = write("a", 7);
    BenchCorpus.Written b = write("b", 7);
    BenchCorpus.Written c = write("c", 8);
    assertArrayEquals(Files.readAllBytes(a.events()), Files.readAllBytes(b.events()));
    assertFalse(Arrays.equals(Files.readAllBytes(a.events()), Files.readAllBytes(c.events())));
    assertEquals(a.symbolBytes(), b.symbolBytes());
  }

  @Test
  void theMixHasEveryKindDuplicatesSessionsAndBadMessages() throws Exception {
    BenchCorpus.Written w = write("mix", 11);
    assertEquals(2000, w.crashEvents() + w.sessions() + w.duplicates() + w.bad());
    assertEquals(2000, Files.readAllLines(w.events()).size());
    for (Kind k : Kind.values()) {
      double share = (double) w.kinds().get(k) / w.crashEvents();
      assertTrue(share > 0.1 && share < 0.55, k + " share " + share);
    }
    assertTrue(w.bad() > 10 && w.duplicates() > 20 && w.sessions() > 50, w.toString());
    assertEquals(3 * 6, w.symbolFiles());
    try (var files = Files.walk(w.symbols())) {
      assertEquals(w.symbolFiles(), files.filter(Files::isRegularFile).count());
    }
  }
}
