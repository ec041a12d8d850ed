package dev.crashflow.grouping;

import static dev.crashflow.grouping.GroupingEvents.cs;
import static dev.crashflow.grouping.GroupingEvents.event;
import static dev.crashflow.grouping.GroupingEvents.exception;
import static dev.crashflow.grouping.GroupingEvents.jvm;
import static dev.crashflow.grouping.GroupingEvents.nat;
import static dev.crashflow.grouping.GroupingEvents.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.Frame;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tricky inputs in the spirit of Sentry's grouping test suite ({@code grouping_inputs}), written
 * for the mobile, game and native platforms crashflow serves: pairs that must share an issue
 * because only generated names, runtime plumbing, builds or devices differ, and pairs that must not.
 */
class GroupingInputsTest {
  private final Fingerprinter fp = new Fingerprinter();

  private String issue(String platform, String type, List<Frame> frames) {
    return fp.group(one(platform, type, "x", frames)).issueId();
  }

  @Test
  void guiceCglibAndJavassistEnhancersAreOneClass() {
    assertEquals(
        issue("java", "E", List.of(jvm("com.example.api.Controller$$EnhancerByGuice$$ae46b1bf", "handle", true),
            jvm("com.example.Dao_$$_javassist_17", "find", true),
            jvm("com.example.User$HibernateProxy$Qx7Tz1", "getName", true))),
        issue("java", "E", List.of(jvm("com.example.api.Controller$$EnhancerByGuice$$0c3d9e21", "handle", true),
            jvm("com.example.Dao_$$_javassist_42", "find", true),
            jvm("com.example.User$HibernateProxy$Bb01Lm", "getName", true))));
  }

  @Test
  void reflectionBeforeAndAfterInflationIsTheSameCall() {
    Frame caller = jvm("com.example.Router", "dispatch", false);
    Frame target = jvm("com.example.Handlers", "onPurchase", false);
    assertEquals(
        issue("java", "E", List.of(caller, jvm("jdk.internal.reflect.NativeMethodAccessorImpl", "invoke0", false),
            jvm("jdk.internal.reflect.DelegatingMethodAccessorImpl", "invoke", false),
            jvm("java.lang.reflect.Method", "invoke", false), target)),
        issue("java", "E", List.of(caller, jvm("jdk.internal.reflect.GeneratedMethodAccessor57", "invoke", false),
            jvm("java.lang.reflect.Method", "invoke", false), target)));
  }

  @Test
  void lambdaAndAnonymousClassNumberingDoesNotSplit() {
    assertEquals(
        issue("java", "E", List.of(jvm("com.example.Shop$$Lambda$12/0x0000000800c0b000", "run", true),
            jvm("com.example.Shop", "lambda$onCreate$0", true), jvm("com.example.Shop$1", "onClick", true),
            jvm("com.example.Shop", "access$000", true))),
        issue("java", "E", List.of(jvm("com.example.Shop$$Lambda$31/0x0000000800d1c440", "run", true),
            jvm("com.example.Shop", "lambda$onCreate$3", true), jvm("com.example.Shop$2", "onClick", true),
            jvm("com.example.Shop", "access$100", true))));
  }

  @Test
  void kotlinCoroutinesOnAnyDispatcherAreOneIssue() {
    List<Frame> io = List.of(jvm("kotlinx.coroutines.scheduling.CoroutineScheduler$Worker", "run", false),
        jvm("kotlinx.coroutines.DispatchedTask", "run", false),
        jvm("kotlin.coroutines.jvm.internal.BaseContinuationImpl", "resumeWith", false),
        jvm("com.example.Repo$load$1", "invokeSuspend", true));
    List<Frame> main = List.of(jvm("android.os.Handler", "dispatchMessage", false),
        jvm("kotlinx.coroutines.DispatchedTask", "run", false),
        jvm("kotlin.coroutines.jvm.internal.BaseContinuationImpl", "resumeWith", false),
        jvm("com.example.Repo$load$2", "invokeSuspend", true));
    assertEquals(issue("java", "E", io), issue("java", "E", main));
    assertEquals("com.example.Repo$load$1.invokeSuspend",
        fp.group(one("java", "E", "x", io)).culprit());
  }

