package dev.crashflow.grouping;

import dev.crashflow.model.FileNames;
import dev.crashflow.model.Frame;
import java.util.List;
import java.util.Locale;

/**
 * Who owns a frame's code, as in the Crashlytics export's {@code blame_frame.owner}: the app's
 * developers, a third-party vendor (SDKs, libraries shipped in the app), the language runtime
 * (Java/Kotlin libraries, ART, libc++, the Objective-C and Swift runtimes, Mono/IL2CPP), the
 * platform (Android and iOS frameworks, game engines) or the system (C library, kernel, dynamic
 * linker, device drivers). In-app frames are the developer's; the rest is decided by module or
 * library name.
 */
public enum FrameOwner {
  DEVELOPER, VENDOR, RUNTIME, PLATFORM, SYSTEM;

  private static final List<String> JVM_RUNTIME = List.of("java.", "javax.", "jdk.", "sun.",
      "com.sun.", "kotlin.", "kotlinx.", "dalvik.", "libcore.", "org.apache.harmony.", "scala.");
  private static final List<String> JVM_PLATFORM = List.of("android.", "androidx.", "com.android.",
      "com.google.android.", "org.chromium.");
  private static final List<String> CSHARP_RUNTIME = List.of("System.", "Mono.", "Microsoft.");
  private static final List<String> CSHARP_PLATFORM = List.of("UnityEngine.", "UnityEditor.", "Unity.");
  private static final List<String> NATIVE_SYSTEM = List.of("libc.so", "libm.so", "libdl.so",
      "liblog.so", "linker", "linker64", "libpthread.so", "ld-linux", "libsystem_", "libdyld.dylib",
      "libdispatch.dylib", "ntdll.dll", "kernel32.dll", "kernelbase.dll", "[vdso]", "linux-gate.so",
      "libc.so.6", "libgles", "libegl", "libvulkan");
  private static final List<String> NATIVE_RUNTIME = List.of("libart", "libdvm.so", "libc++",
      "libstdc++", "libc++abi", "libobjc", "libswift", "libmono", "libil2cpp.so", "libgcc_s",
      "libunwind", "libcoreclr", "vcruntime", "msvcp", "ucrtbase", "libclang_rt");
  private static final List<String> NATIVE_PLATFORM_FILES = List.of("libunity.so", "unityplayer.dll",
      "libue4.so", "libunreal.so", "libandroid_runtime.so", "libhwui.so", "libgui.so", "libbinder.so",
      "libutils.so", "uikitcore", "foundation", "corefoundation", "libmain.so");
  private static final List<String> NATIVE_PLATFORM_DIRS = List.of("/system/", "/apex/",
      "/usr/lib/", "/developer/", "/library/developer/", "c:/windows/");
  private static final List<String> NATIVE_SYSTEM_DIRS = List.of("/vendor/", "/odm/",
      "/system/vendor/", "/usr/lib/system/");

  /**
   * The owner of a frame.
   *
   * @param inApp the frame's in-app flag after stack rules
   * @param eventPlatform the event's SDK platform, for frames that name none
   */
  public static FrameOwner of(Frame f, boolean inApp, String eventPlatform) {
    if (inApp) {
      return DEVELOPER;
    }
    String family = Families.of(f, Families.ofPlatform(eventPlatform));
    String pkg = f.pkg() == null ? null : f.pkg().toLowerCase(Locale.ROOT).replace('\\', '/');
    return classify(family, f.module(), pkg);
  }

  /** The owner of a frame that is not in-app, from its family, module and lower-case package. */
  static FrameOwner classify(String family, String module, String pkgLower) {
    switch (family) {
      case Families.JVM:
        return module == null ? VENDOR : startsWithAny(module, JVM_RUNTIME) ? RUNTIME
            : startsWithAny(module, JVM_PLATFORM) ? PLATFORM : VENDOR;
      case Families.CSHARP:
        return module == null ? VENDOR : startsWithAny(module, CSHARP_RUNTIME) ? RUNTIME
            : startsWithAny(module, CSHARP_PLATFORM) ? PLATFORM : VENDOR;
      case Families.NATIVE:
        return pkgLower == null ? VENDOR : nativeOwner(pkgLower);
      default:
        return VENDOR;
    }
  }

  private static FrameOwner nativeOwner(String pkg) {
    String file = FileNames.baseName(pkg);
    if (startsWithAny(file, NATIVE_SYSTEM) || startsWithAny(pkg, NATIVE_SYSTEM_DIRS)) {
      return SYSTEM;
    }
    if (startsWithAny(file, NATIVE_RUNTIME)) {
      return RUNTIME;
    }
    if (startsWithAny(file, NATIVE_PLATFORM_FILES) || startsWithAny(pkg, NATIVE_PLATFORM_DIRS)) {
      return PLATFORM;
    }
    return VENDOR;
  }

  private static boolean startsWithAny(String s, List<String> prefixes) {
    for (String p : prefixes) {
      if (s.startsWith(p)) {
        return true;
      }
    }
    return false;
  }
}
