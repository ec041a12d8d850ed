package dev.crashflow.decode;

import static dev.crashflow.decode.Fixtures.RECEIVED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crashflow.model.AppInfo;
import dev.crashflow.model.Breadcrumb;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.CrashException;
import dev.crashflow.model.CrashThread;
import dev.crashflow.model.DebugImage;
import dev.crashflow.model.DeviceInfo;
import dev.crashflow.model.EngineInfo;
import dev.crashflow.model.Frame;
import dev.crashflow.model.GameHardware;
import dev.crashflow.model.Mechanism;
import dev.crashflow.model.OsInfo;
import dev.crashflow.model.RawMessage;
import dev.crashflow.model.SymbolicationStatus;
import dev.crashflow.model.UserInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Good events from each platform's SDK decode and normalise into the canonical model. */
class EventDecoderTest {
  private final EventDecoder decoder = new EventDecoder(DecodeLimits.defaults());

  private CrashEvent decode(RawMessage m) throws DecodeException {
    Decoded d = decoder.decode(m, RECEIVED);
    assertNull(d.session());
    return d.event();
  }

  private static long millis(String rfc3339) {
    return Instant.parse(rfc3339).toEpochMilli();
  }

  @Test
  void androidJavaKotlinEventWithCauseChainNormalises() throws Exception {
    RawMessage raw = Fixtures.message("android-java.json");
    CrashEvent e = decode(raw);

    assertEquals("5f1e6b7c9d0a4b3c8e2f1a0b9c8d7e6f", e.eventId());
    assertEquals(millis("2024-05-01T12:00:00.250Z"), e.timestampMillis());
    assertEquals(RECEIVED, e.receivedMillis());
    assertEquals("ANDROID", e.platform());
    assertEquals("java", e.sdkPlatform());
    assertEquals("fatal", e.level());
    assertEquals("com.example.puzzle@2.4.1+2041", e.release());
    assertEquals("production", e.environment());
    assertEquals(new AppInfo("com.example.puzzle", "2.4.1", "2041", "Puzzle", true), e.app());
    assertEquals(new OsInfo("Android", "14", "UQ1A.240105.004",
        "5.10.157-android13-4-00003-g0bd0ebb7b1a0", false), e.os());
    assertEquals(new DeviceInfo("3c1b9f04-9d2c-4a8e-b1e2-7d5d6c1f0a11", "Pixel 7", "Google",
        "google", "Pixel", "arm64-v8a", "portrait", 7801405440L, 2103017472L, 119135727616L,
        61423607808L, false), e.device());
    assertEquals(new UserInfo("u-1842", null, null, null), e.user(), "email and IP dropped");
    assertSame(EngineInfo.EMPTY, e.engine(), "the Android runtime is not a game engine");
    assertEquals("3c1b9f04-9d2c-4a8e-b1e2-7d5d6c1f0a11", e.installationId());
    assertEquals(Map.of("level_name", "world-3", "isSideLoaded", "false", "retries", "3"), e.tags());
    assertEquals(List.of("{{ default }}", "level-load"), e.sdkFingerprint());
    assertEquals("sentry.java.android", e.sdkName());
    assertEquals("7.8.0", e.sdkVersion());

    // Oldest first: the cause, then the exception that was thrown out.
    assertEquals(List.of("NumberFormatException", "IllegalStateException"),
        e.exceptions().stream().map(CrashException::type).toList());
    CrashException outer = e.exceptions().get(1);
    assertEquals("Could not load level 42 for [email]", outer.value());
    assertEquals("java.lang", outer.module());
    assertEquals(2L, outer.threadId());
    assertEquals(new Mechanism("UncaughtExceptionHandler", false, null, 0, null, null, null, null,
        null, null, null, null), outer.mechanism());
    assertEquals(Frame.jvm("com.example.puzzle.levels.LevelLoader", "load", "LevelLoader.kt", 41,
        true), outer.frames().get(3), "the last frame is where it was thrown");
    assertEquals(1, e.exceptions().get(0).mechanism().exceptionId());
    assertEquals(0, e.exceptions().get(0).mechanism().parentId());

    assertEquals(2, e.threads().size());
    CrashThread main = e.threads().get(0);
    assertEquals(new CrashThread(2L, "main", true, true, true, "RUNNABLE", List.of(), 0), main);
    assertEquals("wait", e.threads().get(1).frames().get(1).function());

    assertEquals(List.of(new DebugImage("proguard", null, null, null, null, null, null, null,
        "8f2c1a55-6d4e-4b3f-9a1d-0c7e5b2a9f31")), e.images());
    assertEquals(List.of(
        new Breadcrumb(millis("2024-05-01T11:59:58Z"), "navigation", "ui.lifecycle", null, "info",
            Map.of("screen", "GameActivity", "state", "created")),
        new Breadcrumb(1714564799500L, "http", "http", "GET https://[ip]/levels/42 failed",
            "error", Map.of("status_code", "503", "url", "https://[ip]/levels/42"))),
        e.breadcrumbs());

    assertEquals(0, e.framesTrimmed());
    assertEquals(SymbolicationStatus.NOT_NEEDED, e.symbolicationStatus());
    assertEquals(List.of(), e.missingDebugIds());
    assertNull(e.grouping());
    assertSame(raw, e.raw(), "the archive needs the raw message");
  }

