package dev.crashflow.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashflow.testing.Outputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.KV;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming file writer's replay safety: a pane written again (as Flink does after restoring
 * the checkpoint that holds it) replaces its file instead of adding one, in whatever order its
 * lines come; other panes get other files; no temporary file is left visible.
 */
class WriteStableFilesTest {
  @TempDir Path dir;

  private static PaneInfo pane(long index) {
    return PaneInfo.createPane(index == 0, false, index == 0 ? PaneInfo.Timing.EARLY : PaneInfo.Timing.LATE,
        index, -1);
  }

  private List<Path> files() throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  @Test
  void aReplayedPaneReplacesItsFileAndOtherPanesGetTheirOwn() throws Exception {
    WriteStableFiles.WriteFileFn fn = new WriteStableFiles.WriteFileFn(dir + "/", "crash_events", ".json", false);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      lines.add("{\"event_id\":\"" + i + "\"}");
    }
    fn.process(KV.of(KV.of("", 0), lines), pane(3));
    List<Path> first = files();
    assertEquals(1, first.size());

    List<String> shuffled = new ArrayList<>(lines);
    Collections.shuffle(shuffled, new java.util.Random(7));
    fn.process(KV.of(KV.of("", 0), shuffled), pane(3));
    assertEquals(first, files(), "the replay wrote the same file name");
    assertEquals(50, Outputs.lines(dir).size(), "and nothing twice");

    fn.process(KV.of(KV.of("", 0), lines.subList(0, 10)), pane(4));
    fn.process(KV.of(KV.of("", 1), lines.subList(0, 10)), pane(4));
    fn.process(KV.of(KV.of("", 0), lines.subList(0, 10)), pane(5));
    assertEquals(4, files().size(), "a different pane, shard or content is a different file");
    assertTrue(files().stream().allMatch(f -> f.getFileName().toString().matches("crash_events-[0-9a-f]{32}\\.json")));
  }

  @Test
  void archiveFoldersAreCreatedAndFilesAreGzip() throws Exception {
    WriteStableFiles.WriteFileFn fn = new WriteStableFiles.WriteFileFn(dir + "/", "messages", ".ndjson.gz", true);
    fn.process(KV.of(KV.of("app=a/dt=2026-11-20/hr=10", 0), List.of("{\"payload\":\"e30=\"}")), pane(0));
    List<Path> files = files();
    assertEquals(1, files.size());
    assertTrue(dir.relativize(files.get(0)).toString().matches("app=a/dt=2026-11-20/hr=10/messages-[0-9a-f]{32}\\.ndjson\\.gz"));
    assertEquals(List.of("{\"payload\":\"e30=\"}"), Outputs.lines(dir));
  }

  @Test
  void theDigestIgnoresOrderButNotContentOrCount() {
    WriteStableFiles.PaneDigest a = new WriteStableFiles.PaneDigest();
    WriteStableFiles.PaneDigest b = new WriteStableFiles.PaneDigest();
    WriteStableFiles.PaneDigest c = new WriteStableFiles.PaneDigest();
    for (String s : List.of("x", "y", "z")) {
      a.add(s.getBytes());
    }
    for (String s : List.of("z", "x", "y")) {
      b.add(s.getBytes());
    }
    for (String s : List.of("x", "y", "z", "z")) {
      c.add(s.getBytes());
    }
    assertEquals(a.name("t", 0, 1), b.name("t", 0, 1));
    assertNotEquals(a.name("t", 0, 1), c.name("t", 0, 1));
    assertNotEquals(a.name("t", 0, 1), a.name("t", 0, 2));
    assertNotEquals(a.name("t", 0, 1), a.name("u", 0, 1));
  }
}
