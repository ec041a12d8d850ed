package dev.crashflow.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalWarehouseConcurrencyTest {

  private static final int WRITERS = 3;
  private static final int FILES_PER_WRITER = 40;
  private static final int ROWS_PER_FILE = 25;

  @TempDir Path dir;

  /** Writers that have published half their files and wait for a query to see that state. */
  private final AtomicInteger writersAtHalf = new AtomicInteger();

  /** Queries that started after every writer reached half and have completed. */
  private final AtomicInteger queriesOfHalf = new AtomicInteger();

  /** Publishes files like Beam does: write into a hidden temp folder, rename, drop the folder. */
  private Void writeFiles(int writer) throws IOException, InterruptedException {
    for (int f = 0; f < FILES_PER_WRITER; f++) {
      if (f == FILES_PER_WRITER / 2) {
        awaitAQueryOfTheHalfState();
      }
      Path temp = dir.resolve("events/.temp-beam-" + writer + "-" + f);
      List<String> rows = new ArrayList<>();
      for (int r = 0; r < ROWS_PER_FILE; r++) {
        rows.add("{\"event_id\":\"" + writer + "-" + f + "-" + r + "\","
            + "\"event_timestamp\":\"2026-11-23T10:00:00Z\",\"exceptions\":[{\"type\":\"E\"}]}");
      }
      String name = "w" + writer + "-" + f + (f % 2 == 0 ? ".json" : ".json.gz");
      Path written = WarehouseFiles.write(temp.resolve(name), rows);
      Path target = dir.resolve("events/hour=" + (f % 4) + "/" + name);
      Files.createDirectories(target.getParent());
      Files.move(written, target, StandardCopyOption.ATOMIC_MOVE);
      Files.delete(temp);
      Thread.sleep(5);
    }
    return null;
  }

  /**
   * Holds the writers at half their files until a query has run on that state, so the test sees
   * queries overlap the writes however slow the machine is (bounded: a minute).
   */
  private void awaitAQueryOfTheHalfState() throws InterruptedException {
    writersAtHalf.incrementAndGet();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (queriesOfHalf.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
  }

  @Test
  void queriesWhileWritersPublishFilesSeeGrowingCountsAndNoErrors() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try (LocalWarehouse w = LocalWarehouse.open(dir,
        Map.of("events", WarehouseFiles.schema("events")))) {
      List<Future<Void>> writers = new ArrayList<>();
      for (int i = 0; i < WRITERS; i++) {
        int writer = i;
        writers.add(pool.submit(() -> writeFiles(writer)));
      }
      long previous = 0;
      int queries = 0;
      boolean sawPartial = false;
      while (!writers.stream().allMatch(Future::isDone)) {
        boolean ofHalf = writersAtHalf.get() == WRITERS;
        long count = (Long) w.query("SELECT COUNT(*) AS n FROM events").column("n").get(0);
        long unnested = (Long) w.query(
            "SELECT COUNT(*) AS n FROM events, UNNEST(exceptions) AS e").column("n").get(0);
        assertTrue(count >= previous, "count went down: " + previous + " -> " + count);
        assertEquals(0, count % ROWS_PER_FILE, "a file was read partially: " + count);
        assertTrue(unnested >= count, "later query saw fewer rows than an earlier one");
        sawPartial |= count > 0 && count < (long) WRITERS * FILES_PER_WRITER * ROWS_PER_FILE;
        previous = count;
        queries++;
        if (ofHalf) {
          queriesOfHalf.incrementAndGet();
        }
      }
      for (Future<Void> f : writers) {
        f.get(1, TimeUnit.MINUTES); // rethrows a writer's failure
      }
      long total = (long) WRITERS * FILES_PER_WRITER * ROWS_PER_FILE;
      assertEquals(List.of(total, total), w.query(
          "SELECT COUNT(*) AS n, COUNT(DISTINCT event_id) AS d FROM events").rows().get(0));
      assertTrue(queries > 1 && sawPartial,
          "queries should have overlapped the writes (queries=" + queries + ")");
    } finally {
      pool.shutdownNow();
    }
  }
}