  @Test
  void androidNdkNativeCrashKeepsAddressesSignalAndElfImages() throws Exception {
    CrashEvent e = decode(Fixtures.message("android-ndk.json"));

    assertEquals("a1b2c3d4e5f64789a0b1c2d3e4f5a6b7", e.eventId(), "UUID with dashes normalised");
    assertEquals(1714564800123L, e.timestampMillis(), "Unix seconds with a fraction");
    assertEquals("ANDROID", e.platform());
    assertEquals("native", e.sdkPlatform());
    assertEquals(new AppInfo("com.example.racer", "5.0.2", "512", null, null), e.app());
    assertEquals("arm64-v8a", e.device().arch());
    assertNull(e.installationId(), "no device id and no user");

    CrashException sig = e.exceptions().get(0);
    assertEquals("SIGSEGV", sig.type());
    assertEquals(new Mechanism("signalhandler", false, true, null, null, "SIGSEGV", 11, 1, null,
        "0x10", null, null), sig.mechanism());
    Frame crashed = sig.frames().get(2);
    assertEquals("0x7a1004f2a8", crashed.instructionAddr());
    assertEquals("0x7a10000000", crashed.imageAddr());
    assertEquals("abs", crashed.addrMode());
    assertEquals("/data/app/~~r4nd0m==/com.example.racer-AbC==/lib/arm64/libgame.so", crashed.pkg());
    assertEquals("Physics::step(float)", sig.frames().get(1).function());
    assertEquals("0x7a10043a00", sig.frames().get(1).symbolAddr());
    // frames of one library share its package and image strings (one copy per stack)
    Frame before = sig.frames().get(1);
    assertEquals(before.pkg(), crashed.pkg());
    assertSame(before.pkg(), crashed.pkg());
    assertSame(before.imageAddr(), crashed.imageAddr());
    assertNotSame(before.function(), crashed.function());

    assertEquals(new DebugImage("elf", "d665f42f-232b-ab29-cc97-6f26786733b8", "libgame.so",
        "d665f42f2b2329abcc976f26786733b82567976c",
        "/data/app/~~r4nd0m==/com.example.racer-AbC==/lib/arm64/libgame.so", "0x7a10000000",
        4194304L, "arm64", null), e.images().get(0));
    DebugImage libc = e.images().get(1);
    assertEquals("0x" + Long.toHexString(530000330752L), libc.imageAddr(), "numeric address as hex");
    assertEquals(1048576L, libc.imageSize(), "size sent as a string");
    assertEquals(List.of(new CrashThread(12345L, "GameThread", true, true, false, null, List.of(),
        0)), e.threads());
  }

  @Test
  void iosCocoaCrashKeepsMachExceptionAndMachoImagesAndDistWins() throws Exception {
    CrashEvent e = decode(Fixtures.message("ios-cocoa.json"));

    assertEquals("IOS", e.platform());
    assertEquals("cocoa", e.sdkPlatform());
    assertEquals(new AppInfo("com.example.tower", "3.1.0", "78", "Tower", null), e.app(),
        "dist overrides the build in release");
    assertEquals("player-99", e.installationId(), "no device id: falls back on user.id");
    assertEquals("landscape", e.device().orientation());
    assertEquals(Boolean.FALSE, e.device().simulator());
    assertEquals("17.2.1", e.os().version());

    CrashException ex = e.exceptions().get(0);
    assertEquals("EXC_BAD_ACCESS", ex.mechanism().machException());
    assertEquals("SIGSEGV", ex.mechanism().signalName());
    assertEquals(0, ex.mechanism().signalCode());
    assertEquals("0x0000000000000008", ex.mechanism().faultAddress());
    assertEquals(List.of(), ex.frames(), "Cocoa puts the stack on the crashed thread");

    CrashThread crashed = e.threads().get(0);
    assertTrue(crashed.crashed());
    assertEquals("-[TowerScene update:]", crashed.frames().get(2).function());
    assertEquals(Boolean.TRUE, crashed.frames().get(2).inApp());
    assertNull(e.threads().get(1).name());

    assertEquals(List.of("macho", "macho"), e.images().stream().map(DebugImage::type).toList());
    assertEquals("1f2e3d4c-5b6a-7980-8f7e-6d5c4b3a2918", e.images().get(0).debugId());
    assertEquals(1835008L, e.images().get(0).imageSize());
    assertEquals(Map.of("action", "BATTERY_STATE_CHANGE", "level", "42.5", "plugged", "true"),
        e.breadcrumbs().get(0).data());
  }

