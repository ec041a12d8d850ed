package dev.crashflow.decode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crashflow.model.AppInfo;
import dev.crashflow.model.DeviceInfo;
import dev.crashflow.model.EngineInfo;
import dev.crashflow.model.GameHardware;
import dev.crashflow.model.OsInfo;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Normalises {@code contexts} (os, device, app, unity, runtime, gpu) and {@code release} into the
 * model's app, OS, device and engine facts, and derives the platform (OS family).
 */
final class ContextReader {
  /** The context objects read and the fields read in each. Kept in step with the schema by test. */
  static final Map<String, Set<String>> CONTEXT_FIELDS = Map.of(
      "os", Set.of("name", "version", "build", "kernel_version", "rooted"),
      "device", Set.of("id", "model", "manufacturer", "brand", "family", "arch", "archs",
          "orientation", "memory_size", "free_memory", "storage_size", "free_storage",
          "simulator", "processor_type", "cpu_description", "processor_count",
          "processor_frequency", "screen_resolution", "screen_width_pixels",
          "screen_height_pixels", "screen_dpi"),
      "app", Set.of("app_identifier", "app_version", "app_build", "app_name", "in_foreground"),
      "unity", Set.of("unity_version", "editor_version", "install_mode", "copy_texture_support"),
      "runtime", Set.of("name", "version"),
      "gpu", Set.of("name", "vendor_name", "api_type", "id", "vendor_id", "version",
          "memory_size", "graphics_shader_level", "max_texture_size"));

  /** Platform values, the OS families crashflow knows; anything else is {@code UNKNOWN}. */
  static final Set<String> PLATFORMS =
      Set.of("ANDROID", "IOS", "MACOS", "TVOS", "WATCHOS", "VISIONOS", "WINDOWS", "LINUX",
          "UNKNOWN");

  /** Runtime names that are game engines (other runtimes, e.g. a JVM, are not engine facts). */
  private static final Set<String> ENGINES = Set.of("unity", "unreal", "godot", "cocos", "defold");

  private ContextReader() {}

  /** {@code pkg@version+build}; without {@code @} the release is just a version. */
  record Release(String appId, String version, String build) {
    static Release parse(String release) {
      if (release == null || release.isBlank()) {
        return new Release(null, null, null);
      }
      String r = release.trim();
      int at = r.indexOf('@', 1); // npm-style "@scope/pkg@1.0" keeps its leading @
      String appId = at > 0 ? r.substring(0, at) : null;
      String rest = at > 0 ? r.substring(at + 1) : r;
      int plus = rest.indexOf('+');
      String version = plus >= 0 ? rest.substring(0, plus) : rest;
      String build = plus >= 0 ? rest.substring(plus + 1) : null;
      return new Release(blankToNull(appId), blankToNull(version), blankToNull(build));
    }
  }

  static AppInfo app(Release release, String dist, JsonObj app, String appIdAttribute)
      throws DecodeException {
    String identifier = app == null ? null : app.str("app_identifier");
    String version = app == null ? null : app.str("app_version");
    String build = app == null ? null : app.str("app_build");
    return new AppInfo(
        first(release.appId(), identifier, appIdAttribute),
        first(release.version(), version),
        first(dist, release.build(), build),
        app == null ? null : app.str("app_name"),
        app == null ? null : app.bool("in_foreground"));
  }

  static OsInfo os(JsonObj os) throws DecodeException {
    if (os == null) {
      return OsInfo.EMPTY;
    }
    return new OsInfo(os.str("name"), os.str("version"), os.str("build"),
        os.str("kernel_version"), os.bool("rooted"));
  }

  static DeviceInfo device(JsonObj d) throws DecodeException {
    if (d == null) {
      return DeviceInfo.EMPTY;
    }
    String arch = d.str("arch");
    JsonNode archs = d.array("archs"); // Android sends the ABI list, preferred first
    if (arch == null && archs != null && archs.size() > 0 && archs.get(0).isTextual()) {
      arch = archs.get(0).asText();
    }
    return new DeviceInfo(d.str("id"), d.str("model"), d.str("manufacturer"), d.str("brand"),
        d.str("family"), arch, d.str("orientation"), d.lng("memory_size"), d.lng("free_memory"),
        d.lng("storage_size"), d.lng("free_storage"), d.bool("simulator"));
  }

  static EngineInfo engine(JsonObj unity, JsonObj runtime, JsonObj gpu, JsonObj device)
      throws DecodeException {
    String name = null;
    String version = null;
    Boolean debugBuild = null;
    String runtimeName = runtime == null ? null : runtime.str("name");
    String runtimeVersion = runtime == null ? null : runtime.str("version");
    if (unity != null) {
      name = "Unity";
      version = first(unity.str("unity_version"), unity.str("editor_version"),
          "unity".equalsIgnoreCase(runtimeName) ? runtimeVersion : null);
      String mode = unity.str("install_mode");
      if (mode != null && !mode.equalsIgnoreCase("Unknown")) {
        debugBuild = mode.equalsIgnoreCase("DeveloperBuild") || mode.equalsIgnoreCase("Editor");
      }
    } else if (runtimeName != null && ENGINES.stream()
        .anyMatch(e -> runtimeName.toLowerCase(Locale.ROOT).startsWith(e))) {
      name = runtimeName;
      version = runtimeVersion;
    }
    String processor = device == null ? null
        : first(device.str("processor_type"), device.str("cpu_description"));
    EngineInfo e = new EngineInfo(name, version, debugBuild, processor,
        gpu == null ? null : gpu.str("name"),
        gpu == null ? null : gpu.str("vendor_name"),
        gpu == null ? null : gpu.str("api_type"),
        name != null || gpu != null ? GameHardwareReader.read(device, gpu, unity)
            : GameHardware.EMPTY);
    return e.equals(EngineInfo.EMPTY) ? EngineInfo.EMPTY : e;
  }

  /**
   * The OS family from the OS name ({@code Android}, {@code iOS}, ...), or from SDK hints when the
   * event names no known OS, else {@code UNKNOWN}.
   */
  static String platform(String osName, String sdkName, String sdkPlatform) {
    String family = osFamily(osName);
    if (family != null) {
      return family;
    }
    String sdk = sdkName == null ? "" : sdkName.toLowerCase(Locale.ROOT);
    if (sdk.contains("android")) {
      return "ANDROID";
    }
    if (sdk.startsWith("sentry.cocoa") || "cocoa".equalsIgnoreCase(sdkPlatform)) {
      return "IOS";
    }
    return "UNKNOWN";
  }

  /** The family of an OS name or an already-normalised family; null when not known. */
  static String osFamily(String osName) {
    if (osName == null) {
      return null;
    }
    String n = osName.trim().toLowerCase(Locale.ROOT);
    switch (n) {
      case "android":
        return "ANDROID";
      case "ios": case "ipados": case "iphone os":
        return "IOS";
      case "macos": case "mac os x": case "mac os": case "macosx": case "os x":
        return "MACOS";
      case "tvos":
        return "TVOS";
      case "watchos":
        return "WATCHOS";
      case "visionos":
        return "VISIONOS";
      case "linux":
        return "LINUX";
      default:
        return n.startsWith("windows") ? "WINDOWS" : null;
    }
  }

  @SafeVarargs
  static <T> T first(T... values) {
    for (T v : values) {
      if (v != null && !(v instanceof String && ((String) v).isBlank())) {
        return v;
      }
    }
    return null;
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
