package dev.crashflow.samples;

import static dev.crashflow.samples.SampleKit.addr;
import static dev.crashflow.samples.SampleKit.arr;
import static dev.crashflow.samples.SampleKit.obj;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crashflow.samples.SamplePopulation.App;
import dev.crashflow.samples.SamplePopulation.Bug;
import dev.crashflow.samples.SamplePopulation.Ctx;
import dev.crashflow.samples.SamplePopulation.Release;
import dev.crashflow.samples.SamplePopulation.TimeStyle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The native apps: {@code com.example.racer} (Android NDK, sentry-native) and {@code
 * com.example.tower} (iOS, sentry-cocoa). Frames carry instruction addresses inside images that
 * load at a random base per event (ASLR); the app's own images are stripped, so their frames
 * have no function name (the true one is written next to each offset below, for symbol files).
 */
final class NativeSamples {
  /** An image; {@code app} images move between releases and live under per-install paths. */
  record Image(String name, String path, long size, long sharedBase, boolean app) {}

  static final Image LIBGAME = new Image("libgame.so", null, 0x8a5000, 0, true);
  static final Image LIBC =
      new Image("libc.so", "/apex/com.android.runtime/lib64/bionic/libc.so", 0x10b000, 0, false);
  static final Image LIBART =
      new Image("libart.so", "/apex/com.android.art/lib64/libart.so", 0x9a4000, 0, false);
  static final Image ADRENO = new Image("libGLESv2_adreno.so",
      "/vendor/lib64/egl/libGLESv2_adreno.so", 0x5c8000, 0, false);
  static final Image AAUDIO =
      new Image("libaaudio.so", "/system/lib64/libaaudio.so", 0x4f000, 0, false);

  static final Image TOWER = new Image("Tower", null, 0x2a4000, 0, true);
  static final Image DYLD = new Image("dyld", "/usr/lib/dyld", 0x64000, 0x1aa6c0000L, false);
  static final Image UIKIT = new Image("UIKitCore",
      "/System/Library/PrivateFrameworks/UIKitCore.framework/UIKitCore", 0x1a6c000, 0x18a5c4000L,
      false);
  static final Image CF = new Image("CoreFoundation",
      "/System/Library/Frameworks/CoreFoundation.framework/CoreFoundation", 0x540000,
      0x187e10000L, false);
  static final Image GS = new Image("GraphicsServices",
      "/System/Library/PrivateFrameworks/GraphicsServices.framework/GraphicsServices", 0x9000,
      0x1cc4f0000L, false);
  static final Image QUARTZ = new Image("QuartzCore",
      "/System/Library/Frameworks/QuartzCore.framework/QuartzCore", 0x3b8000, 0x189770000L, false);
  static final Image OBJC =
      new Image("libobjc.A.dylib", "/usr/lib/libobjc.A.dylib", 0x3c000, 0x1853a8000L, false);
  static final Image SWIFT = new Image("libswiftCore.dylib", "/usr/lib/swift/libswiftCore.dylib",
      0x3f0000, 0x18f0d8000L, false);
  static final Image DISPATCH = new Image("libdispatch.dylib",
      "/usr/lib/system/libdispatch.dylib", 0x48000, 0x18c5e0000L, false);
  static final Image PTHREAD = new Image("libsystem_pthread.dylib",
      "/usr/lib/system/libsystem_pthread.dylib", 0xc000, 0x1e3a10000L, false);
  static final Image KERNEL = new Image("libsystem_kernel.dylib",
      "/usr/lib/system/libsystem_kernel.dylib", 0x3a000, 0x1d7b80000L, false);

  /** How far the app's code moved in each release (function offsets add this). */
  static final Map<String, Long> CODE_SHIFT = Map.of("1.8.2", 0L, "1.8.3", 0x1c0L,
      "1.9.0", 0x4a20L, "3.1.0", 0L, "3.1.1", 0x240L, "3.2.0", 0x1a3cL);

