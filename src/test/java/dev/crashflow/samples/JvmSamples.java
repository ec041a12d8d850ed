package dev.crashflow.samples;

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
import java.util.List;
import java.util.Map;

/**
 * The managed-code apps: {@code com.example.puzzle} (Android, Java and Kotlin, sentry-java) and
 * {@code com.example.arena} (Unity C# on Android and iOS). Frames are ordered caller to callee
 * as the SDKs send them; framework frames are not in-app.
 */
final class JvmSamples {
  /** Release 2.4.0 of the puzzle is the first one minified by R8: these classes got renamed. */
  static final String R8_VERSION = "2.4.0";
  static final Map<String, String> R8_CLASSES = Map.of(
      "com.example.puzzle.board.BoardRenderer", "a.b.c",
      "com.example.puzzle.model.Tile", "a.b.d",
      "com.example.puzzle.game.MatchFinder", "a.b.e",
      "com.example.puzzle.game.MatchFinder$findMatches$2", "a.b.e$a",
      "com.example.puzzle.level.LevelRepository", "a.b.f",
      "com.example.puzzle.fx.ParticleSystem", "a.c.a",
      "com.example.puzzle.shop.Inventory", "a.d.b",
      "com.example.puzzle.ui.ThemeLoader", "a.e.a");
  /** Renamed methods; overrides of framework methods (onDraw, doFrame, ...) keep their names. */
  static final Map<String, String> R8_METHODS = Map.of(
      "com.example.puzzle.board.BoardRenderer.drawTile", "a",
      "com.example.puzzle.model.Tile.getColor", "b",
      "com.example.puzzle.game.MatchFinder.scanRow", "c",
      "com.example.puzzle.level.LevelRepository.load", "a",
      "com.example.puzzle.fx.ParticleSystem.update", "b",
      "com.example.puzzle.shop.Inventory.require", "a",
      "com.example.puzzle.ui.ThemeLoader.loadBackground", "a");

  private static final String MSCORLIB =
      "mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089";

  private JvmSamples() {}

  static App puzzle(SampleKit kit) {
    return new App("com.example.puzzle", "Gem Puzzle", "java", "sentry.java.android", "8.13.2",
        TimeStyle.MILLIS,
        List.of(new Release("2.3.0", 230, 0.25, null), new Release("2.3.1", 231, 0.75, null),
            new Release("2.4.0", 240, 1.2, Instant.parse("2026-11-21T00:00:00Z"))),
        SamplePopulation.users(kit, "install", 70, 0),
        List.of(
            k -> obj("type", "navigation", "category", "ui.lifecycle", "level", "info",
                "data", obj("screen", k.pick(List.of("MainMenuActivity", "LevelActivity",
                    "ShopActivity")), "state", "resumed")),
            k -> obj("type", "user", "category", "ui.click", "level", "info",
                "data", obj("view.id", k.pick(List.of("btn_play", "btn_hint", "btn_buy")),
                    "view.class", "com.google.android.material.button.MaterialButton")),
            k -> obj("type", "http", "category", "http", "level", "info",
                "data", obj("url", "https://api.example.com/puzzle/v2/levels/"
                    + k.between(1, 240), "method", "GET", "status_code", 200)),
            k -> obj("type", "navigation", "category", "app.lifecycle", "level", "info",
                "data", obj("state", "foreground"))));
  }

