package dev.crashflow.grouping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crashflow.model.Frame;
import org.junit.jupiter.api.Test;

/** {@code blame_frame.owner}: who owns the code of a frame. */
class GroupingOwnersTest {
  private static FrameOwner jvm(String module) {
    return FrameOwner.of(Frame.jvm(module, "f", null, 1, false), false, "java");
  }

  private static FrameOwner nat(String pkg) {
    return FrameOwner.of(new Frame("f", null, null, null, null, null, null, false, pkg, "native",
        "0x10", null, "0x0", null), false, "native");
  }

  @Test
  void ownersByModuleAndLibrary() {
    assertEquals(FrameOwner.DEVELOPER, FrameOwner.of(Frame.jvm("com.example.Shop", "buy", null, 1, true), true, "java"));
    assertEquals(FrameOwner.RUNTIME, jvm("java.util.ArrayList"));
    assertEquals(FrameOwner.RUNTIME, jvm("kotlinx.coroutines.DispatchedTask"));
    assertEquals(FrameOwner.PLATFORM, jvm("android.os.Handler"));
    assertEquals(FrameOwner.PLATFORM, jvm("androidx.recyclerview.widget.RecyclerView"));
    assertEquals(FrameOwner.VENDOR, jvm("com.squareup.okhttp3.Call"));
    assertEquals(FrameOwner.SYSTEM, nat("/apex/com.android.runtime/lib64/bionic/libc.so"));
    assertEquals(FrameOwner.SYSTEM, nat("/vendor/lib64/egl/libGLESv2_adreno.so"));
    assertEquals(FrameOwner.SYSTEM, nat("/usr/lib/system/libsystem_kernel.dylib"));
    assertEquals(FrameOwner.RUNTIME, nat("/apex/com.android.art/lib64/libart.so"));
    assertEquals(FrameOwner.RUNTIME, nat("/usr/lib/libobjc.A.dylib"));
    assertEquals(FrameOwner.RUNTIME, nat("/data/app/~~x==/com.game-y==/lib/arm64/libc++_shared.so"));
    assertEquals(FrameOwner.PLATFORM, nat("/System/Library/PrivateFrameworks/UIKitCore.framework/UIKitCore"));
    assertEquals(FrameOwner.PLATFORM, nat("/data/app/~~x==/com.game-y==/lib/arm64/libunity.so"));
    assertEquals(FrameOwner.VENDOR, nat("/data/app/~~x==/com.game-y==/lib/arm64/libfmod.so"));
    assertEquals(FrameOwner.RUNTIME, FrameOwner.of(new Frame("Add", null, "System.Collections.Generic.List",
        null, null, null, null, false, null, "csharp", null, null, null, null), false, "csharp"));
  }
}