  private NativeSamples() {}

  static App racer(SampleKit kit) {
    return new App("com.example.racer", "Turbo Racer", "native", "sentry.native.android",
        "0.7.20", TimeStyle.MICROS,
        List.of(new Release("1.8.2", 1082, 0.3, null), new Release("1.8.3", 1083, 0.7, null),
            new Release("1.9.0", 1090, 1.0, Instant.parse("2026-11-20T12:00:00Z"))),
        SamplePopulation.users(kit, "racer-", 55, 0),
        List.of(k -> obj("type", "default", "category", "game", "level", "info",
                "message", "Loaded track '" + k.pick(List.of("Canyon Run", "Harbor Loop",
                    "Night City")) + "'"),
            k -> obj("type", "default", "category", "game", "level", "info",
                "message", "Race started, " + k.between(3, 11) + " opponents"),
            k -> obj("type", "navigation", "category", "ui.lifecycle", "level", "info",
                "data", obj("screen", "RaceActivity", "state", "resumed"))));
  }

  static List<Bug> racerBugs(App app) {
    return List.of(
        new Bug(app, "racer-segv-render-queue", 52, List.of(), c -> fatal(jniThread(c)
            .f(LIBGAME, "Java_com_example_racer_NativeBridge_onDrawFrame", 0x1a0074, true)
            .f(LIBGAME, "Renderer::frame()", 0x1f3308, false)
            .f(LIBGAME, "RenderQueue::flush()", 0x1f2a1c, false)
            .f(LIBGAME, "RenderQueue::submit(DrawCmd const&)", 0x1f25c8, false),
            signal("SIGSEGV", "Segfault", 11, 1, "SEGV_MAPERR"))),
        new Bug(app, "racer-abort-physics", 20, List.of("1.8.2", "1.8.3"), c -> fatal(
            new Stack(c).f(LIBC, "__start_thread", 0xb6eb0, true)
                .f(LIBC, "__pthread_start(void*)", 0xb7460, true)
                .f(LIBGAME, "GameThread::run()", 0x2a0f14, false)
                .f(LIBGAME, "PhysicsWorld::step(float)", 0x2c45f0, false)
                .f(LIBGAME, "PhysicsWorld::solveContacts()", 0x2c54c4, false)
                .f(LIBC, "__assert2", 0x5d2c4, true)
                .f(LIBC, "abort", 0x5b6e8, true),
            signal("SIGABRT", "Abort", 6, -6, null))),
        new Bug(app, "racer-segv-adreno-resize", 8, List.of(),
            u -> "Qualcomm".equals(u.device().gpuVendor()), c -> fatal(jniThread(c)
            .f(LIBGAME, "Java_com_example_racer_NativeBridge_onSurfaceChanged", 0x1a015c, true)
            .f(LIBGAME, "Renderer::resize(int, int)", 0x1f3a88, false)
            .f(ADRENO, "glTexStorage2D", 0x1d4410, true)
            .f(ADRENO, "EsxContext::TexStorage", 0x3c5a10, false)
            .f(ADRENO, "EsxResource::Allocate", 0x2b1f88, false),
            signal("SIGSEGV", "Segfault", 11, 2, "SEGV_ACCERR"))),
        new Bug(app, "racer-segv-audio-mix", 4, List.of("1.9.0"), c -> fatal(
            new Stack(c).f(LIBC, "__start_thread", 0xb6eb0, true)
                .f(LIBC, "__pthread_start(void*)", 0xb7460, true)
                .f(AAUDIO, "aaudio::AudioStream::wrapUserThread()", 0x2c0fc, true)
                .f(AAUDIO, "aaudio::AudioStreamInternalPlay::callbackLoop()", 0x31a48, true)
                .f(LIBGAME, "AudioMixer::render(float*, int)", 0x310274, false)
                .f(LIBGAME, "AudioMixer::mix(Voice&, float*, int)", 0x310a68, false),
            signal("SIGSEGV", "Segfault", 11, 1, "SEGV_MAPERR"))));
  }