  static List<Bug> puzzleBugs(App app) {
    return List.of(
        new Bug(app, "puzzle-npe-draw-tile", 58, List.of(), c -> puzzle(c, fatal(c,
            List.of(exc("NullPointerException", "java.lang", "Attempt to invoke virtual method '"
                + "int " + r8(c, "com.example.puzzle.model.Tile", "getColor")
                + "()' on a null object reference", uncaught(null),
                mainLoop(c).choreographer()
                    .fw("android.view.ViewRootImpl$TraversalRunnable", "run",
                        "ViewRootImpl.java", 10981)
                    .fw("android.view.ViewRootImpl", "performTraversals", "ViewRootImpl.java",
                        4923)
                    .fw("android.view.ViewRootImpl", "performDraw", "ViewRootImpl.java", 5960)
                    .fw("android.view.View", "draw", "View.java", 25125)
                    .app("com.example.puzzle.board.BoardView", "onDraw", "BoardView.kt",
                        R8_VERSION.equals(c.version()) ? 143 : 141)
                    .app("com.example.puzzle.board.BoardRenderer", "drawTile",
                        "BoardRenderer.kt", 88))), 2, "main"))),
        new Bug(app, "puzzle-ise-level-load", 24, List.of("2.3.0", "2.3.1"), c -> {
          int level = c.kit().between(1, 240);
          Stack outer = launch(c).app("com.example.puzzle.level.LevelRepository", "load",
              "LevelRepository.kt", 34);
          Stack cause = launch(c).app("com.example.puzzle.level.LevelRepository", "load",
              "LevelRepository.kt", 31).app("com.example.puzzle.level.LevelRepository",
                  "readAsset", "LevelRepository.kt", 57)
              .fw("android.content.res.AssetManager", "open", "AssetManager.java", 904)
              .nat("android.content.res.AssetManager", "nativeOpenAsset");
          return puzzle(c, fatal(c, List.of(
              exc("FileNotFoundException", "java.io", "levels/level_" + level + ".json",
                  obj("type", "chained", "source", "cause", "exception_id", 1, "parent_id", 0),
                  cause),
              exc("IllegalStateException", "java.lang", "Failed to load level " + level,
                  uncaught(0), outer)), 2, "main"));
        }),
        new Bug(app, "puzzle-ioobe-match-finder", 14, List.of("2.3.1", "2.4.0"), c -> {
          int size = c.kit().between(3, 12);
          int worker = c.kit().between(1, 4);
          Stack s = new Stack(c).fw("kotlinx.coroutines.scheduling.CoroutineScheduler$Worker",
                  "run", "CoroutineScheduler.kt", 664)
              .fw("kotlinx.coroutines.scheduling.CoroutineScheduler$Worker", "runWorker",
                  "CoroutineScheduler.kt", 677)
              .fw("kotlinx.coroutines.scheduling.CoroutineScheduler$Worker", "executeTask",
                  "CoroutineScheduler.kt", 795)
              .fw("kotlinx.coroutines.DispatchedTask", "run", "DispatchedTask.kt", 104)
              .fw("kotlin.coroutines.jvm.internal.BaseContinuationImpl", "resumeWith",
                  "ContinuationImpl.kt", 33)
              .app("com.example.puzzle.game.MatchFinder$findMatches$2", "invokeSuspend",
                  "MatchFinder.kt", 51)
              .app("com.example.puzzle.game.MatchFinder", "scanRow", "MatchFinder.kt", 77)
              .fw("java.util.ArrayList", "get", "ArrayList.java", 437)
              .fw("java.util.Objects", "checkIndex", "Objects.java", 385)
              .fw("jdk.internal.util.Preconditions", "checkIndex", "Preconditions.java", 266)
              .fw("jdk.internal.util.Preconditions", "outOfBoundsCheckIndex",
                  "Preconditions.java", 100)
              .fw("jdk.internal.util.Preconditions", "outOfBounds", "Preconditions.java", 64);
          return puzzle(c, fatal(c, List.of(exc("IndexOutOfBoundsException", "java.lang",
              "Index " + size + " out of bounds for length " + size, uncaught(null), s)),
              40 + worker, "DefaultDispatcher-worker-" + worker));
        }),
        new Bug(app, "puzzle-oom-bitmap", 9, List.of(), c -> {
          long want = c.kit().pick(List.of(16_777_232L, 33_554_448L, 8_294_416L));
          String value = "Failed to allocate a " + want + " byte allocation with "
              + c.kit().between(100_000, 4_000_000) + " free bytes and "
              + c.kit().between(2, 30) + "MB until OOM, target footprint 268435456, "
              + "growth limit 268435456";
          Stack s = mainLoop(c).fw("android.app.ActivityThread", "handleResumeActivity",
                  "ActivityThread.java", 5115)
              .fw("android.app.Activity", "performResume", "Activity.java", 9099)
              .app("com.example.puzzle.ui.MainMenuActivity", "onResume",
                  "MainMenuActivity.kt", 77)
              .app("com.example.puzzle.ui.ThemeLoader", "loadBackground", "ThemeLoader.kt", 63)
              .fw("android.graphics.BitmapFactory", "decodeStream", "BitmapFactory.java", 1145)
              .fw("android.graphics.BitmapFactory", "decodeStreamInternal",
                  "BitmapFactory.java", 1187)
              .nat("android.graphics.BitmapFactory", "nativeDecodeStream");
          return puzzle(c, fatal(c, List.of(exc("OutOfMemoryError", "java.lang", value,
              uncaught(null), s)), 2, "main"));
        }),
        new Bug(app, "puzzle-nsee-inventory", 12, List.of(), c -> {
          Stack s = mainLoop(c).fw("android.os.Handler", "handleCallback", "Handler.java", 959)
              .fw("android.view.View$PerformClick", "run", "View.java", 31036)
              .fw("android.view.View", "performClickInternal", "View.java", 8056)
              .fw("android.view.View", "performClick", "View.java", 8079)
              // D8 numbers synthetic lambdas per build: the class name churns between releases.
              .app("com.example.puzzle.shop.ShopFragment$$ExternalSyntheticLambda"
                  + (R8_VERSION.equals(c.version()) ? 5 : 2), "onClick", "D8$$SyntheticClass", 0)
              .app("com.example.puzzle.shop.ShopFragment", "onViewCreated$lambda$3",
                  "ShopFragment.kt", 88)
              .app("com.example.puzzle.shop.ShopFragment", "purchase", "ShopFragment.kt", 212)
              .app("com.example.puzzle.shop.Inventory", "require", "Inventory.kt", 40);
          ObjectNode body = obj("level", "error",
              "exception", obj("values", arr(exc("NoSuchElementException", "java.util",
                  "Item " + c.kit().between(1000, 9999) + " not found", null, s))),
              "threads", threads(2, "main", false));
          return puzzle(c, body);
        }),
        new Bug(app, "puzzle-cme-particles", 5, List.of(R8_VERSION), c -> puzzle(c, fatal(c,
            List.of(exc("ConcurrentModificationException", "java.util", null, uncaught(null),
                mainLoop(c).choreographer()
                    .fw("android.view.Choreographer$CallbackRecord", "run", "Choreographer.java",
                        1621)
                    .app("com.example.puzzle.fx.ParticleSystem", "doFrame", "ParticleSystem.kt",
                        61)
                    .app("com.example.puzzle.fx.ParticleSystem", "update", "ParticleSystem.kt",
                        95)
                    .fw("java.util.ArrayList$Itr", "next", "ArrayList.java", 1050)
                    .fw("java.util.ArrayList$Itr", "checkForComodification", "ArrayList.java",
                        1096))), 2, "main"))),
        new Bug(app, "puzzle-stack-overflow-solver", 1, List.of("2.3.1"), c -> {
          Stack s = mainLoop(c).fw("android.os.Handler", "handleCallback", "Handler.java", 959)
              .app("com.example.puzzle.solver.HintService", "nextHint", "HintService.kt", 29);
          for (int depth = 0; s.frames.size() < LONG_TRACE_FRAMES; depth++) {
            if (depth % 2 == 0) {
              s.app("com.example.puzzle.solver.Solver", "search", "Solver.kt", 118);
            } else {
              s.app("com.example.puzzle.solver.Solver", "expand", "Solver.kt", 142);
            }
          }
          return puzzle(c, fatal(c, List.of(exc("StackOverflowError", "java.lang",
              "stack size 8188KB", uncaught(null), s)), 2, "main"));
        }));
  }

