package dev.crashflow.crashtext;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What Apple's crash reports (JSON or text) say about the OS, CPU, signals and app code. */
final class AppleFacts {
  private static final Pattern OS = Pattern.compile(
      "^\\s*(.*?)\\s+(\\d+(?:\\.\\d+)*)(?:\\s+\\(([^)]+)\\))?\\s*$");
  private static final Pattern FAULT = Pattern.compile("\\bat (0x[0-9a-fA-F]+)");
  /** Darwin's signal numbers, for reports that name the signal only. */
  private static final Map<String, Integer> SIGNALS = Map.ofEntries(Map.entry("SIGHUP", 1),
      Map.entry("SIGINT", 2), Map.entry("SIGQUIT", 3), Map.entry("SIGILL", 4),
      Map.entry("SIGTRAP", 5), Map.entry("SIGABRT", 6), Map.entry("SIGEMT", 7),
      Map.entry("SIGFPE", 8), Map.entry("SIGKILL", 9), Map.entry("SIGBUS", 10),
      Map.entry("SIGSEGV", 11), Map.entry("SIGSYS", 12), Map.entry("SIGPIPE", 13),
      Map.entry("SIGTERM", 15));

  private AppleFacts() {}

  /**
   * Fills the OS name, version and build from {@code iPhone OS 17.2.1 (21C66)}, {@code macOS
   * 14.2 (23C64)} and the like; "iPhone OS" becomes "iOS", the name Sentry's SDKs send.
   */
  static void os(NativeCrash c, String text) {
    if (text == null) {
      return;
    }
    Matcher m = OS.matcher(text);
    if (!m.matches()) {
      return;
    }
    String name = m.group(1);
    c.osName = name.equalsIgnoreCase("iPhone OS") ? "iOS" : name;
    c.osVersion = m.group(2);
    c.osBuild = m.group(3);
  }

  /** True for macOS, whose reports print {@code Version: short (build)}, unlike iOS's. */
  static boolean isMac(NativeCrash c) {
    String n = c.osName == null ? "" : c.osName.toLowerCase(Locale.ROOT);
    return n.startsWith("macos") || n.startsWith("mac os");
  }

  /** Sentry's architecture name for a report's {@code cpuType} / {@code Code Type}. */
  static String arch(String codeType) {
    if (codeType == null) {
      return null;
    }
    String t = codeType.strip().toUpperCase(Locale.ROOT);
    int space = t.indexOf(' ');
    t = space < 0 ? t : t.substring(0, space); // "ARM-64 (Native)"
    switch (t) {
      case "ARM-64": return "arm64";
      case "ARM-64E": return "arm64e";
      case "ARM": return "armv7";
      case "X86-64": return "x86_64";
      case "X86": return "x86";
      default: return t.toLowerCase(Locale.ROOT);
    }
  }

  static Integer signalNumber(String name) {
    return name == null ? null : SIGNALS.get(name);
  }

  /** The address in {@code KERN_INVALID_ADDRESS at 0x...}, or null. */
  static Long faultAddress(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = FAULT.matcher(text);
    return m.find() ? Long.parseUnsignedLong(m.group(1).substring(2), 16) : null;
  }

  /**
   * True for code shipped in the app bundle, false for the OS's, null when the path says
   * neither.
   */
  static Boolean inApp(String path) {
    if (path == null || path.isEmpty()) {
      return null;
    }
    if (path.startsWith("/System/") || path.startsWith("/usr/") || path.startsWith("/Library/")
        || path.startsWith("/private/preboot/") || path.startsWith("/Developer/")) {
      return false;
    }
    return path.contains(".app/") ? Boolean.TRUE : null;
  }
}
