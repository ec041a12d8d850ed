package dev.crashflow.crashtext;

import java.util.List;

/**
 * What a tombstone says about the device, OS and app, in Sentry's context fields. The build
 * fingerprint ({@code brand/product/device:release/build-id/incremental:type/tags}) gives the
 * brand, the device code name (used as the model: tombstones carry no marketing name), the
 * Android release and the build id; the process name ({@code >>> com.game:remote <<<}) gives the
 * app id.
 */
final class AndroidFacts {
  private static final List<String> APP_DIRS = List.of("/data/app/", "/data/data/", "/data/user/",
      "/mnt/expand/");
  private static final List<String> SYSTEM_DIRS = List.of("/system/", "/apex/", "/vendor/",
      "/product/", "/system_ext/", "/odm/", "/bionic/");

  private AndroidFacts() {}

  static void apply(NativeCrash c, String fingerprint, String arch, String process) {
    c.osName = "Android";
    if (fingerprint != null) {
      String[] parts = fingerprint.split(":");
      String[] device = parts[0].split("/");
      c.deviceBrand = device.length > 0 && !device[0].isBlank() ? device[0] : null;
      c.deviceModel = device.length > 2 ? device[2] : null;
      if (parts.length > 1) {
        String[] release = parts[1].split("/");
        c.osVersion = release[0].isBlank() ? null : release[0];
        c.osBuild = release.length > 1 ? release[1] : null;
      }
    }
    c.deviceArch = androidAbi(arch);
    if (process != null && !process.isBlank()) {
      String p = process.strip();
      // com.game:remote is a second process of the app com.game; daemons keep their path
      c.appId = p.startsWith("/") || p.indexOf(':') < 0 ? p : p.substring(0, p.indexOf(':'));
    }
  }

  /** The Android ABI name Sentry's Android SDK reports for an architecture. */
  static String androidAbi(String arch) {
    switch (arch) {
      case "arm64": return "arm64-v8a";
      case "arm": return "armeabi-v7a";
      default: return arch;
    }
  }

  /**
   * True for the app's own files (installed under {@code /data}), false for the platform's, null
   * when the path says neither.
   */
  static Boolean inApp(String path) {
    for (String dir : APP_DIRS) {
      if (path.startsWith(dir)) {
        return true;
      }
    }
    for (String dir : SYSTEM_DIRS) {
      if (path.startsWith(dir)) {
        return false;
      }
    }
    return null;
  }
}