  @Test
  void androidAnrWithoutAppFramesGroupsByTheFramework() {
    List<Frame> anr = List.of(jvm("com.android.internal.os.ZygoteInit", "main", false),
        jvm("android.app.ActivityThread", "main", false), jvm("android.os.Looper", "loop", false),
        jvm("android.os.MessageQueue", "next", false), jvm("android.os.MessageQueue", "nativePollOnce", false));
    List<Frame> coldStart = List.of(jvm("android.app.ActivityThread", "main", false),
        jvm("android.os.Looper", "loop", false), jvm("android.os.MessageQueue", "next", false),
        jvm("android.os.MessageQueue", "nativePollOnce", false));
    List<Frame> layout = List.of(jvm("android.app.ActivityThread", "main", false),
        jvm("android.os.Looper", "loop", false), jvm("android.view.View", "layout", false));
    assertEquals(issue("java", "ApplicationNotResponding", anr), issue("java", "ApplicationNotResponding", coldStart));
    assertNotEquals(issue("java", "ApplicationNotResponding", anr), issue("java", "ApplicationNotResponding", layout));
  }

  @Test
  void chainedExceptionWithInAppFramesOnlyInTheCause() {
    List<Frame> cause = List.of(jvm("com.example.Save", "write", true));
    CrashEvent a = event("app", "java", List.of(exception("java.io.IOException", "disk full", cause),
        exception("java.lang.RuntimeException", "Unable to pause activity", List.of(
            jvm("android.app.ActivityThread", "performPauseActivity", false)))));
    CrashEvent b = event("app", "java", List.of(exception("java.io.IOException", "disk full", cause),
        exception("java.lang.RuntimeException", "Unable to pause activity", List.of(
            jvm("android.app.ActivityThread", "handlePauseActivity", false),
            jvm("android.app.ActivityThread", "performPauseActivity", false)))));
    assertEquals(fp.group(a).issueId(), fp.group(b).issueId());
    assertEquals("com.example.Save.write", fp.group(a).culprit());
  }

  @Test
  void cocoaExceptionsIgnoreTheThrowMachinery() {
    Frame app = nat("/private/var/containers/Bundle/Application/X/Tower.app/Tower", "-[ShopViewController buy:]", true);
    List<Frame> a = List.of(nat("/usr/lib/dyld", "start", false), app,
        nat("/System/Library/Frameworks/CoreFoundation.framework/CoreFoundation", "__exceptionPreprocess", false),
        nat("/usr/lib/libobjc.A.dylib", "objc_exception_throw", false));
    List<Frame> b = List.of(nat("/usr/lib/dyld", "start", false), app,
        nat("/System/Library/Frameworks/CoreFoundation.framework/CoreFoundation", "-[__NSArrayM objectAtIndex:]", false),
        nat("/System/Library/Frameworks/CoreFoundation.framework/CoreFoundation", "__exceptionPreprocess", false),
        nat("/usr/lib/libobjc.A.dylib", "objc_exception_throw", false),
        nat("/usr/lib/libc++abi.dylib", "std::__terminate(void (*)())", false));
    assertEquals(issue("cocoa", "NSRangeException", a), issue("cocoa", "NSRangeException", b));
  }

  @Test
  void nativeAbortsAcrossAndroidVersionsAndCompilerClones() {
    List<Frame> android13 = List.of(nat("libgame.so", "Level::load(char const*) [clone .isra.0]", null),
        nat("/apex/com.android.runtime/lib64/bionic/libc.so", "__assert2", null),
        nat("/apex/com.android.runtime/lib64/bionic/libc.so", "abort", null),
        nat("/apex/com.android.runtime/lib64/bionic/libc.so", "raise", null));
    List<Frame> android9 = List.of(nat("libgame.so", "Level::load(char const*)", null),
        nat("/system/lib64/libc.so", "__assert2", null), nat("/system/lib64/libc.so", "abort", null),
        nat("/system/lib64/libc.so", "tgkill", null), nat("/system/lib64/libc.so", "pthread_kill", null));
    assertEquals(issue("native", "SIGABRT", android13), issue("native", "SIGABRT", android9));
    assertEquals("libgame.so in Level::load", fp.group(one("native", "SIGABRT", "x", android9)).culprit());
  }

  @Test
  void rustPanicsAcrossBuilds() {
    List<Frame> v1 = List.of(nat("libcore_game.so", "game::save::write::h0123456789abcdef", null),
        nat("libcore_game.so", "core::panicking::panic_fmt::h1111111111111111", null),
        nat("libcore_game.so", "std::panicking::begin_panic_handler::h2222222222222222", null));
    List<Frame> v2 = List.of(nat("libcore_game.so", "game::save::write::hfedcba9876543210", null),
        nat("libcore_game.so", "core::panicking::panic_fmt::h3333333333333333", null));
    assertEquals(issue("native", "panic", v1), issue("native", "panic", v2));
  }

