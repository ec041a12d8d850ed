package dev.crashflow.grouping;

import static dev.crashflow.grouping.GroupingEvents.jvm;
import static dev.crashflow.grouping.GroupingEvents.nat;
import static dev.crashflow.grouping.GroupingEvents.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashflow.decode.DecodeException;
import dev.crashflow.decode.DecodeLimits;
import dev.crashflow.decode.Decoded;
import dev.crashflow.decode.Envelopes;
import dev.crashflow.decode.EventDecoder;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.Frame;
import dev.crashflow.model.Grouping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code explain} shows exactly what {@code group} hashed. */
class GroupingExplainTest {
  private final Fingerprinter fp = new Fingerprinter();

  @Test
  void explainHashesWhatGroupHashesOnEverySampleEvent() throws Exception {
    DecodeLimits d = DecodeLimits.defaults();
    EventDecoder decoder = new EventDecoder(new DecodeLimits(d.maxPayloadBytes(),
        d.maxCompressedBytes(), d.maxCompressionRatio(), d.maxFrames(), d.keepFrames(),
        Duration.ofDays(36500), Duration.ofDays(36500), true));
    int events = 0;
    for (String line : Files.readAllLines(Path.of("pipelines/resources/samples/sample-events.jsonl"))) {
      Decoded decoded;
      try {
        decoded = decoder.decode(Envelopes.parseLine(line), 0L);
      } catch (DecodeException bad) {
        continue; // the corpus holds deliberately bad lines
      }
      CrashEvent e = decoded.event();
      if (e == null) {
        continue;
      }
      Grouping g = fp.group(e);
      GroupingResult r = fp.explain(e);
      assertEquals(g, r.grouping(), e.eventId());
      assertEquals(g.fingerprint(), Fingerprinter.fingerprintOf(r.hashInput()), e.eventId());
      events++;
    }
    assertTrue(events > 300, "events checked: " + events);
  }

  @Test
  void theTreeSaysWhatCountedAndWhy() {
    List<Frame> frames = List.of(jvm("android.os.Looper", "loop", false),
        jvm("com.example.Shop", "lambda$buy$0", true), jvm("com.example.Shop", "lambda$buy$0", true),
        jvm("com.example.Inventory", "find", true));
    GroupingResult r = fp.explain(one("java", "java.lang.IllegalStateException", "Item 3141 not found", frames));
    String text = r.render();
    assertEquals(List.of("type=java.lang.IllegalStateException",
        "module=com.example.Shop\nfunction=lambda$buy$", "module=com.example.Inventory\nfunction=find"),
        r.hashInput());
    assertTrue(text.contains("grouped by in-app frames of the exception chain"), text);
    assertTrue(text.contains("- frame module=\"android.os.Looper\" function=\"loop\"  (not in-app)"), text);
    assertTrue(text.contains("(recursion: repeats the frames after it; generated name neutralised from "
        + "com.example.Shop.lambda$buy$0)"), text);
    assertTrue(text.contains("- value \"Item <int> not found\"  (a stack trace counts)"), text);
    assertTrue(text.contains("- all-frames  (all frames; not used: the in-app variant has frames)"), text);
    assertTrue(text.contains("culprit    com.example.Inventory.find  (owner DEVELOPER)"), text);
  }

  @Test
  void rulesThatActAreNamedWithTheirFileAndLine() {
    List<Frame> frames = List.of(nat("libgame.so", "Game::fail()", true), nat("libc.so", "abort", false),
        nat("libc.so", "raise", false));
    String text = fp.explain(one("native", "SIGABRT", "Abort", frames)).render();
    assertTrue(text.contains("ignored by /grouping/ndk.txt:"), text);
    assertTrue(text.contains("'family:native function:abort ^-group -group ^-app -app'"), text);
  }
}
