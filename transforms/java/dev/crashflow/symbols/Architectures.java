package dev.crashflow.symbols;

import java.util.Locale;

/** Facts about CPU architectures that symbolication needs, in one place. */
public final class Architectures {
  private Architectures() {}

  /**
   * The size of the smallest call instruction: a return address minus this lands inside the call,
   * so a lookup finds the caller's line rather than the next statement's. Android's unwinder
   * prints caller pcs already moved back by this amount.
   */
  public static int callInstructionSize(String arch) {
    String a = arch == null ? "" : arch.toLowerCase(Locale.ROOT);
    if (a.startsWith("arm64") || a.startsWith("aarch64")) {
      return 4;
    }
    if (a.startsWith("arm") || a.startsWith("thumb")) {
      return 2;
    }
    return 1; // x86, x86_64, amd64, i386 and anything unknown
  }
}
