package dev.crashflow.grouping;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GroupingGlobTest {
  private static boolean m(String glob, String value) {
    return Glob.compile(glob, false, false).matches(value);
  }

  private static boolean path(String glob, String value) {
    return Glob.compile(glob, true, false).matches(value);
  }

  @Test
  void plainGlobsMatchWholeValues() {
    assertTrue(m("android.*", "android.os.Handler"));
    assertFalse(m("android.*", "androidx.core.View"));
    assertTrue(m("*Exception", "java.io.IOException"));
    assertTrue(m("*sentrycrash*", "sentrycrash_install"));
    assertTrue(m("abort", "abort"));
    assertFalse(m("abort", "abort2"));
    assertFalse(m("Abort", "abort"));
    assertTrue(m("*", ""));
    assertTrue(m("std::*::at", "std::__ndk1::vector<T>::at"));
    assertTrue(m("f?o", "foo"));
    assertFalse(m("f?o", "fooo"));
  }

  @Test
  void classesAndEscapes() {
    assertTrue(m("?[[]Sentry*", "-[SentryClient capture]"));
    assertTrue(m("lib[!x]*.so", "libc.so"));
    assertFalse(m("lib[!c]*.so", "libc.so"));
    assertTrue(m("*::\\{dtor\\}", "Foo::{dtor}"));
    assertTrue(m("a.b", "a.b"));
    assertFalse(m("a.b", "axb")); // '.' is literal, not a regex wildcard
    assertTrue(m("(x)+", "(x)+"));
  }

  @Test
  void pathGlobsAreCaseInsensitiveAndStopAtSlashes() {
    assertTrue(path("**/libc.so", "/apex/com.android.runtime/lib64/bionic/libc.so"));
    assertTrue(path("**/libc.so", "libc.so"));
    assertTrue(path("/System/Library/**", "/system/library/Frameworks/UIKitCore.framework/UIKitCore"));
    assertTrue(path("/usr/lib/*.dylib", "/usr/lib/libobjc.A.dylib"));
    assertFalse(path("/usr/lib/*.dylib", "/usr/lib/system/libsystem_kernel.dylib"));
    assertTrue(path("**/libGLES*.so", "/vendor/lib64/egl/libGLESv2_adreno.so"));
    assertTrue(path("c:/windows/**", "C:\\Windows\\System32\\ntdll.dll"));
  }

  @Test
  void caseInsensitiveGlobsForMessages() {
    Glob g = Glob.compile("*timed OUT*", false, true);
    assertTrue(g.matches("Read Timed Out after 30s"));
    assertFalse(g.matches("refused"));
  }

  @Test
  void badOrOverlongPatternsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Glob.compile("", false, false));
    assertThrows(IllegalArgumentException.class,
        () -> Glob.compile("a".repeat(Glob.MAX_LENGTH + 1), false, false));
  }

  @Test
  void pathologicalPatternsRunInLinearTime() {
    // A backtracking engine needs exponential time here; RE2 finishes at once.
    Glob g = Glob.compile("*a*a*a*a*a*a*a*a*a*a*a*a*b", false, false);
    assertFalse(g.matches("a".repeat(50_000)));
    assertTrue(g.matches("a".repeat(50_000) + "b"));
  }
}
