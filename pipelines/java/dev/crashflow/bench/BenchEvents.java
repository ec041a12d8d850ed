package dev.crashflow.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.crashflow.bench.BenchApp.Bug;
import dev.crashflow.bench.BenchApp.Kind;
import dev.crashflow.bench.BenchApp.Release;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

/**
 * Writes one benchmark crash event as its SDK would send it: Sentry Java (obfuscated JVM frames
 * and a proguard image), sentry-native on Android (unnamed frames in {@code libgame.so} at a
 * random load address), sentry-cocoa ({@code <redacted>} frames in the app binary, numeric
 * timestamps) or the Unity SDK (C# frames, no symbols needed), with the device, OS, app
 * contexts, tags and breadcrumbs that make real events about 4 KB.
 */
final class BenchEvents {
  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter OFFSET =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx").withZone(ZoneOffset.UTC);
  private static final String[] MODELS = {"SM-A155F", "CPH2449", "Pixel 8", "moto g54", "2201117TG"};
  private static final String[] LOCALES = {"en_US", "fr_FR", "de_DE", "ja_JP", "pt_BR", "es_ES"};
  private static final String[] SCREENS = {"MainMenu", "Level", "Shop", "Settings", "Lobby", "Match"};

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(8192);

  /** The event's JSON bytes. */
  byte[] event(BenchApp app, Release rel, Bug bug, String eventId, long millis, Random r)
      throws IOException {
    buffer.reset();
    try (JsonGenerator g = JSON.createGenerator(buffer)) {
      g.writeStartObject();
      g.writeStringField("event_id", eventId);
      timestamp(g, "timestamp", bug.kind(), millis);
      g.writeStringField("platform", switch (bug.kind()) {
        case JVM -> "java";
        case NDK -> "native";
        case IOS -> "cocoa";
        case UNITY -> "csharp";
      });
      g.writeStringField("level", "fatal");
      g.writeStringField("release", app.id + "@" + rel.version() + "+" + rel.build());
      g.writeStringField("dist", Integer.toString(rel.build()));
      g.writeStringField("environment", "production");
      g.writeObjectFieldStart("sdk");
      g.writeStringField("name", switch (bug.kind()) {
        case JVM -> "sentry.java.android";
        case NDK -> "sentry.native.android";
        case IOS -> "sentry.cocoa";
        case UNITY -> "sentry.dotnet.unity";
      });
      g.writeStringField("version", "8.13.2");
      g.writeEndObject();
      String user = new java.util.UUID(app.index * 1_000_003L, r.nextInt(5000)).toString();
      g.writeObjectFieldStart("user");
      g.writeStringField("id", user);
      g.writeEndObject();
      contexts(g, app, rel, bug.kind() == Kind.IOS, user, millis, r);
      g.writeObjectFieldStart("tags");
      g.writeStringField("game_level", Integer.toString(1 + r.nextInt(300)));
      g.writeStringField("locale", LOCALES[r.nextInt(LOCALES.length)]);
      g.writeStringField("store", bug.kind() == Kind.IOS ? "app_store" : "google_play");
      g.writeEndObject();
      breadcrumbs(g, bug.kind(), millis, r);
      g.writeObjectFieldStart("exception");
      g.writeArrayFieldStart("values");
      g.writeStartObject();
      g.writeStringField("type", bug.type());
      g.writeStringField("value", bug.value());
      g.writeObjectFieldStart("mechanism");
      g.writeStringField("type", bug.kind() == Kind.JVM ? "UncaughtExceptionHandler" : "signalhandler");
      g.writeBooleanField("handled", false);
      g.writeEndObject();
      g.writeObjectFieldStart("stacktrace");
      g.writeArrayFieldStart("frames");
      long base = 0x7000000000L + ((long) r.nextInt(1 << 20) << 12);
      switch (bug.kind()) {
        case JVM -> jvmFrames(g, app, bug, r);
        case NDK -> nativeFrames(g, bug, base, androidPath(app, r), "libgame.so");
        case IOS -> nativeFrames(g, bug, base, "/private/var/containers/Bundle/Application/"
            + new java.util.UUID(r.nextLong(), app.index).toString().toUpperCase()
            + "/BenchGame.app/BenchGame", "BenchGame");
        case UNITY -> unityFrames(g, bug, r);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
      debugMeta(g, rel, bug.kind(), base);
      g.writeEndObject();
    }
    return buffer.toByteArray();
  }

  /** Each SDK's own timestamp style: ISO millis, ISO micros, epoch seconds, ISO with offset. */
  static void timestamp(JsonGenerator g, String field, Kind kind, long millis) throws IOException {
    switch (kind) {
      case JVM -> g.writeStringField(field, Instant.ofEpochMilli(millis).toString());
      case NDK -> g.writeStringField(field, MICROS.format(Instant.ofEpochMilli(millis)));
      case IOS -> g.writeNumberField(field, new java.math.BigDecimal(millis).movePointLeft(3));
      case UNITY -> g.writeStringField(field, OFFSET.format(Instant.ofEpochMilli(millis)));
    }
  }

  private static void contexts(JsonGenerator g, BenchApp app, Release rel, boolean ios,
      String user, long millis, Random r) throws IOException {
    g.writeObjectFieldStart("contexts");
    g.writeObjectFieldStart("device");
    String model = ios ? "iPhone16,1" : MODELS[r.nextInt(MODELS.length)];
    g.writeStringField("family", ios ? "iOS" : model);
    g.writeStringField("model", model);
    g.writeStringField("model_id", ios ? "D83AP" : "UP1A.231005.007");
    g.writeStringField("manufacturer", ios ? "Apple" : "samsung");
    g.writeStringField("brand", ios ? "Apple" : "samsung");
    g.writeStringField("arch", ios ? "arm64e" : "arm64-v8a");
    g.writeBooleanField("simulator", false);
    g.writeStringField("orientation", r.nextBoolean() ? "portrait" : "landscape");
    g.writeNumberField("memory_size", 3_700_000_000L + r.nextInt(4) * 1_000_000_000L);
    g.writeNumberField("free_memory", 100_000_000L + r.nextInt(1_000_000_000));
    g.writeNumberField("storage_size", 128_000_000_000L);
    g.writeNumberField("free_storage", 1_000_000_000L + r.nextInt(2_000_000_000));
    g.writeNumberField("battery_level", r.nextInt(101));
    g.writeBooleanField("charging", r.nextBoolean());
    g.writeBooleanField("online", true);
    g.writeStringField("id", user);
    g.writeEndObject();
    g.writeObjectFieldStart("os");
    g.writeStringField("name", ios ? "iOS" : "Android");
    g.writeStringField("version", ios ? "18.1." + r.nextInt(3) : Integer.toString(12 + r.nextInt(4)));
    g.writeStringField("build", ios ? "22B91" : "AP3A.241105.007");
    g.writeStringField("kernel_version", ios ? "Darwin Kernel Version 24.1.0"
        : "6.1.84-android15-8-00005-g1c6e0f3");
    g.writeBooleanField("rooted", false);
    g.writeEndObject();
    g.writeObjectFieldStart("app");
    g.writeStringField("app_identifier", app.id);
    g.writeStringField("app_name", app.name);
    g.writeStringField("app_version", rel.version());
    g.writeStringField("app_build", Integer.toString(rel.build()));
    g.writeStringField("app_start_time", Instant.ofEpochMilli(millis - 60_000 - r.nextInt(3_600_000)).toString());
    g.writeBooleanField("in_foreground", true);
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void breadcrumbs(JsonGenerator g, Kind kind, long millis, Random r)
      throws IOException {
    g.writeObjectFieldStart("breadcrumbs");
    g.writeArrayFieldStart("values");
    int n = 3 + r.nextInt(8);
    for (int i = 0; i < n; i++) {
      g.writeStartObject();
      timestamp(g, "timestamp", kind, millis - (n - i) * 17_000L);
      if (i % 2 == 0) {
        g.writeStringField("type", "navigation");
        g.writeStringField("category", "ui.lifecycle");
        g.writeStringField("level", "info");
        g.writeObjectFieldStart("data");
        g.writeStringField("screen", SCREENS[r.nextInt(SCREENS.length)] + "Activity");
        g.writeStringField("state", "resumed");
        g.writeEndObject();
      } else {
        g.writeStringField("type", "http");
        g.writeStringField("category", "http");
        g.writeStringField("level", "info");
        g.writeObjectFieldStart("data");
        g.writeStringField("url", "https://api.example.com/game/v2/levels/" + r.nextInt(300));
        g.writeStringField("method", "GET");
        g.writeNumberField("status_code", 200);
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static final String[][] ANDROID_MAIN = {
      {"com.android.internal.os.ZygoteInit", "main", "ZygoteInit.java", "895"},
      {"com.android.internal.os.RuntimeInit$MethodAndArgsCaller", "run", "RuntimeInit.java", "578"},
      {"android.app.ActivityThread", "main", "ActivityThread.java", "8771"},
      {"android.os.Looper", "loop", "Looper.java", "326"},
      {"android.os.Looper", "loopOnce", "Looper.java", "241"},
      {"android.os.Handler", "dispatchMessage", "Handler.java", "112"},
      {"android.view.Choreographer$FrameDisplayEventReceiver", "run", "Choreographer.java", "1301"},
      {"android.view.Choreographer", "doFrame", "Choreographer.java", "1060"}};

  private static void jvmFrames(JsonGenerator g, BenchApp app, Bug bug, Random r)
      throws IOException {
    for (String[] f : ANDROID_MAIN) {
      g.writeStartObject();
      g.writeStringField("filename", f[2]);
      g.writeStringField("function", f[1]);
      g.writeStringField("module", f[0]);
      g.writeNumberField("lineno", Integer.parseInt(f[3]));
      g.writeBooleanField("in_app", false);
      g.writeEndObject();
    }
    for (int i = 0; i < bug.frames().length; i++) {
      int m = bug.methods()[i];
      g.writeStartObject();
      g.writeStringField("filename", "SourceFile");
      g.writeStringField("function", BenchSymbols.obfuscatedMethod(m));
      g.writeStringField("module", BenchSymbols.obfuscatedClass(bug.frames()[i]));
      g.writeNumberField("lineno", BenchSymbols.firstMinifiedLine(m) + r.nextInt(BenchSymbols.METHOD_LINES));
      g.writeEndObject();
    }
  }

  private static void nativeFrames(JsonGenerator g, Bug bug, long base, String path,
      String name) throws IOException {
    String[][] system = {{"__start_thread", "libc.so"}, {"__pthread_start(void*)", "libc.so"}};
    for (int i = 0; i < system.length; i++) {
      g.writeStartObject();
      g.writeStringField("function", system[i][0]);
      g.writeStringField("package", "/apex/com.android.runtime/lib64/bionic/" + system[i][1]);
      g.writeStringField("instruction_addr", hex(0x76ff2a8eb0L + i * 0x5b0));
      g.writeEndObject();
    }
    for (int i = 0; i < bug.frames().length; i++) {
      g.writeStartObject();
      if (name.equals("BenchGame")) {
        g.writeStringField("function", "<redacted>");
      }
      g.writeStringField("package", path);
      g.writeStringField("instruction_addr", hex(base
          + BenchSymbols.functionAddress(bug.frames()[i]) + 4 * (1 + bug.methods()[i] * 7)));
      g.writeEndObject();
    }
  }

  private static void unityFrames(JsonGenerator g, Bug bug, Random r) throws IOException {
    String[] areas = {"Player", "Enemy", "UI", "Net", "Save", "Audio"};
    for (int i = 0; i < bug.frames().length; i++) {
      int c = bug.frames()[i];
      String type = "Game." + areas[c % areas.length] + ".Component" + c;
      g.writeStartObject();
      g.writeStringField("function", BenchSymbols.methodName(bug.methods()[i]));
      g.writeStringField("module", type);
      g.writeStringField("package", "Assembly-CSharp");
      g.writeStringField("filename", "Assets/Scripts/" + areas[c % areas.length] + "/Component" + c + ".cs");
      g.writeNumberField("lineno", 10 + r.nextInt(200));
      g.writeBooleanField("in_app", true);
      g.writeEndObject();
    }
  }

  private static void debugMeta(JsonGenerator g, Release rel, Kind kind, long base)
      throws IOException {
    if (kind == Kind.UNITY) {
      return;
    }
    g.writeObjectFieldStart("debug_meta");
    g.writeArrayFieldStart("images");
    g.writeStartObject();
    if (kind == Kind.JVM) {
      g.writeStringField("type", "proguard");
      g.writeStringField("uuid", rel.mappingUuid());
    } else {
      boolean ios = kind == Kind.IOS;
      g.writeStringField("type", ios ? "macho" : "elf");
      g.writeStringField("code_file", ios ? "BenchGame" : "libgame.so");
      g.writeStringField("debug_id", ios ? rel.iosDebugId() : rel.libDebugId());
      g.writeStringField("image_addr", hex(base));
      g.writeNumberField("image_size", BenchSymbols.functionAddress(BenchApp.FUNCTIONS));
      g.writeStringField("arch", "arm64");
    }
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
  }

  private static String androidPath(BenchApp app, Random r) {
    return "/data/app/~~" + Long.toHexString(r.nextLong()) + "==/" + app.id + "-"
        + Long.toHexString(r.nextLong()) + "==/lib/arm64/libgame.so";
  }

  static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }
}