  /** The one valid event longer than the 250 frames Sentry keeps. */
  static final int LONG_TRACE_FRAMES = 400;

  static App arena(SampleKit kit) {
    return new App("com.example.arena", "Arena Clash", "csharp", "sentry.dotnet.unity", "2.4.0",
        TimeStyle.DOTNET,
        List.of(new Release("5.2.0", 520, 0.3, null), new Release("5.2.1", 521, 0.7, null),
            new Release("5.3.0", 530, 1.0, Instant.parse("2026-11-20T18:00:00Z"))),
        SamplePopulation.users(kit, "player", 65, 0.4),
        List.of(
            k -> obj("type", "default", "category", "unity.logger", "level", "info",
                "message", "Loaded scene Arena_0" + k.between(1, 6)),
            k -> obj("type", "default", "category", "unity.logger", "level", "info",
                "message", "Match found: 4v4, ping " + k.between(20, 180) + "ms"),
            k -> obj("type", "default", "category", "unity.logger", "level", "warning",
                "message", "Texture streaming budget exceeded"),
            k -> obj("type", "navigation", "category", "scene.loaded", "level", "info",
                "data", obj("scene", "Lobby"))));
  }

  static List<Bug> arenaBugs(App app) {
    return List.of(
        new Bug(app, "arena-nre-player-update", 55, List.of(), c -> unity(c,
            "System.NullReferenceException", "Object reference not set to an instance of an object",
            List.of(uf("Arena.Player.PlayerController", "Update",
                "Assets/Scripts/Player/PlayerController.cs", "5.3.0".equals(c.version()) ? 93 : 88,
                true, "Assembly-CSharp")))),
        new Bug(app, "arena-argument-inventory", 17, List.of(), c -> unity(c,
            "System.ArgumentOutOfRangeException", "Index was out of range. Must be non-negative and"
                + " less than the size of the collection.\nParameter name: index",
            List.of(engine("UnityEngine.EventSystems.EventSystem", "Update", "UnityEngine.UI"),
                engine("UnityEngine.EventSystems.ExecuteEvents", "Execute", "UnityEngine.UI"),
                engine("UnityEngine.UI.Button", "Press", "UnityEngine.UI"),
                engine("UnityEngine.Events.UnityEvent", "Invoke", "UnityEngine.CoreModule"),
                uf("Arena.UI.InventoryUI", "OnSlotClicked", "Assets/Scripts/UI/InventoryUI.cs", 74,
                    true, "Assembly-CSharp"),
                uf("Arena.UI.InventoryUI", "RefreshSlot", "Assets/Scripts/UI/InventoryUI.cs", 119,
                    true, "Assembly-CSharp"),
                engine("System.Collections.Generic.List`1[T]", "get_Item", MSCORLIB)))),
        new Bug(app, "arena-invalid-op-spawner", 12, List.of("5.2.0", "5.2.1"), c -> unity(c,
            "System.InvalidOperationException",
            "Collection was modified; enumeration operation may not execute.",
            List.of(uf("Arena.AI.EnemySpawner", "Update", "Assets/Scripts/AI/EnemySpawner.cs", 41,
                    true, "Assembly-CSharp"),
                uf("Arena.AI.EnemySpawner", "Tick", "Assets/Scripts/AI/EnemySpawner.cs", 66, true,
                    "Assembly-CSharp"),
                engine("System.Collections.Generic.List`1+Enumerator[T]", "MoveNext", MSCORLIB),
                engine("System.Collections.Generic.List`1+Enumerator[T]", "MoveNextRare",
                    MSCORLIB),
                engine("System.ThrowHelper", "ThrowInvalidOperationException", MSCORLIB)))),
        new Bug(app, "arena-key-not-found-loot", 8, List.of("5.3.0"), c -> unity(c,
            "System.Collections.Generic.KeyNotFoundException",
            "The given key 'boss_" + c.kit().between(1, 40)
                + "' was not present in the dictionary.",
            List.of(engine("UnityEngine.SetupCoroutine", "InvokeMoveNext",
                    "UnityEngine.CoreModule"),
                // The compiler-generated iterator class of a coroutine, as .NET reports it.
                uf("Arena.Loot.LootDropper+<DropRoutine>d__12", "MoveNext",
                    "Assets/Scripts/Loot/LootDropper.cs", 58, true, "Assembly-CSharp"),
                uf("Arena.Loot.LootTable", "Roll", "Assets/Scripts/Loot/LootTable.cs", 33, true,
                    "Assembly-CSharp"),
                engine("System.Collections.Generic.Dictionary`2[TKey,TValue]", "get_Item",
                    MSCORLIB)))));
  }

