package dev.crashflow.grouping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crashflow.decode.DecodeLimits;
import dev.crashflow.decode.EventDecoder;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.CrashException;
import dev.crashflow.model.Frame;
import dev.crashflow.model.Grouping;
import dev.crashflow.model.RawMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Pins what grouping makes of fixed sets of events, so that no change to the engine (caching,
 * faster hashing, rule shortcuts) moves an event to another issue unnoticed: issue id,
 * fingerprint, title, culprit and owner of every event are digested per set and compared with the
 * values the engine produced when they were pinned (before the speed work of issue 5). The sets:
 * the benchmark's generated Android/NDK/iOS/Unity events (known crashes and never-seen names),
 * the same under app rules that use every matcher kind, context and range, with per-install
 * {@code abs_path}s, and the decoder's sample events. Takes about 10 seconds (measured at load
 * average 10-14 on a 2-core machine).
 *
 * <p>A deliberate grouping change (new rules, a new normalisation) changes these on purpose: the
 * failure message gives the new values; update them together with {@link Fingerprinter#VERSION}.
 */
class GroupingPinTest {
  /** App rules touching every static matcher, negation, contexts, ranges and categories. */
  static final String APP_RULES = String.join("\n",
      "family:jvm module:com.example.game.feature1* -app",
      "family:jvm module:com.example.game.data.Repo1* function:invokeSuspend +app category=data",
      "[ category:data ] | module:com.example.game.* ^-group",
      "module:androidx.recyclerview.* | [ module:com.example.game.ui.* ] -group",
      "family:native path:**/libgame.so function:Game::Module1* -group",
      "family:native package:/data/app/*/lib/arm64/libgame.so function:Game::System2* v-group",
      "family:native !package:**/libgame.so !function:abort -app",
      "family:native package:**/Game.app/Game function:closure* category=swift",
      "category:swift function:*load1? +group",
      "family:csharp module:Arena.Gameplay.Controller1? -app",
      "family:csharp function:Handle1[0-4]* ^+group",
      "type:java.lang.NullPointerException family:jvm function:lambda$* -group",
      "type:SIGABRT max-frames=12",
      "type:EXC_BAD_ACCESS min-frames=3",
      "function:?onLayout* family:jvm -group",
      "");

  @Test
  void generatedEventsKeepTheirIssues() throws Exception {
    Fingerprinter fp = new Fingerprinter();
    GroupingBenchmarkTest.Gen known = new GroupingBenchmarkTest.Gen(21, 400);
    assertPinned("generated", fp, known.batch(1_500, false),
        "84ab278e3dc4e2cc0c832828c88b2dab", 387);
    assertPinned("generated, never-seen names", fp,
        new GroupingBenchmarkTest.Gen(22, 0).batch(300, true), "2f3730ac356db7a8092f38e95c072646", 300);
  }

  @Test
  void generatedEventsUnderAppRulesKeepTheirIssues() throws Exception {
    Fingerprinter fp = new Fingerprinter(GroupingConfig.withAppRules(APP_RULES, "pin.txt",
        "type:SIGSEGV function:Game::World* -> world-crash\n", "pin-fingerprints.txt"));
    List<CrashEvent> events = new GroupingBenchmarkTest.Gen(23, 300).batch(1_200, false);
    assertPinned("generated, app rules", fp, events, "e8fc9cb10bea313d68b6795225bdada7", 265);
    List<CrashEvent> withPaths = new ArrayList<>();
    for (CrashEvent e : events) {
      withPaths.add(withAbsPaths(e));
    }
    assertPinned("generated, app rules, abs_path", fp, withPaths,
        "4591fc7b5a4dd5c39e71a013a67a2b6d", 265);
  }

  @Test
  void sampleEventsKeepTheirIssues() throws Exception {
    DecodeLimits d = DecodeLimits.defaults();
    EventDecoder decoder = new EventDecoder(new DecodeLimits(d.maxPayloadBytes(),
        d.maxCompressedBytes(), d.maxCompressionRatio(), d.maxFrames(), d.keepFrames(),
        java.time.Duration.ofDays(365_000), java.time.Duration.ofDays(365_000), d.scrubPii()));
    long received = java.time.Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    List<CrashEvent> events = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/decode"))) {
      for (Path p : files.sorted().toList()) {
        byte[] payload = Files.readAllBytes(p);
        CrashEvent e = decoder.decode(RawMessage.of(payload), received).event();
        if (e != null) {
          events.add(e);
        }
      }
    }
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(Path.of("pipelines/resources/samples/sample-events.jsonl"))) {
      try {
        JsonNode n = json.readTree(line);
        byte[] payload = Base64.getDecoder().decode(n.get("payload").asText());
        CrashEvent e = decoder.decode(RawMessage.of(payload), received).event();
        if (e != null) {
          events.add(e);
        }
      } catch (java.io.IOException | dev.crashflow.decode.DecodeException
          | IllegalArgumentException bad) {
        // the samples include deliberately bad payloads (dead letters)
      }
    }
    assertPinned("sample events", new Fingerprinter(), events,
        "759bf69cdf49de0a031db7febe7e5c7d", 38);
  }

  /** Native frames with a per-install absolute path (as iOS and NDK SDKs send), Java ones a source path. */
  private static CrashEvent withAbsPaths(CrashEvent e) {
    List<CrashException> chain = new ArrayList<>();
    for (CrashException x : e.exceptions()) {
      List<Frame> frames = new ArrayList<>();
      for (Frame f : x.frames()) {
        String abs = f.pkg() != null ? f.pkg()
            : f.module() != null ? "/build/src/" + f.module().replace('.', '/') + ".kt" : null;
        frames.add(new Frame(f.function(), f.rawFunction(), f.module(), f.filename(), abs,
            f.lineno(), f.colno(), f.inApp(), f.pkg(), f.platform(), f.instructionAddr(),
            f.symbolAddr(), f.imageAddr(), f.addrMode()));
      }
      chain.add(new CrashException(x.type(), x.value(), x.module(), x.threadId(), x.mechanism(),
          frames, x.framesOmitted()));
    }
    return e.withStacks(chain, e.threads(), e.symbolicationStatus(), e.missingDebugIds());
  }

  /**
   * Groups the events (twice, the second time from the warm cache, and every 8th through explain),
   * and compares a digest of every result with the pinned one.
   */
  private static void assertPinned(String set, Fingerprinter fp, List<CrashEvent> events,
      String digest, int issues) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    Set<String> ids = new LinkedHashSet<>();
    for (int i = 0; i < events.size(); i++) {
      CrashEvent e = events.get(i);
      Grouping g = fp.group(e);
      assertEquals(g, fp.group(e), "grouping from a warm cache, " + set);
      if (i % 8 == 0) {
        assertEquals(g, fp.explain(e).grouping(), "explain, " + set);
      }
      String line = String.join("\t", g.issueId(), g.fingerprint(), g.title(),
          String.valueOf(g.culprit()), String.valueOf(g.blameOwner())) + "\n";
      md.update(line.getBytes(StandardCharsets.UTF_8));
      ids.add(g.issueId());
    }
    String actual = HexFormat.of().formatHex(md.digest(), 0, 16);
    assertEquals(digest + " / " + issues + " issues", actual + " / " + ids.size() + " issues",
        set + ": " + events.size() + " events");
  }
}