  @Test
  void unityIl2cppFramesAndScripts() {
    List<Frame> build1 = List.of(nat("libil2cpp.so", "RuntimeInvoker_TrueVoid_t(void (*)(), MethodInfo const*, void*, void**)", null),
        nat("libil2cpp.so", "PlayerController_Update_mA1B2C3D4E5F60718293A4B5C6D7E8F9012345678", null),
        nat("libil2cpp.so", "Inventory_Use_m0F1E2D3C4B5A69788796A5B4C3D2E1F0A9B8C7D6", null));
    List<Frame> build2 = List.of(nat("libil2cpp.so", "RuntimeInvoker_FalseVoid_t(void (*)(), MethodInfo const*, void*, void**)", null),
        nat("libil2cpp.so", "PlayerController_Update_m99887766554433221100AABBCCDDEEFF00112233", null),
        nat("libil2cpp.so", "Inventory_Use_m1234567890ABCDEF1234567890ABCDEF12345678", null));
    assertEquals(issue("csharp", "SIGSEGV", build1), issue("csharp", "SIGSEGV", build2));
    List<Frame> scripts = List.of(cs("UnityEngine.EventSystems.ExecuteEvents", "Execute"),
        cs("Arena.Shop", "Buy (System.Int32 id)"));
    List<Frame> scripts2 = List.of(cs("UnityEngine.EventSystems.ExecuteEvents", "Execute"),
        cs("UnityEngine.UI.Button", "Press ()"), cs("Arena.Shop", "Buy ()"));
    assertEquals(issue("csharp", "System.NullReferenceException", scripts),
        issue("csharp", "System.NullReferenceException", scripts2));
    assertEquals("Arena.Shop.Buy", fp.group(one("csharp", "E", "x", scripts)).culprit());
  }

  @Test
  void jniStacksIgnoreArtTrampolinesAndInterpreterState() {
    List<Frame> jit = List.of(jvm("com.example.Game", "onFrame", true),
        nat("/apex/com.android.art/lib64/libart.so", "art_quick_generic_jni_trampoline", null),
        nat("libgame.so", "Java_com_example_Game_render", true));
    List<Frame> interpreted = List.of(jvm("com.example.Game", "onFrame", true),
        nat("/apex/com.android.art/lib64/libart.so", "art::interpreter::Execute(art::Thread*)", null),
        nat("/apex/com.android.art/lib64/libart.so", "ExecuteNterpImpl", null),
        nat("/apex/com.android.art/lib64/libart.so", "art_quick_invoke_stub", null),
        nat("libgame.so", "Java_com_example_Game_render", true));
    assertEquals(issue("java", "SIGSEGV", jit), issue("java", "SIGSEGV", interpreted));
  }

  @Test
  void gpuDriversOfDifferentPhonesDoNotSplit() {
    List<Frame> adreno = List.of(nat("/system/lib64/libEGL.so", "eglSwapBuffers", false),
        nat("/vendor/lib64/egl/libGLESv2_adreno.so", "glFlush", false),
        nat("/vendor/lib64/libgsl.so", "gsl_command_issue", false));
    List<Frame> mali = List.of(nat("/system/lib64/libEGL.so", "eglSwapBuffers", false),
        nat("/vendor/lib64/egl/libGLES_mali.so", "glFlush", false));
    assertEquals(issue("native", "SIGSEGV", adreno), issue("native", "SIGSEGV", mali));
  }

  @Test
  void unrealAssertionsBlameTheCaller() {
    List<Frame> a = List.of(nat("libUnreal.so", "AShooterCharacter::Fire()", null),
        nat("libUnreal.so", "FDebug::CheckVerifyFailedImpl(char const*, char const*, int, wchar_t const*, ...)", null),
        nat("libUnreal.so", "FAndroidMisc::RaiseException(unsigned int)", null));
    List<Frame> b = List.of(nat("libUnreal.so", "FEngineLoop::Tick()", null),
        nat("libUnreal.so", "AShooterCharacter::Fire()", null),
        nat("libUnreal.so", "FDebug::CheckVerifyFailedImpl2(char const*, int)", null));
    assertEquals(issue("native", "SIGSEGV", a), issue("native", "SIGSEGV", b));
    assertEquals("libUnreal.so in AShooterCharacter::Fire", fp.group(one("native", "SIGSEGV", "x", b)).culprit());
  }

  @Test
  void differentBugsStayApart() {
    assertNotEquals(issue("java", "E", List.of(jvm("com.example.Shop", "buy", true))),
        issue("java", "E", List.of(jvm("com.example.Shop", "sell", true))));
    assertNotEquals(issue("native", "SIGSEGV", List.of(nat("libgame.so", "Pool<Bullet>::acquire()", null))),
        issue("native", "SIGSEGV", List.of(nat("libgame.so", "Pool<Bullet>::release()", null))));
    assertNotEquals(issue("native", "SIGSEGV", List.of(nat("libgame.so", "tick", null))),
        issue("native", "SIGSEGV", List.of(nat("libaudio.so", "tick", null))));
  }
}