  private static ObjectNode unity(Ctx c, String type, String value, List<ObjectNode> frames) {
    return obj("level", "error", "exception", obj("values", arr(obj("type", type,
        "value", value, "module", MSCORLIB,
        "mechanism", obj("type", "Unity.LogException", "handled", false),
        "stacktrace", obj("frames", arr(frames))))));
  }

  private static ObjectNode uf(String type, String method, String file, Integer line,
      boolean inApp, String assembly) {
    return obj("function", method, "module", type, "package", assembly, "filename", file,
        "lineno", line, "in_app", inApp);
  }

  private static ObjectNode engine(String type, String method, String assembly) {
    return uf(type, method, null, null, false, assembly);
  }

  /** Adds the R8 mapping reference every minified puzzle event carries. */
  private static ObjectNode puzzle(Ctx c, ObjectNode body) {
    if (R8_VERSION.equals(c.version())) {
      body.set("debug_meta", obj("images", arr(obj("type", "proguard",
          "uuid", c.kit().stableUuid(c.app().id() + "@" + c.version() + ":mapping")))));
    }
    return body;
  }

  private static ObjectNode fatal(Ctx c, List<ObjectNode> exceptions, int threadId,
      String threadName) {
    for (ObjectNode e : exceptions) {
      e.put("thread_id", threadId);
    }
    return obj("level", "fatal", "exception", obj("values", arr(exceptions)),
        "threads", threads(threadId, threadName, true));
  }

