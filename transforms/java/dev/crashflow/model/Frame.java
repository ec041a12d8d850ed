package dev.crashflow.model;

import java.io.Serializable;

/**
 * One stack frame in the Sentry model. Frames are ordered caller to callee: the last frame of a
 * stack trace is where it crashed. Addresses are kept as the SDK sent them (hex strings).
 */
public record Frame(
    String function,
    String rawFunction,
    String module,
    String filename,
    String absPath,
    Integer lineno,
    Integer colno,
    Boolean inApp,
    String pkg,
    String platform,
    String instructionAddr,
    String symbolAddr,
    String imageAddr,
    String addrMode)
    implements Serializable {

  /** A JVM-style frame, for tests and parsers. */
  public static Frame jvm(String module, String function, String filename, Integer line, Boolean inApp) {
    return new Frame(function, null, module, filename, null, line, null, inApp, null, null, null, null,
        null, null);
  }

  public boolean isInApp() {
    return Boolean.TRUE.equals(inApp);
  }
}
