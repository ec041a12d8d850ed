package dev.crashflow.samples;

import static dev.crashflow.samples.SampleKit.arr;
import static dev.crashflow.samples.SampleKit.obj;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The people and devices behind the sample events: apps with their releases and rollouts,
 * users with one device and OS each, and the parts of a Sentry event every SDK fills the same
 * way (contexts, user, sdk, tags, breadcrumbs).
 */
final class SamplePopulation {
  /** The corpus covers two UTC days. */
  static final Instant START = Instant.parse("2026-11-20T00:00:00Z");
  static final Duration SPAN = Duration.ofDays(2);

  record Device(String os, String manufacturer, String brand, String model, String modelId,
      String family, long memory, String arch, String gpu, String gpuVendor) {}

  record OsVersion(String name, String version, String build, String kernel) {}

  record User(String userId, String installId, Device device, OsVersion os, String locale) {
    boolean ios() {
      return "iOS".equals(os.name());
    }
  }

  /** A release; {@code rampFrom} set means it rolls out from then on over 18 hours. */
  record Release(String version, int build, double weight, Instant rampFrom) {}

  enum TimeStyle { MILLIS, MICROS, UNIX_SECONDS, DOTNET }

  record App(String id, String name, String sdkPlatform, String sdkName, String sdkVersion,
      TimeStyle timeStyle, List<Release> releases, List<User> users,
      List<Function<SampleKit, ObjectNode>> crumbs) {
    String release(Release r) {
      return id + "@" + r.version() + "+" + r.build();
    }

    boolean unity() {
      return sdkName.endsWith("unity");
    }
  }

  /**
   * One bug of an app: how many events it produces, on which versions (empty: all) and for which
   * users, and the part of the event it shapes (exception, threads, debug_meta, level).
   */
  record Bug(App app, String key, int count, List<String> versions, Predicate<User> who,
      Function<Ctx, ObjectNode> body) {
    Bug(App app, String key, int count, List<String> versions, Function<Ctx, ObjectNode> body) {
      this(app, key, count, versions, u -> true, body);
    }
  }

  /** Everything a bug needs to shape one event. */
  record Ctx(SampleKit kit, App app, User user, Release release, Instant time) {
    String version() {
      return release.version();
    }
  }

  static final List<Device> ANDROID_DEVICES = List.of(
      new Device("Android", "samsung", "samsung", "SM-S918B", "UP1A.231005.007", "SM-S918B",
          11_800_000_000L, "arm64-v8a", "Adreno (TM) 740", "Qualcomm"),
      new Device("Android", "samsung", "samsung", "SM-A546B", "UP1A.231005.007", "SM-A546B",
          7_600_000_000L, "arm64-v8a", "Mali-G68", "ARM"),
      new Device("Android", "samsung", "samsung", "SM-A155F", "UP1A.231005.007", "SM-A155F",
          3_700_000_000L, "arm64-v8a", "Mali-G57 MC2", "ARM"),
      new Device("Android", "Google", "google", "Pixel 7", "AP3A.241105.007", "Pixel",
          7_700_000_000L, "arm64-v8a", "Mali-G710", "ARM"),
      new Device("Android", "Google", "google", "Pixel 8 Pro", "AP3A.241105.007", "Pixel",
          11_900_000_000L, "arm64-v8a", "Mali-G715", "ARM"),
      new Device("Android", "Xiaomi", "Redmi", "2201117TG", "TKQ1.221114.001", "2201117TG",
          3_800_000_000L, "arm64-v8a", "Adreno (TM) 610", "Qualcomm"),
      new Device("Android", "OnePlus", "OnePlus", "CPH2449", "TP1A.220905.001", "CPH2449",
          15_600_000_000L, "arm64-v8a", "Adreno (TM) 740", "Qualcomm"),
      new Device("Android", "motorola", "motorola", "moto g54 5G", "U1TDS34.94-12-7", "moto",
          7_800_000_000L, "arm64-v8a", "PowerVR BXM-8-256", "Imagination Technologies"));

