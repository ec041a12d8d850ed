package dev.crashflow.grouping;

import dev.crashflow.model.Frame;
import java.util.Locale;

/**
 * The platform family of a frame, which decides how it is read: {@code jvm} (Java, Kotlin,
 * Android), {@code native} (C, C++, Objective-C, Swift, Rust), {@code csharp} (Unity, .NET),
 * {@code javascript}, or {@code other}. A frame's own {@code platform} wins over the event's; a
 * frame with an instruction address and no module in a JVM or C# event is native (NDK, IL2CPP).
 */
final class Families {
  static final String JVM = "jvm";
  static final String NATIVE = "native";
  static final String CSHARP = "csharp";
  static final String JAVASCRIPT = "javascript";
  static final String OTHER = "other";

  private Families() {}

  /** The family of a frame in an event of family {@code eventFamily} ({@link #ofPlatform}). */
  static String of(Frame f, String eventFamily) {
    String family = f.platform() != null ? ofPlatform(f.platform()) : eventFamily;
    if (f.platform() == null && !family.equals(NATIVE) && f.instructionAddr() != null
        && f.module() == null) {
      return NATIVE;
    }
    return family;
  }

  static String ofPlatform(String platform) {
    if (platform == null) {
      return OTHER;
    }
    switch (platform) { // exact spellings first: no allocation on the common path
      case "java":
        return JVM;
      case "native":
      case "cocoa":
        return NATIVE;
      case "csharp":
        return CSHARP;
      default:
        break;
    }
    switch (platform.toLowerCase(Locale.ROOT)) {
      case "java": case "kotlin": case "android": case "jvm": case "scala": case "groovy":
      case "clojure":
        return JVM;
      case "native": case "c": case "cpp": case "cocoa": case "objc": case "swift": case "rust":
      case "ios": case "macos": case "unreal":
        return NATIVE;
      case "csharp": case "unity": case "dotnet":
        return CSHARP;
      case "javascript": case "node": case "react-native":
        return JAVASCRIPT;
      default:
        return OTHER;
    }
  }
}
