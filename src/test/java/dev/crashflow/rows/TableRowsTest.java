package dev.crashflow.rows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.services.bigquery.model.TableRow;
import dev.crashflow.grouping.Fingerprinter;
import dev.crashflow.model.AppInfo;
import dev.crashflow.model.Breadcrumb;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.CrashException;
import dev.crashflow.model.CrashThread;
import dev.crashflow.model.DeadLetter;
import dev.crashflow.model.DebugImage;
import dev.crashflow.model.DeviceInfo;
import dev.crashflow.model.EngineInfo;
import dev.crashflow.model.Frame;
import dev.crashflow.model.Mechanism;
import dev.crashflow.model.OsInfo;
import dev.crashflow.model.RawMessage;
import dev.crashflow.model.SessionUpdate;
import dev.crashflow.model.SymbolicationStatus;
import dev.crashflow.model.UserInfo;
import dev.crashflow.testing.SchemaConformance;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableRowsTest {
  static CrashEvent nativeEvent() {
    Frame crash = new Frame("Renderer::draw()", null, null, "renderer.cpp", null, 120, null, true,
        "/data/app/~~x==/com.game-y==/lib/arm64/libgame.so", "native", "0x7100001a2a", null,
        "0x7100000000", null);
    Frame caller = new Frame("main", null, null, "main.cpp", null, 7, null, true,
        "libgame.so", "native", "0x7100000100", null, "0x7100000000", null);
    CrashEvent e = new CrashEvent("0123456789abcdef0123456789abcdef", 1_763_800_000_123L,
        1_763_800_005_000L, "ANDROID", "native", "fatal", "com.game@2.1.0+210", "210", "production",
        new AppInfo("com.game", "2.1.0", "210", "Game", false),
        new OsInfo("Android", "14", "UP1A", "5.10", true),
        new DeviceInfo("dev-1", "Pixel 8", "Google", "google", "Pixel", "arm64-v8a", "portrait",
            8_000_000_000L, 1_000_000_000L, 128_000_000_000L, 64_000_000_000L, false),
        new UserInfo("u-1", "player", null, null),
        new EngineInfo("Unity", "2022.3.1f1", false, "ARM64", "Mali-G710", "ARM", "Vulkan"),
        "dev-1", "log line", Map.of("level", "7"), List.of(),
        List.of(new CrashException("SIGSEGV", "Segfault", null, 1L,
            new Mechanism("signalhandler", false, false, null, null, "SIGSEGV", 11, 1, null, "0x0"),
            List.of(caller, crash), 3)),
        List.of(new CrashThread(1L, "main", true, true, true, "RUNNABLE", List.of(caller, crash), 0),
            new CrashThread(2L, "render", false, false, false, null, List.of(), 0)),
        List.of(new DebugImage("elf", "d665f42f-232b-ab29-cc97-6f26786733b8", "libgame.so",
            "2ff465d62b2329abcc976f26786733b82567976c", "libgame.so", "0x7100000000", 4096L, "arm64", null)),
        List.of(new Breadcrumb(1_763_799_990_000L, "default", "log", "loading level", "info",
            Map.of("level", "7"))),
        "sentry.native.android", "0.7.0", 3, SymbolicationStatus.NOT_NEEDED, List.of(), null, null);
    return e.withGrouping(new Fingerprinter().group(e));
  }

  @Test
  void aCrashEventRowFitsTheCrashEventsSchema() {
    TableRow row = TableRows.crashEvent(nativeEvent());
    List<String> problems = SchemaConformance.problems("crash_events", row);
    assertTrue(problems.isEmpty(), String.join("\n", problems));
    assertEquals("FATAL", row.get("error_type"));
    assertEquals("2025-11-22T08:26:40.123Z", row.get("event_timestamp"));
    TableRow blame = (TableRow) row.get("blame_frame");
    assertEquals("Renderer::draw()", blame.get("symbol"));
    assertEquals(0x1a2aL, blame.get("offset"));
    assertEquals("MODIFIED", ((TableRow) row.get("operating_system")).get("modification_state"));
    assertEquals(1, ((List<?>) row.get("logs")).size());
  }

  @Test
  void sessionAndDeadLetterRowsFitTheirSchemas() {
    SessionUpdate s = new SessionUpdate("sid-1", "did-1", true, 1_000L, 2_000L, 3_000L, "crashed", 1,
        12.5, "com.game@2.1.0+210", "production", new AppInfo("com.game", "2.1.0", "210", null, null),
        "ANDROID", null);
    List<String> problems = SchemaConformance.problems("sessions", TableRows.session(s));
    assertTrue(problems.isEmpty(), String.join("\n", problems));

    RawMessage raw = new RawMessage("{bad".getBytes(StandardCharsets.UTF_8), Map.of("item_type", "event"), "m-1", 5_000L);
    DeadLetter d = DeadLetter.of(raw, "decode", "malformed_json", new IllegalArgumentException("bad json"), null);
    TableRow row = TableRows.deadLetter(d);
    problems = SchemaConformance.problems("dead_letters", row);
    assertTrue(problems.isEmpty(), String.join("\n", problems));
    assertEquals("e2JhZA==", row.get("payload"));
    assertEquals("malformed_json", row.get("error_reason"));
  }
}