  /**
   * The body of a racer stack overflow with {@code depth} frames: unbounded recursion in
   * {@code TrackGraph::visit}, most frames bare addresses as sentry-native sends them.
   */
  static ObjectNode racerStackOverflow(Ctx c, int depth) {
    Stack s = new Stack(c).f(LIBC, "__start_thread", 0xb6eb0, true)
        .f(LIBC, "__pthread_start(void*)", 0xb7460, true)
        .f(LIBGAME, "GameThread::run()", 0x2a0f14, false)
        .f(LIBGAME, "TrackGraph::rebuild()", 0x2f0a30, false);
    while (s.frames.size() < depth) {
      s.bare(LIBGAME, 0x2f0088);
    }
    return fatal(s, signal("SIGSEGV", "Segfault", 11, 2, "SEGV_ACCERR"));
  }

  static App tower(SampleKit kit) {
    return new App("com.example.tower", "Tower Siege", "cocoa", "sentry.cocoa", "8.40.1",
        TimeStyle.UNIX_SECONDS,
        List.of(new Release("3.1.0", 310, 0.3, null), new Release("3.1.1", 315, 0.7, null),
            new Release("3.2.0", 320, 1.0, Instant.parse("2026-11-21T06:00:00Z"))),
        SamplePopulation.users(kit, "install", 50, 1.0),
        List.of(k -> obj("type", "navigation", "category", "ui.lifecycle", "level", "info",
                "data", obj("screen", k.pick(List.of("TowerSceneViewController",
                    "StoreViewController", "LeaderboardViewController")))),
            k -> obj("type", "user", "category", "touch", "level", "info",
                "data", obj("view", "UIButton", "action", "startWave:")),
            k -> obj("type", "navigation", "category", "app.lifecycle", "level", "info",
                "data", obj("state", "foreground"))));
  }

