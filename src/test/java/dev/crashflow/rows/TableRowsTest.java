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
import dev.crashflow.model.GameHardware;
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
        new EngineInfo("Unity", "2022.3.1f1", false, "ARM64", "Mali-G710", "ARM", "Vulkan",
            new GameHardware(8L, 2400L, 7812L, 2048L, 4660L, 5045L, "Vulkan 1.1", 45L, 16384L,
                "Basic", "1080x2400", "440")),
        "dev-1", "log line", Map.of("level", "7"), List.of(),
        List.of(new CrashException("SIGSEGV", "Segfault", null, 1L,
            new Mechanism("signalhandler", false, false, null, null, "SIGSEGV", 11, 1, null, "0x0",
                null, null),
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
  void unityMetadataCarriesTheEngineAndHardwareFacts() {
    TableRow unity = (TableRow) TableRows.crashEvent(nativeEvent()).get("unity_metadata");
    assertEquals("2022.3.1f1", unity.get("unity_version"));
    assertEquals(8L, unity.get("processor_count"));
    assertEquals(2400L, unity.get("processor_frequency_mhz"));
    assertEquals(7812L, unity.get("system_memory_size_mb"));
    assertEquals(2048L, unity.get("graphics_memory_size_mb"));
    assertEquals(4660L, unity.get("graphics_device_id"));
    assertEquals(5045L, unity.get("graphics_device_vendor_id"));
    assertEquals("Vulkan 1.1", unity.get("graphics_device_version"));
    assertEquals("Vulkan", unity.get("graphics_device_type"));
    assertEquals(45L, unity.get("graphics_shader_level"));
    assertEquals(16384L, unity.get("graphics_max_texture_size"));
    assertEquals("Basic", unity.get("graphics_copy_texture_support"));
    assertEquals("1080x2400", unity.get("screen_size_px"));
    assertEquals("440", unity.get("screen_resolution_dpi"));
  }

  /** As in the Crashlytics export: an Apple NSError is in errors, not in exceptions. */
  @Test
  void nsErrorsGoToErrorsAndTheRestStayInExceptions() {
    CrashEvent base = nativeEvent();
    Frame f = new Frame("-[Store load:]", null, null, "Store.m", null, 40, null, true,
        "Tower", "cocoa", "0x1000", null, "0x0", null);
    CrashException nsError = new CrashException("NSURLErrorDomain", "The Internet connection appears"
        + " to be offline.", null, null,
        new Mechanism("NSError", true, null, null, null, null, null, null, null, null,
            "NSURLErrorDomain", -1009L),
        List.of(f), 0);
    CrashException thrown = base.exceptions().get(0);
    CrashEvent e = base.withStacks(List.of(nsError, thrown), base.threads(),
        base.symbolicationStatus(), base.missingDebugIds());
    TableRow row = TableRows.crashEvent(e.withGrouping(new Fingerprinter().group(e)));
    assertTrue(SchemaConformance.problems("crash_events", row).isEmpty());

    List<?> errors = (List<?>) row.get("errors");
    assertEquals(1, errors.size());
    TableRow error = (TableRow) errors.get(0);
    assertEquals(-1009L, error.get("code"));
    assertEquals("NSURLErrorDomain", error.get("title"));
    assertEquals("The Internet connection appears to be offline.", error.get("subtitle"));
    assertEquals("-[Store load:]", ((TableRow) ((List<?>) error.get("frames")).get(0))
        .get("symbol"));

    List<?> exceptions = (List<?>) row.get("exceptions");
    assertEquals(1, exceptions.size());
    assertEquals("SIGSEGV", ((TableRow) exceptions.get(0)).get("type"));
    assertEquals(false, ((TableRow) exceptions.get(0)).get("nested"));
    assertEquals(List.of(), TableRows.crashEvent(base).get("errors"));
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