  @Test
  void unityCsharpEventHasEngineGpuAndLogentryMessage() throws Exception {
    CrashEvent e = decode(Fixtures.message("unity-csharp.json"));

    assertEquals(millis("2024-05-01T10:00:00Z"), e.timestampMillis(), "+02:00 offset applied");
    assertEquals("ANDROID", e.platform());
    assertEquals("csharp", e.sdkPlatform());
    assertEquals("error", e.level());
    assertEquals(new AppInfo("com.example.farm", "1.9.0", "190", null, null), e.app(),
        "release without build: app_build fills it");
    assertEquals(new EngineInfo("Unity", "2022.3.20f1", false, "ARM64 FP ASIMD AES",
        "Adreno (TM) 610", "Qualcomm", "Vulkan", new GameHardware(8L, null, null, 2048L, null,
            null, "Vulkan 1.1.128", null, null,
            "Basic, Copy3D, DifferentTypes, TextureToRT, RTToTexture", null, null)), e.engine());
    assertEquals("NullReferenceException in Update (frame 18293)", e.message());
    assertEquals(Map.of("unity.gpu.supports_instancing", "true",
        "unity.device.unique_identifier", "abc123"), e.tags(), "pairs; null value dropped");
    Frame harvest = e.exceptions().get(0).frames().get(1);
    assertEquals(new Frame("Harvest", null, "Crop", "Assets/Scripts/Crop.cs", null, 27, 9, true,
        null, null, null, null, null, null), harvest);
  }

  @Test
  void gzipPayloadDecodesLikeThePlainOne() throws Exception {
    RawMessage plain = Fixtures.message("android-java.json");
    RawMessage gz = RawMessage.of(Fixtures.gzip(plain.payload()));
    CrashEvent a = decode(plain);
    CrashEvent b = decode(gz);
    assertEquals(a.withoutRaw(), b.withoutRaw());
    assertSame(gz, b.raw(), "raw keeps the compressed bytes as received");
  }