  static List<Bug> towerBugs(App app) {
    return List.of(
        new Bug(app, "tower-bad-access-enemy-wave", 40, List.of(), c -> {
          long fault = c.kit().pick(List.of(0x10L, 0x18L, 0x20L, 0x16b3a2c40L + c.kit()
              .between(0, 0xffff) * 16L));
          return cocoa(c, runLoop(c)
              .f(QUARTZ, "CA::Display::DisplayLink::dispatch_items(unsigned long long, unsigned"
                  + " long long, unsigned long long)", 0x2e1c4, true)
              .f(TOWER, "TowerScene.update(_:)", 0x3f464, false)
              .f(TOWER, "EnemyWave.advance(_:)", 0x41cb8, false)
              .f(OBJC, "objc_msgSend", 0x1c20, true), "EXC_BAD_ACCESS",
              "KERN_INVALID_ADDRESS at " + addr(fault) + ".",
              mach(11, "SIGSEGV", 1, "EXC_BAD_ACCESS", fault));
        }),
        new Bug(app, "tower-unrecognized-selector", 18, List.of("3.1.0", "3.1.1"), c -> cocoa(c,
            sources0(c)
                .f(UIKIT, "-[UIApplication sendAction:to:from:forEvent:]", 0x2ccde8, true)
                .f(UIKIT, "-[UIControl sendAction:to:forEvent:]", 0x2cc9c4, true)
                .f(TOWER, "@objc StoreViewController.buyTapped(_:)", 0x6d4d0, false)
                .f(TOWER, "StoreViewController.buyTapped(_:)", 0x6d410, false)
                .f(TOWER, "PriceFormatter.format(_:)", 0x6f8e4, false)
                .f(CF, "_CF_forwarding_prep_0", 0x609d0, true)
                .f(CF, "___forwarding___", 0x60d2c, true)
                .f(CF, "-[NSObject(NSObject) doesNotRecognizeSelector:]", 0x6e3d4, true)
                .f(OBJC, "objc_exception_throw", 0x2c81c, true)
                .f(CF, "__exceptionPreprocess", 0x5cca4, true),
            "NSInvalidArgumentException", "-[__NSCFNumber length]: unrecognized selector sent to"
                + " instance 0x" + c.kit().hex(16), nsexception())),
        new Bug(app, "tower-range-leaderboard", 9, List.of(), c -> {
          int index = c.kit().between(1, 30);
          return cocoa(c, sources0(c)
              .f(UIKIT, "-[UITableView _updateVisibleCellsNow:]", 0x1589a4, true)
              .f(UIKIT, "-[UITableView _createPreparedCellForGlobalRow:withIndexPath:"
                  + "willDisplay:]", 0x15a9b0, true)
              .f(TOWER, "@objc LeaderboardDataSource.tableView(_:cellForRowAt:)", 0x7a3f0, false)
              .f(TOWER, "LeaderboardDataSource.tableView(_:cellForRowAt:)", 0x7a2e0, false)
              .f(CF, "-[__NSArrayM objectAtIndexedSubscript:]", 0x1c2a58, true)
              .f(CF, "_CFThrowFormattedException", 0x4ba94, true)
              .f(OBJC, "objc_exception_throw", 0x2c81c, true)
              .f(CF, "__exceptionPreprocess", 0x5cca4, true), "NSRangeException",
              "*** -[__NSArrayM objectAtIndexedSubscript:]: index " + index
                  + " beyond bounds [0 .. " + (index - 1) + "]", nsexception());
        }),
        new Bug(app, "tower-swift-nil-save", 5, List.of("3.2.0"), c -> {
          Stack worker = new Stack(c).f(PTHREAD, "start_wqthread", 0x1474, true)
              .f(PTHREAD, "_pthread_wqthread", 0x3f5c, true)
              .f(DISPATCH, "_dispatch_worker_thread2", 0x140b4, true)
              .f(DISPATCH, "_dispatch_root_queue_drain", 0x13a10, true)
              .f(DISPATCH, "_dispatch_client_callout", 0x3fa8, true)
              .f(TOWER, "closure #1 in SaveGameStore.flush()", 0x930d4, false)
              .f(TOWER, "SaveGameStore.encodeSlots()", 0x935b0, false)
              .f(SWIFT, "_assertionFailure(_:_:file:line:flags:)", 0x141b84, true);
          return cocoa(c, worker, "EXC_BREAKPOINT",
              "Fatal error: Unexpectedly found nil while unwrapping an Optional value",
              mach(5, "SIGTRAP", 6, "EXC_BREAKPOINT", worker.lastAddress), 6);
        }));
  }

  private static ObjectNode cocoa(Ctx c, Stack s, String type, String value, ObjectNode mech) {
    ObjectNode body = obj("level", "fatal", "exception", obj("values", arr(obj("type", type,
        "value", value, "thread_id", 0, "mechanism", mech, "stacktrace", s.trace()))));
    Stack fetch = idle(s);
    body.set("threads", obj("values", arr(
        obj("id", 0, "crashed", true, "current", true, "main", true),
        obj("id", 3, "name", "com.apple.uikit.eventfetch-thread", "crashed", false,
            "current", false, "main", false, "stacktrace", fetch.trace()))));
    body.set("debug_meta", obj("images", arr(s.images())));
    return body;
  }