  static final List<Device> IOS_DEVICES = List.of(
      new Device("iOS", "Apple", "Apple", "iPhone14,5", "D17AP", "iOS", 3_900_000_000L, "arm64e",
          "Apple A15 GPU", "Apple"),
      new Device("iOS", "Apple", "Apple", "iPhone15,2", "D73AP", "iOS", 5_900_000_000L, "arm64e",
          "Apple A16 GPU", "Apple"),
      new Device("iOS", "Apple", "Apple", "iPhone16,1", "D83AP", "iOS", 7_800_000_000L, "arm64e",
          "Apple A17 Pro GPU", "Apple"),
      new Device("iOS", "Apple", "Apple", "iPhone12,1", "N104AP", "iOS", 3_800_000_000L, "arm64e",
          "Apple A13 GPU", "Apple"),
      new Device("iOS", "Apple", "Apple", "iPad13,18", "J271AP", "iPadOS", 3_900_000_000L,
          "arm64e", "Apple A14 GPU", "Apple"));

  static final List<OsVersion> ANDROID_VERSIONS = List.of(
      new OsVersion("Android", "12", "SP1A.210812.016", "5.10.149-android12-9-00001-g2a5b7e1"),
      new OsVersion("Android", "13", "TP1A.220624.014", "5.10.177-android13-4-00003-g8c0b1d7"),
      new OsVersion("Android", "14", "UP1A.231005.007", "5.15.123-android14-11-00012-gb35f2e6"),
      new OsVersion("Android", "14", "UP1A.231005.007", "5.15.123-android14-11-00012-gb35f2e6"),
      new OsVersion("Android", "15", "AP3A.241105.007", "6.1.84-android15-8-00005-g1c6e0f3"));

  static final List<OsVersion> IOS_VERSIONS = List.of(
      new OsVersion("iOS", "17.6.1", "21G93", "Darwin Kernel Version 23.6.0"),
      new OsVersion("iOS", "18.0.1", "22A3370", "Darwin Kernel Version 24.0.0"),
      new OsVersion("iOS", "18.1", "22B83", "Darwin Kernel Version 24.1.0"),
      new OsVersion("iOS", "18.1.1", "22B91", "Darwin Kernel Version 24.1.0"),
      new OsVersion("iOS", "18.1.1", "22B91", "Darwin Kernel Version 24.1.0"));

  private SamplePopulation() {}