  @Test
  void aByteOrderMarkAndTextBeyondAsciiDecode() throws Exception {
    ObjectNode e = Fixtures.minimalEvent();
    e.put("message", "Échec: 日本語 \uD83D\uDE00 ünïcode");
    byte[] json = Fixtures.bytes(e);
    byte[] withBom = new byte[json.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(json, 0, withBom, 3, json.length);
    CrashEvent plain = decode(RawMessage.of(json));
    assertEquals("Échec: 日本語 \uD83D\uDE00 ünïcode", plain.message());
    assertEquals(plain.withoutRaw(), decode(RawMessage.of(withBom)).withoutRaw());
  }

  @Test
  void longStackTracesKeepTheLast250FramesAndCountTheRest() throws Exception {
    ObjectNode e = Fixtures.minimalEvent();
    e.putObject("exception").putArray("values").addObject().put("type", "StackOverflowError")
        .set("stacktrace", Fixtures.stacktrace(1000));
    e.putArray("threads").addObject().put("id", 1).set("stacktrace", Fixtures.stacktrace(260));

    CrashEvent c = decode(Fixtures.message(e));
    CrashException ex = c.exceptions().get(0);
    assertEquals(250, ex.frames().size());
    assertEquals(750, ex.framesOmitted());
    assertEquals("f750", ex.frames().get(0).function(), "the frames far from the crash go");
    assertEquals("f999", ex.frames().get(249).function(), "the crash frame stays");
    assertEquals(10, c.threads().get(0).framesOmitted());
    assertEquals(760, c.framesTrimmed(), "sum over exceptions and threads");
  }

  @Test
  void exactlyMaxFramesIsAcceptedAndTrimmed() throws Exception {
    ObjectNode e = Fixtures.minimalEvent();
    e.putArray("exception").addObject().set("stacktrace", Fixtures.stacktrace(10_000));
    CrashEvent c = decode(Fixtures.message(e));
    assertEquals(9_750, c.framesTrimmed());
  }

  @Test
  void timestampsAsNumbersStringsAndRfc3339VariantsAgree() throws Exception {
    long expected = millis("2024-05-01T12:00:00.500Z");
    String[] forms = {"2024-05-01T12:00:00.500Z", "2024-05-01T14:00:00.5+02:00",
        "2024-05-01t12:00:00.500z", "2024-05-01 12:00:00.500Z", "2024-05-01T12:00:00.500",
        "1714564800.5", "2024-05-01T12:00:00.500999Z"};
    for (String form : forms) {
      ObjectNode e = Fixtures.minimalEvent().put("timestamp", form);
      assertEquals(expected, decode(Fixtures.message(e)).timestampMillis(), form);
    }
    ObjectNode n = Fixtures.minimalEvent().put("timestamp", 1714564800.5);
    assertEquals(expected, decode(Fixtures.message(n)).timestampMillis());
    ObjectNode i = Fixtures.minimalEvent().put("timestamp", 1714564800L);
    assertEquals(expected - 500, decode(Fixtures.message(i)).timestampMillis());
  }

  @Test
  void missingTimestampFallsBackOnPublishTimeNotProcessingTime() throws Exception {
    ObjectNode e = Fixtures.minimalEvent();
    e.remove("timestamp");
    long published = millis("2024-05-01T11:00:00Z");
    RawMessage m = new RawMessage(Fixtures.bytes(e), Map.of(), "m-1", published);
    CrashEvent c = decode(m);
    assertEquals(published, c.timestampMillis());
  }

  @Test
  void platformComesFromOsNameThenSdkHints() throws Exception {
    String[][] cases = {
        {"Android", null, "java", "ANDROID"}, {"iOS", null, "cocoa", "IOS"},
        {"iPadOS", null, "cocoa", "IOS"}, {"iPhone OS", null, "cocoa", "IOS"},
        {"macOS", null, "cocoa", "MACOS"}, {"Mac OS X", null, "cocoa", "MACOS"},
        {"tvOS", null, "cocoa", "TVOS"}, {"watchOS", null, "cocoa", "WATCHOS"},
        {"Windows", null, "native", "WINDOWS"}, {"Windows 11", null, "native", "WINDOWS"},
        {"Linux", null, "native", "LINUX"},
        {null, "sentry.java.android.timber", "java", "ANDROID"},
        {null, "sentry.native.android", "native", "ANDROID"},
        {null, "sentry.cocoa", "cocoa", "IOS"}, {null, null, "cocoa", "IOS"},
        {null, "sentry.java", "java", "UNKNOWN"}, {"Plan 9", null, "native", "UNKNOWN"}};
    for (String[] c : cases) {
      ObjectNode e = Fixtures.minimalEvent().put("platform", c[2]);
      if (c[0] != null) {
        e.putObject("contexts").putObject("os").put("name", c[0]);
      }
      if (c[1] != null) {
        e.putObject("sdk").put("name", c[1]);
      }
      assertEquals(c[3], decode(Fixtures.message(e)).platform(), String.join(",",
          String.valueOf(c[0]), String.valueOf(c[1])));
    }
  }

  @Test
  void releaseAndFallbacksGiveAppIdVersionAndBuild() throws Exception {
    Object[][] cases = {
        {"com.a@1.2+3", null, new AppInfo("com.a", "1.2", "3", null, null)},
        {"com.a@1.2", "9", new AppInfo("com.a", "1.2", "9", null, null)},
        {"1.2+3", null, new AppInfo("attr.app", "1.2", "3", null, null)},
        {"@scope/pkg@1.0", null, new AppInfo("@scope/pkg", "1.0", null, null, null)},
        {null, null, new AppInfo("attr.app", null, null, null, null)}};
    for (Object[] c : cases) {
      ObjectNode e = Fixtures.minimalEvent();
      if (c[0] != null) {
        e.put("release", (String) c[0]);
      }
      if (c[1] != null) {
        e.put("dist", (String) c[1]);
      }
      CrashEvent ev = decode(Fixtures.message(e, Map.of("app_id", "attr.app")));
      assertEquals(c[2], ev.app(), String.valueOf(c[0]));
    }
  }

  @Test
  void alternateSdkFormsAreAccepted() throws Exception {
    CrashEvent e = decode(Fixtures.message("alternate-forms-event.json"));
    assertEquals("0000000000000000000000000000abcd", e.eventId());
    assertEquals(1714564800500L, e.timestampMillis(), "seconds as a numeric string");
    assertEquals(new AppInfo(null, "2.0.0", null, null, null), e.app());
    assertEquals(Map.of("k1", "v1", "k2", "2"), e.tags());
    assertEquals("E", e.exceptions().get(0).type(), "exception as a bare list");
    assertEquals(3, e.exceptions().get(0).frames().get(0).lineno());
    assertEquals(new CrashThread(null, "main", false, false, false, null,
        List.of(new Frame("g", null, null, null, null, null, null, null, null, null, null, null,
            null, null)), 0), e.threads().get(0), "a symbolic thread id becomes the name");
    assertEquals(1714564790000L, e.breadcrumbs().get(0).timestampMillis());
    assertEquals("plain message string", e.message());
    assertEquals("error", e.level(), "default level");
  }

  @Test
  void scrubbingOffKeepsUserEmailAndAddresses() throws Exception {
    EventDecoder raw = new EventDecoder(new DecodeLimits(1 << 20, 1 << 20, 100, 10_000, 250,
        java.time.Duration.ofDays(30), java.time.Duration.ofDays(1), false));
    CrashEvent e = raw.decode(Fixtures.message("android-java.json"), RECEIVED).event();
    assertEquals(new UserInfo("u-1842", null, "player@example.com", "203.0.113.7"), e.user());
    assertEquals("Could not load level 42 for player@example.com",
        e.exceptions().get(1).value());
    assertEquals("GET https://10.1.2.3/levels/42 failed", e.breadcrumbs().get(1).message());
  }

  @Test
  void hardwareFactsAndNsErrorsAreRead() throws Exception {
    CrashEvent max = decode(Fixtures.message("maximal-event.json"));
    assertEquals(new GameHardware(8L, 3200L, 7629L, 8192L, 4660L, 0x106bL, "Metal 3", 50L, 16384L,
        "Basic, Copy3D, DifferentTypes", "2388x1668", "264"), max.engine().hardware());
    Mechanism m = max.exceptions().get(0).mechanism();
    assertEquals("NSURLErrorDomain", m.nsErrorDomain());
    assertEquals(-1009L, m.nsErrorCode());
    assertTrue(m.isNsError());

    CrashEvent alt = decode(Fixtures.message("alternate-forms-event.json"));
    GameHardware h = alt.engine().hardware();
    assertEquals("1080x2400", h.screenSizePx(), "pixel counts when screen_resolution is no size");
    assertEquals(45L, h.graphicsShaderLevel(), "a number is taken as it is");
    assertNull(h.graphicsDeviceId(), "a GPU id that is no number is left out, not an error");
    assertFalse(alt.exceptions().get(0).mechanism().isNsError(), "an empty ns_error is no NSError");
  }

  @Test
  void scrubbingMasksPiiInMessagesValuesAndBreadcrumbs() throws Exception {
    CrashEvent e = decode(Fixtures.message("maximal-event.json"));
    assertEquals("Abort from [ip] by [email]", e.exceptions().get(0).value());
    assertEquals(new UserInfo("user-7", "[email]", null, null), e.user());
    assertEquals("connect to [ip] failed", e.breadcrumbs().get(0).message());
    assertEquals("[ip]", e.breadcrumbs().get(0).data().get("host"));
  }

  @Test
  void collectionsAreImmutableAndTheEventSurvivesJavaSerialization() throws Exception {
    CrashEvent e = decode(Fixtures.message("android-java.json"));
    assertThrows(UnsupportedOperationException.class, () -> e.exceptions().add(null));
    assertThrows(UnsupportedOperationException.class, () -> e.tags().put("x", "y"));
    assertThrows(UnsupportedOperationException.class,
        () -> e.breadcrumbs().get(0).data().put("x", "y"));
    assertThrows(UnsupportedOperationException.class,
        () -> e.exceptions().get(0).frames().clear());

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(e);
    }
    try (ObjectInputStream in = new ObjectInputStream(
        new ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(e, in.readObject());
    }
  }

  @Test
  void decodingIsDeterministicAcrossDecoderInstances() throws Exception {
    RawMessage m = Fixtures.message("maximal-event.json");
    CrashEvent a = decode(m);
    CrashEvent b = new EventDecoder(DecodeLimits.defaults()).decode(m, RECEIVED).event();
    assertEquals(a, b);
    assertFalse(a.tags().isEmpty());
  }
}