  /**
   * A crash whose stack is only on the crashed (non-main) thread, as in SDK reports without an
   * exception backtrace: grouping has to fall back to the crashed thread.
   */
  private static ObjectNode cocoa(Ctx c, Stack s, String type, String value, ObjectNode mech,
      int threadId) {
    Stack main = s.fork().f(DYLD, "start", 0x5b24, true)
        .f(TOWER, "main", 0x8a4c, false)
        .f(UIKIT, "UIApplicationMain", 0x2b1c4c, true)
        .f(GS, "GSEventRunModal", 0x1190, true)
        .f(CF, "CFRunLoopRunSpecific", 0x8c8b8, true)
        .f(CF, "__CFRunLoopRun", 0x8dc18, true)
        .f(CF, "__CFRunLoopServiceMachPort", 0x8f6a8, true)
        .f(KERNEL, "mach_msg2_internal", 0x4d04, true)
        .f(KERNEL, "mach_msg2_trap", 0x1a90, true);
    return obj("level", "fatal",
        "exception", obj("values", arr(obj("type", type, "value", value, "thread_id", threadId,
            "mechanism", mech))),
        "threads", obj("values", arr(
            obj("id", 0, "crashed", false, "current", false, "main", true,
                "stacktrace", main.trace()),
            obj("id", threadId, "crashed", true, "current", true, "main", false,
                "stacktrace", s.trace()))),
        "debug_meta", obj("images", arr(s.images())));
  }

  /** An idle thread's stack in the same process (same image bases). */
  private static Stack idle(Stack process) {
    return process.fork().f(PTHREAD, "thread_start", 0x1488, true)
        .f(KERNEL, "mach_msg2_internal", 0x4d04, true)
        .f(KERNEL, "mach_msg2_trap", 0x1a90, true);
  }

  private static ObjectNode fatal(Stack s, ObjectNode exception) {
    exception.set("stacktrace", s.trace());
    return obj("level", "fatal", "exception", obj("values", arr(exception)),
        "debug_meta", obj("images", arr(s.images())));
  }

  private static ObjectNode signal(String name, String value, int number, int code,
      String codeName) {
    return obj("type", name, "value", value, "mechanism", obj("type", "signalhandler",
        "synthetic", true, "handled", false, "meta", obj("signal", obj("number", number,
            "code", code, "name", name, "code_name", codeName))));
  }

  private static ObjectNode mach(int signal, String signalName, int exception, String name,
      long subcode) {
    return obj("type", "mach", "handled", false, "meta", obj(
        "signal", obj("number", signal, "code", 0, "name", signalName),
        "mach_exception", obj("exception", exception, "code", 1, "subcode", subcode,
            "name", name)));
  }

  private static ObjectNode nsexception() {
    return obj("type", "nsexception", "handled", false, "meta", obj(
        "signal", obj("number", 6, "code", 0, "name", "SIGABRT"),
        "mach_exception", obj("exception", 10, "code", 0, "subcode", 0, "name", "EXC_CRASH")));
  }

  private static Stack jniThread(Ctx c) {
    return new Stack(c).f(LIBC, "__start_thread", 0xb6eb0, true)
        .f(LIBC, "__pthread_start(void*)", 0xb7460, true)
        .f(LIBART, "art::Thread::CreateCallback(void*)", 0x5e11a4, true)
        .f(LIBART, "art_quick_invoke_stub", 0x218be8, true)
        .f(LIBART, "art_quick_generic_jni_trampoline", 0x222c18, true);
  }

  private static Stack runLoop(Ctx c) {
    return new Stack(c).f(DYLD, "start", 0x5b24, true)
        .f(TOWER, "main", 0x8a4c, false)
        .f(UIKIT, "UIApplicationMain", 0x2b1c4c, true)
        .f(GS, "GSEventRunModal", 0x1190, true)
        .f(CF, "CFRunLoopRunSpecific", 0x8c8b8, true)
        .f(CF, "__CFRunLoopRun", 0x8dc18, true);
  }

  private static Stack sources0(Ctx c) {
    return runLoop(c).f(CF, "__CFRunLoopDoSources0", 0x8e4f0, true)
        .f(CF, "__CFRUNLOOP_IS_CALLING_OUT_TO_A_SOURCE0_PERFORM_FUNCTION__", 0x8f21c, true);
  }

  /**
   * Builds a native stack trace caller first. Image bases are drawn once per event: Android
   * loads every library at its own random base, iOS slides the whole shared cache at once.
   */
  private static final class Stack {
    private final Ctx c;
    private final boolean ios;
    private final Map<Image, Long> bases;
    private final Map<Image, Boolean> used;
    private final long slide;
    final List<ObjectNode> frames = new ArrayList<>();
    long lastAddress;