  /** A pool of users; {@code iosShare} of them on iPhones, the rest on Android phones. */
  static List<User> users(SampleKit kit, String idStyle, int count, double iosShare) {
    List<User> users = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      boolean ios = kit.chance(iosShare);
      Device device = kit.pick(ios ? IOS_DEVICES : ANDROID_DEVICES);
      OsVersion os = kit.pick(ios ? IOS_VERSIONS : ANDROID_VERSIONS);
      String install = ios ? kit.uuid().toUpperCase(Locale.ROOT) : kit.uuid();
      String userId = switch (idStyle) {
        case "install" -> install;
        case "player" -> "p_" + kit.between(10_000_000, 99_999_999);
        default -> idStyle + kit.between(100_000, 999_999);
      };
      users.add(new User(userId, install, device, os,
          kit.pick(List.of("en_US", "en_GB", "de_DE", "fr_FR", "ja_JP", "pt_BR", "es_ES"))));
    }
    return users;
  }

  /** Heavy-tailed: a few users crash again and again, most once. */
  static User pickUser(SampleKit kit, App app) {
    double u = kit.rng.nextDouble();
    return app.users().get((int) (app.users().size() * Math.pow(u, 1.8)));
  }

  /** A moment in the two days, busier in the (UTC) evening, as players are. */
  static Instant pickTime(SampleKit kit) {
    while (true) {
      long ms = (long) (kit.rng.nextDouble() * SPAN.toMillis());
      Instant t = START.plusMillis(ms);
      double hour = (ms / 3_600_000.0) % 24;
      double activity = 0.55 + 0.45 * Math.sin((hour - 13) / 24 * 2 * Math.PI);
      if (kit.rng.nextDouble() < activity) {
        return t;
      }
    }
  }

  /** The release a user runs at {@code t}, among {@code allowed} versions; null if none yet. */
  static Release pickRelease(SampleKit kit, App app, Instant t, List<String> allowed) {
    double total = 0;
    double[] w = new double[app.releases().size()];
    for (int i = 0; i < w.length; i++) {
      Release r = app.releases().get(i);
      if (!allowed.isEmpty() && !allowed.contains(r.version())) {
        continue;
      }
      double share = 1;
      if (r.rampFrom() != null) {
        double hours = Duration.between(r.rampFrom(), t).toMinutes() / 60.0;
        share = hours <= 0 ? 0 : Math.min(1, hours / 18);
      }
      w[i] = r.weight() * share;
      total += w[i];
    }
    if (total == 0) {
      return null;
    }
    double x = kit.rng.nextDouble() * total;
    for (int i = 0; i < w.length; i++) {
      x -= w[i];
      if (x < 0 && w[i] > 0) {
        return app.releases().get(i);
      }
    }
    return app.releases().get(w.length - 1);
  }

  static Object timestamp(App app, Instant t) {
    return switch (app.timeStyle()) {
      case MILLIS -> SampleKit.isoMillis(t);
      case MICROS -> SampleKit.isoMicros(t);
      case UNIX_SECONDS -> SampleKit.unixSeconds(t);
      case DOTNET -> SampleKit.isoDotnet(t);
    };
  }

  /** The fields every SDK fills; bugs add exception, threads and debug_meta. */
  static ObjectNode baseEvent(Ctx c, String level) {
    SampleKit kit = c.kit();
    App app = c.app();
    User u = c.user();
    ObjectNode contexts = obj(
        "device", device(c),
        "os", obj("name", u.os().name(), "version", u.os().version(), "build", u.os().build(),
            "kernel_version", u.os().kernel(), "rooted", kit.chance(0.03)),
        "app", obj("app_identifier", app.id(), "app_name", app.name(),
            "app_version", c.version(), "app_build", String.valueOf(c.release().build()),
            "app_start_time",
            SampleKit.isoMillis(c.time().minusSeconds(kit.between(4, 2400))),
            "in_foreground", kit.chance(0.93)));
    if (app.unity()) {
      String engine = "2022.3.50f1";
      contexts.set("runtime", obj("name", "Unity", "version", engine));
      contexts.set("unity", obj("type", "unity", "editor_version", engine,
          "install_mode", "Store", "target_frame_rate", "60",
          "copy_texture_support", "Basic, Copy3D, DifferentTypes, TextureToRT, RTToTexture",
          "rendering_threading_mode", "MultiThreaded"));
      contexts.set("gpu", obj("name", u.device().gpu(), "vendor_name", u.device().gpuVendor(),
          "api_type", u.ios() ? "Metal" : kit.chance(0.7) ? "Vulkan" : "OpenGLES3",
          "memory_size", u.ios() ? 2048 : 1024, "multi_threaded_rendering", true,
          "graphics_shader_level", 50));
    }
    ObjectNode e = obj(
        "event_id", kit.eventId(),
        "timestamp", timestamp(app, c.time()),
        "platform", app.sdkPlatform(),
        "level", level,
        "release", app.release(c.release()),
        "dist", String.valueOf(c.release().build()),
        "environment", "production",
        "sdk", obj("name", app.sdkName(), "version", app.sdkVersion()),
        "user", obj("id", u.userId()),
        "contexts", contexts,
        "tags", obj("game_level", String.valueOf(kit.between(1, 240)),
            "locale", u.locale(),
            "store", u.ios() ? "app_store" : "google_play"));
    e.set("breadcrumbs", obj("values", breadcrumbs(c)));
    return e;
  }

  private static ObjectNode device(Ctx c) {
    SampleKit kit = c.kit();
    Device d = c.user().device();
    long freeMem = d.memory() / 100 * kit.between(4, 40);
    long storage = kit.pick(List.of(64L, 128L, 256L)) * 1_000_000_000L;
    return obj("family", d.family(), "model", d.model(), "model_id", d.modelId(),
        "manufacturer", d.manufacturer(), "brand", d.brand(), "arch", d.arch(),
        "simulator", false,
        "orientation", c.app().id().endsWith("puzzle") ? "portrait" : "landscape",
        "memory_size", d.memory(), "free_memory", freeMem,
        "storage_size", storage, "free_storage", storage / 100 * kit.between(2, 60),
        "battery_level", kit.between(5, 100), "charging", kit.chance(0.2),
        "online", kit.chance(0.9), "id", c.user().installId());
  }

  private static ArrayNode breadcrumbs(Ctx c) {
    SampleKit kit = c.kit();
    int n = kit.between(2, 5);
    List<ObjectNode> crumbs = new ArrayList<>();
    // Crumbs end before the crash: at most 4 steps of 50 s after a start 250 s or more back.
    Instant t = c.time().minusSeconds(kit.between(250, 900));
    for (int i = 0; i < n; i++) {
      ObjectNode b = kit.pick(c.app().crumbs()).apply(kit);
      ObjectNode stamped = obj("timestamp", timestamp(c.app(), t));
      stamped.setAll(b);
      crumbs.add(stamped);
      t = t.plusSeconds(kit.between(1, 50));
    }
    return arr(crumbs);
  }
}