  private static ObjectNode threads(int id, String name, boolean crashed) {
    List<ObjectNode> values = new ArrayList<>();
    values.add(obj("id", id, "name", name, "state", "RUNNABLE", "crashed", crashed,
        "current", true, "daemon", false, "main", id == 2, "priority", 5));
    if (id != 2) {
      values.add(obj("id", 2, "name", "main", "state", "WAITING", "crashed", false,
          "current", false, "daemon", false, "main", true, "priority", 5));
    }
    values.add(obj("id", 11, "name", "FinalizerDaemon", "state", "WAITING", "crashed", false,
        "current", false, "daemon", true, "main", false, "priority", 5,
        "stacktrace", obj("frames", arr(
            jf("java.lang.Daemons$FinalizerDaemon", "runInternal", "Daemons.java", 292, false),
            jf("java.lang.ref.ReferenceQueue", "remove", "ReferenceQueue.java", 211, false),
            jf("java.lang.Object", "wait", "Object.java", 405, false)))));
    return obj("values", arr(values));
  }

  private static ObjectNode uncaught(Integer exceptionId) {
    return obj("type", "UncaughtExceptionHandler", "handled", false,
        "exception_id", exceptionId);
  }

  private static ObjectNode exc(String type, String module, String value, ObjectNode mechanism,
      Stack stack) {
    return obj("type", type, "value", value, "module", module, "mechanism", mechanism,
        "stacktrace", obj("frames", arr(stack.frames)));
  }

  private static ObjectNode jf(String module, String function, String file, Integer line,
      boolean inApp) {
    return obj("filename", file, "function", function, "module", module, "lineno", line,
        "in_app", inApp);
  }

  /** A class or method name as the given release ships it. */
  private static String r8(Ctx c, String cls, String method) {
    if (!R8_VERSION.equals(c.version()) || !R8_CLASSES.containsKey(cls)) {
      return cls + "." + method;
    }
    return R8_CLASSES.get(cls) + "." + R8_METHODS.getOrDefault(cls + "." + method, method);
  }

  private static Stack mainLoop(Ctx c) {
    return new Stack(c).fw("com.android.internal.os.ZygoteInit", "main", "ZygoteInit.java", 886)
        .fw("com.android.internal.os.RuntimeInit$MethodAndArgsCaller", "run", "RuntimeInit.java",
            569)
        .nat("java.lang.reflect.Method", "invoke")
        .fw("android.app.ActivityThread", "main", "ActivityThread.java", 8762)
        .fw("android.os.Looper", "loop", "Looper.java", 317)
        .fw("android.os.Looper", "loopOnce", "Looper.java", 232)
        .fw("android.os.Handler", "dispatchMessage", "Handler.java", 103);
  }

  private static Stack launch(Ctx c) {
    return mainLoop(c).fw("android.app.ActivityThread$H", "handleMessage", "ActivityThread.java",
            2594)
        .fw("android.app.servertransaction.TransactionExecutor", "execute",
            "TransactionExecutor.java", 108)
        .fw("android.app.ActivityThread", "handleLaunchActivity", "ActivityThread.java", 4047)
        .fw("android.app.ActivityThread", "performLaunchActivity", "ActivityThread.java", 3860)
        .fw("android.app.Activity", "performCreate", "Activity.java", 8960)
        .app("com.example.puzzle.ui.LevelActivity", "onCreate", "LevelActivity.kt", 52);
  }

  /** Builds a JVM stack trace caller first, renaming app frames the way R8 did in 2.4.0. */
  private static final class Stack {
    final List<ObjectNode> frames = new ArrayList<>();
    private final boolean minified;
    /** Framework line numbers move between Android releases; grouping must not care. */
    private final int osShift;

    Stack(Ctx c) {
      minified = R8_VERSION.equals(c.version());
      osShift = (Integer.parseInt(c.user().os().version()) - 12) * 3;
    }

    Stack fw(String cls, String fn, String file, int line) {
      frames.add(jf(cls, fn, file, line + osShift, false));
      return this;
    }

    Stack nat(String cls, String fn) {
      frames.add(obj("function", fn, "module", cls, "native", true, "in_app", false));
      return this;
    }

    Stack app(String cls, String fn, String file, int line) {
      if (minified && R8_CLASSES.containsKey(cls)) {
        fn = R8_METHODS.getOrDefault(cls + "." + fn, fn);
        cls = R8_CLASSES.get(cls);
        file = "SourceFile";
      }
      frames.add(jf(cls, fn, file, line, true));
      return this;
    }

    Stack choreographer() {
      return fw("android.os.Handler", "handleCallback", "Handler.java", 959)
          .fw("android.view.Choreographer$FrameDisplayEventReceiver", "run",
          "Choreographer.java", 1648)
          .fw("android.view.Choreographer", "doFrame", "Choreographer.java", 1447)
          .fw("android.view.Choreographer", "doCallbacks", "Choreographer.java", 1152);
    }
  }
}