    Stack(Ctx c) {
      this(c, new HashMap<>(), new LinkedHashMap<>(), c.kit().rng.nextInt(0x8000) * 0x4000L);
    }

    private Stack(Ctx c, Map<Image, Long> bases, Map<Image, Boolean> used, long slide) {
      this.c = c;
      this.ios = c.user().ios();
      this.bases = bases;
      this.used = used;
      this.slide = slide;
    }

    /** Another thread of the same process: same image bases, images listed once. */
    Stack fork() {
      return new Stack(c, bases, used, slide);
    }

    /** A frame at {@code offset} in {@code img}; {@code named}: the SDK resolved the name. */
    Stack f(Image img, String function, long offset, boolean named) {
      long base = base(img);
      long pc = base + offset + (img.app() ? CODE_SHIFT.get(c.version()) : 0);
      lastAddress = pc;
      if (ios) {
        // sentry-cocoa names what dladdr resolves and writes <redacted> for stripped code.
        frames.add(obj("function", named ? function : "<redacted>", "package", path(img),
            "image_addr", addr(base), "instruction_addr", addr(pc), "in_app", img.app()));
      } else {
        frames.add(obj("function", named ? function : null, "package", path(img),
            "instruction_addr", addr(pc)));
      }
      return this;
    }

    /** A frame as a bare address, the leanest form an SDK sends. */
    Stack bare(Image img, long offset) {
      long pc = base(img) + offset + CODE_SHIFT.get(c.version());
      frames.add(obj("instruction_addr", addr(pc)));
      return this;
    }

    ObjectNode trace() {
      return obj("frames", arr(frames));
    }

    private long base(Image img) {
      used.put(img, true);
      return bases.computeIfAbsent(img, i -> {
        if (!ios) {
          // arm64 Android maps libraries page-aligned in 0x7000000000-0x7fffffffff.
          return 0x7000000000L + c.kit().rng.nextInt(0xff0000) * 0x1000L;
        }
        return i.app() ? 0x100000000L + c.kit().rng.nextInt(0x4000) * 0x4000L
            : i.sharedBase() + slide;
      });
    }

    /** Android renames an app's install directory on every install and update. */
    private String path(Image img) {
      if (!img.app()) {
        return img.path();
      }
      String key = c.user().installId() + "@" + c.version();
      if (ios) {
        return "/private/var/containers/Bundle/Application/"
            + c.kit().stableUuid(key).toUpperCase(Locale.ROOT) + "/Tower.app/Tower";
      }
      return "/data/app/~~" + token(key + "/a") + "==/com.example.racer-" + token(key + "/b")
          + "==/lib/arm64/libgame.so";
    }

    private String token(String key) {
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
      String hex = c.kit().stableHex(key, 44);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 44; i += 2) {
        sb.append(alphabet.charAt(Integer.parseInt(hex.substring(i, i + 2), 16) % 64));
      }
      return sb.toString();
    }

    List<ObjectNode> images() {
      List<ObjectNode> out = new ArrayList<>();
      for (Image img : used.keySet()) {
        String version = img.app() ? c.version() : c.user().os().build();
        if (ios) {
          out.add(obj("type", "macho", "code_file", path(img),
              "debug_id", c.kit().stableUuid("macho:" + img.name() + ":" + version),
              "image_addr", addr(base(img)), "image_size", img.size(), "arch", "arm64e"));
        } else {
          String buildId = c.kit().stableHex("elf:" + img.name() + ":" + version, 40);
          out.add(obj("type", "elf", "code_file", path(img), "code_id", buildId,
              "debug_id", SampleKit.elfDebugId(buildId), "image_addr", addr(base(img)),
              "image_size", img.size(), "arch", "arm64"));
        }
      }
      return out;
    }
  }
}
