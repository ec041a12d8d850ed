package dev.crashflow.crashtext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crashflow.decode.DecodeLimits;
import dev.crashflow.decode.EventDecoder;
import dev.crashflow.grouping.Fingerprinter;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.Frame;
import dev.crashflow.model.RawMessage;
import dev.crashflow.model.SymbolicationStatus;
import dev.crashflow.retrace.Retracer;
import dev.crashflow.symbolicate.SymbolSource;
import dev.crashflow.symbolicate.Symbolicator;
import dev.crashflow.symbols.DebugId;
import dev.crashflow.symbols.SymbolIndex;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Parsed reports symbolicate to the right lines with crashflow's own symbolicator and hand-written
 * Breakpad files ({@code crashtext/symbols/}) whose MODULE ids are the reports' build-ids and
 * UUIDs. The symbol files put a different line on the instruction before each call, so a caller
 * frame looked up one instruction off shows up as a wrong line (or a wrong inlined frame).
 */
class CrashTextSymbolicationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Symbolicator symbolicator = new Symbolicator(new Store(
      "libgame.so.sym", "libpuzzle.so.sym", "Tower.sym"));

  @Test
  void arm64TombstoneResolvesCallersAtTheirCallInstructionAndExpandsInlines() throws Exception {
    CrashEvent out = symbolicate(CrashTexts.event("tombstone-arm64.txt"));

    assertEquals(List.of(
        "__start_thread ?", "__pthread_start(void*) ?", "null ?",
        "GameLoop::run() game_loop.cpp:90",
        "GameLoop::tick(float) game_loop.cpp:41",
        "Physics::step(float) physics.cpp:121",
        "Body::velocity() const body.h:33"), describe(out.exceptions().get(0).frames()));
    // libengine.so has no BuildId in the report: its frame stays raw and counts as unresolved.
    assertEquals(SymbolicationStatus.PARTIAL, out.symbolicationStatus());
    assertEquals(List.of(), out.missingDebugIds());
  }

  @Test
  void withoutTheReturnAddressDeltaCallersWouldLandOneInstructionEarly() throws Exception {
    ObjectNode e = CrashTexts.event("tombstone-arm64.txt");
    JsonNode frames = e.at("/exception/values/0/stacktrace/frames");
    for (int i : new int[] {3, 4}) { // #02 and #01: written as image_addr + printed pc
      ObjectNode f = (ObjectNode) frames.get(i);
      f.put("instruction_addr", EventJson.hex(CrashTexts.addr(f, "instruction_addr") - 4));
    }

    List<String> naive = describe(symbolicate(e).exceptions().get(0).frames());

    assertEquals(List.of("GameLoop::run() game_loop.cpp:88", "Clock::now() clock.h:12",
        "GameLoop::tick(float) game_loop.cpp:40"), naive.subList(3, 6));
  }

  @Test
  void logcatCopyWithAnotherInstallPathAndSyntheticRangesSymbolicatesAndGroupsTheSame()
      throws Exception {
    CrashEvent tombstone = symbolicate(CrashTexts.event("tombstone-arm64.txt"));
    CrashEvent logcat = symbolicate(CrashTexts.parse("logcat-crash.txt").events().get(0));

    assertNotEquals(tombstone.exceptions().get(0).frames().get(5).instructionAddr(),
        logcat.exceptions().get(0).frames().get(5).instructionAddr());
    assertEquals(describe(tombstone.exceptions().get(0).frames()),
        describe(logcat.exceptions().get(0).frames()));
    Fingerprinter fp = new Fingerprinter();
    assertEquals(fp.group(tombstone).fingerprint(), fp.group(logcat).fingerprint());
  }

  @Test
  void arm32TombstoneCallersResolveAtThePrintedPc() throws Exception {
    CrashEvent out = symbolicate(CrashTexts.event("tombstone-arm32-abort.txt"));
    List<String> frames = describe(out.exceptions().get(0).frames());

    assertEquals(List.of("Board::swap(int, int) board.cpp:102",
        "Board::tileAt(int) const board.cpp:88", "abort ?"), frames.subList(3, 6));
  }

  @Test
  void ipsCallerFramesAreReturnAddressesAndResolveToTheCallLine() throws Exception {
    CrashEvent out = symbolicate(CrashTexts.event("ios-crash.ips"));
    List<String> frames = describe(out.exceptions().get(0).frames());

    assertEquals("main main.m:14", frames.get(1));
    assertEquals("-[TowerScene tick:] TowerScene.m:77", frames.get(4));
    assertEquals("-[TowerScene update:] TowerScene.m:42", frames.get(5));
  }

  private CrashEvent symbolicate(ObjectNode e) throws Exception {
    long received = Instant.parse(e.get("timestamp").asText()).toEpochMilli() + 60_000;
    CrashEvent decoded = new EventDecoder(DecodeLimits.defaults())
        .decode(new RawMessage(JSON.writeValueAsBytes(e), Map.of(), null, null), received)
        .event();
    return symbolicator.symbolicate(decoded);
  }

  /** Each frame as "function file:line", "?" where symbolication gave no file. */
  private static List<String> describe(List<Frame> frames) {
    return frames.stream().map(f -> f.function() + " " + (f.filename() == null ? "?"
        : dev.crashflow.model.FileNames.baseName(f.filename()) + ":" + f.lineno())).toList();
  }

  /** Symbol files from the test resources, by their MODULE debug id. */
  private static final class Store implements SymbolSource {
    private final Map<DebugId, SymbolIndex> symbols = new HashMap<>();

    Store(String... files) {
      for (String f : files) {
        try (InputStream in = getClass().getClassLoader()
            .getResourceAsStream("crashtext/symbols/" + f)) {
          SymbolIndex index = SymbolIndex.parse(in.readAllBytes());
          symbols.put(index.debugId(), index);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }

    @Override
    public Retracer mapping(String uuid) {
      return null;
    }

    @Override
    public Retracer mappingForRelease(String appId, String version, String build) {
      return null;
    }

    @Override
    public SymbolIndex nativeSymbols(DebugId debugId, String debugFile) {
      return symbols.get(debugId);
    }
  }
}
