package dev.crashflow.grouping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crashflow.decode.DecodeLimits;
import dev.crashflow.decode.EventDecoder;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.CrashException;
import dev.crashflow.model.Frame;
import dev.crashflow.model.Grouping;
import dev.crashflow.model.RawMessage;
import dev.crashflow.rows.TableRows;
import dev.crashflow.transforms.coders.CrashEventCoder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Fingerprinting speed on realistic symbolicated events: 30-60 frames, Android (Java/Kotlin with
 * lambdas and coroutines), NDK (C++ with templates and clone suffixes, per-install paths), iOS
 * (Objective-C, Swift, system frameworks) and Unity (C# scripts, IL2CPP). Every event has fresh
 * strings, as decoded events do, so no string hash is cached; as in decoded events (the decoder
 * and the event coder both do it), consecutive frames that repeat a package, file or module share
 * that one string. A second figure has every frame's strings its own. Runs with {@code
 * -Dcrashflow.bench=true} and prints events/s on one thread (thread CPU time, so other load on a
 * shared machine counts less; wall beside it), the load average, and grouping's share of the
 * per-event CPU cost of the plain-Java chain decode + group + table row on the same events.
 */
class GroupingBenchmarkTest {
  private static final int BATCH = 20_000;

  @Test
  void generatedEventsAreRealisticAndGroupIntoAPlausibleNumberOfIssues() {
    Gen gen = new Gen(7, 300);
    List<CrashEvent> events = gen.batch(2_000, false);
    Fingerprinter fp = new Fingerprinter();
    Set<String> issues = new HashSet<>();
    for (CrashEvent e : events) {
      int frames = e.exceptions().get(e.exceptions().size() - 1).frames().size();
      assertTrue(frames >= 30 && frames <= 60, "frames " + frames);
      issues.add(fp.group(e).issueId());
    }
    // 2,000 events from 300 bugs: what devices, installs and builds vary never splits a bug
    assertTrue(issues.size() <= 300 && issues.size() > 250, "issues " + issues.size());
  }

  @Test
  @EnabledIfSystemProperty(named = "crashflow.bench", matches = "true")
  void fingerprintingSpeed() throws Exception {
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    String loadBefore = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    Fingerprinter fp = new Fingerprinter();
    Gen gen = new Gen(1, 1_500);
    long sink = 0;
    // Events are made in small batches just before they are grouped, so they are in the CPU's
    // caches as a freshly decoded event is; only the grouping is timed (wall and thread CPU).
    double[] wall = new double[10];
    double[] onCpu = new double[wall.length];
    sink += rounds(fp, gen, onCpu, wall);
    // The same, but with no string shared between frames (as events built by hand could be).
    double[] unsharedCpu = new double[6];
    sink += rounds(fp, new Gen(1, 1_500, false), unsharedCpu, new double[unsharedCpu.length]);
    // Events as the grouping step receives them: read back by the event coder after the dedup
    // shuffle, a few at a time, with nothing else allocated between reading and grouping them
    // (the generator's own garbage, above, pushes its events out of the CPU's nearest caches).
    List<byte[]> coded = new ArrayList<>();
    for (CrashEvent e : gen.batch(BATCH, false)) {
      coded.add(CoderUtils.encodeToByteArray(CrashEventCoder.of(), e));
    }
    double[] codedCpu = new double[8];
    sink += codedRounds(fp, coded, codedCpu);

    // The same 8 events again and again: strings already hashed, all in cache (engine alone).
    List<CrashEvent> same = gen.batch(8, false);
    long c0 = cpu.getCurrentThreadCpuTime();
    for (int i = 0; i < 400_000; i++) {
      sink += fp.group(same.get(i & 7)).issueId().charAt(0);
    }
    double sameRate = 400_000 / ((cpu.getCurrentThreadCpuTime() - c0) / 1e9);

    // Worst case: every frame new to the cache (names never seen before).
    Fingerprinter cold = new Fingerprinter(GroupingConfig.withAppRules("module:com.nothing.* -app\n",
        "bench.txt", null, null));
    List<CrashEvent> unique = gen.batch(BATCH / 4, true);
    c0 = cpu.getCurrentThreadCpuTime();
    for (CrashEvent e : unique) {
      sink += cold.group(e).issueId().charAt(0);
    }
    double coldRate = unique.size() / ((cpu.getCurrentThreadCpuTime() - c0) / 1e9);

    // The whole per-event chain in plain Java, on the same kind of events: decode the JSON
    // (DecodeEvents), group (GroupIntoIssues), build the table row (the warehouse sink). Events
    // are decoded, grouped and turned into rows in chunks, each phase timed on thread CPU time
    // (and wall); symbolication is not in the chain, since these events arrive symbolicated.
    ObjectMapper json = new ObjectMapper();
    EventDecoder decoder = new EventDecoder(DecodeLimits.defaults());
    List<byte[]> payloads = new ArrayList<>();
    for (CrashEvent e : gen.batch(BATCH / 2, false)) {
      payloads.add(json.writeValueAsBytes(Gen.toJson(e)));
    }
    long[] cpuNs = new long[3];
    long[] wallNs = new long[3];
    long now = System.currentTimeMillis();
    for (int round = 0; round < 3; round++) {
      Arrays.fill(cpuNs, 0);
      Arrays.fill(wallNs, 0);
      for (int from = 0; from < payloads.size(); from += 500) {
        List<byte[]> chunk = payloads.subList(from, Math.min(from + 500, payloads.size()));
        List<CrashEvent> decoded = new ArrayList<>(chunk.size());
        List<Grouping> grouped = new ArrayList<>(chunk.size());
        long c = cpu.getCurrentThreadCpuTime();
        long w = System.nanoTime();
        for (byte[] p : chunk) {
          decoded.add(decoder.decode(RawMessage.of(p), now).event());
        }
        c = lap(cpu, cpuNs, wallNs, 0, c, w);
        w = System.nanoTime();
        for (CrashEvent e : decoded) {
          grouped.add(fp.group(e));
        }
        c = lap(cpu, cpuNs, wallNs, 1, c, w);
        w = System.nanoTime();
        for (int k = 0; k < decoded.size(); k++) {
          sink += TableRows.crashEvent(decoded.get(k).withGrouping(grouped.get(k))).size();
        }
        lap(cpu, cpuNs, wallNs, 2, c, w);
      }
    }
    double n = payloads.size();
    String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    System.out.printf("grouping benchmark: 30-60 frames, Android/NDK/iOS/Unity mix from 1,500 bugs,"
        + " 1 thread, %d cores, load average %s at the start and %s at the end%n",
        Runtime.getRuntime().availableProcessors(), loadBefore, load);
    System.out.printf("  fingerprint, fresh decoded-like events: %,.0f events/s per core of thread CPU"
        + " time (median; %,.0f/s wall; target 200,000), rounds: %s%n", median(onCpu), median(wall),
        Arrays.toString(Arrays.stream(onCpu).mapToLong(Math::round).toArray()));
    System.out.printf("  fingerprint, the same with no string shared between frames (each frame's"
        + " package, file and module its own copy): %,.0f events/s per core (median)%n",
        median(unsharedCpu));
    System.out.printf("  fingerprint, events as the grouping step receives them (read back by the"
        + " event coder, 16 at a time): %,.0f events/s per core (median)%n", median(codedCpu));
    System.out.printf("  fingerprint, same events again (strings hashed, all in cache): %,.0f events/s%n",
        sameRate);
    System.out.printf("  fingerprint, every frame new to the cache: %,.0f events/s%n", coldRate);
    System.out.printf("  per event, thread CPU: decode %.1f us, group %.1f us, table row %.1f us (wall:"
            + " %.1f, %.1f, %.1f us)%n", cpuNs[0] / n / 1e3, cpuNs[1] / n / 1e3, cpuNs[2] / n / 1e3,
        wallNs[0] / n / 1e3, wallNs[1] / n / 1e3, wallNs[2] / n / 1e3);
    System.out.printf("  fingerprinting's share of the per-event CPU cost of the plain-Java chain"
            + " decode + group + table row (no symbolication: events arrive symbolicated): %.0f%%%n",
        100.0 * cpuNs[1] / (cpuNs[0] + cpuNs[1] + cpuNs[2]));
    assertTrue(sink != 0);
  }

  /** Groups {@code BATCH} events of {@code gen} per round: events/s of thread CPU and of wall. */
  private static long rounds(Fingerprinter fp, Gen gen, double[] onCpu, double[] wall) {
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long sink = 0;
    for (int round = 0; round < wall.length; round++) {
      long wallNs = 0;
      long cpuNs = 0;
      for (int b = 0; b < BATCH / 16; b++) {
        List<CrashEvent> batch = gen.batch(16, false);
        long c0 = cpu.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (CrashEvent e : batch) {
          sink += fp.group(e).issueId().charAt(0);
        }
        wallNs += System.nanoTime() - t0;
        cpuNs += cpu.getCurrentThreadCpuTime() - c0;
      }
      wall[round] = BATCH / (wallNs / 1e9);
      onCpu[round] = BATCH / (cpuNs / 1e9);
    }
    return sink;
  }

  /** Groups the coded events, read back 16 at a time, per round: events/s of thread CPU. */
  private static long codedRounds(Fingerprinter fp, List<byte[]> coded, double[] onCpu)
      throws Exception {
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long sink = 0;
    List<CrashEvent> batch = new ArrayList<>(16);
    for (int round = 0; round < onCpu.length; round++) {
      long cpuNs = 0;
      for (int from = 0; from < coded.size(); from += 16) {
        batch.clear();
        for (byte[] b : coded.subList(from, Math.min(from + 16, coded.size()))) {
          batch.add(CoderUtils.decodeFromByteArray(CrashEventCoder.of(), b));
        }
        long c0 = cpu.getCurrentThreadCpuTime();
        for (CrashEvent e : batch) {
          sink += fp.group(e).issueId().charAt(0);
        }
        cpuNs += cpu.getCurrentThreadCpuTime() - c0;
      }
      onCpu[round] = coded.size() / (cpuNs / 1e9);
    }
    return sink;
  }

  /** Adds the CPU and wall time since {@code c0}/{@code w0} to phase {@code k}; the CPU time now. */
  private static long lap(ThreadMXBean cpu, long[] cpuNs, long[] wallNs, int k, long c0, long w0) {
    long c = cpu.getCurrentThreadCpuTime();
    cpuNs[k] += c - c0;
    wallNs[k] += System.nanoTime() - w0;
    return c;
  }

  private static double median(double[] rates) {
    double[] warm = Arrays.copyOfRange(rates, rates.length / 3, rates.length);
    Arrays.sort(warm);
    return warm[warm.length / 2];
  }

  /**
   * Generates symbolicated events from {@code pool} crash templates (bugs): each event is one of
   * them as a device would send it, with its own line numbers, load addresses, install folder, iOS
   * container UUID, lambda and coroutine numbering, and message numbers. With {@code unique}, every
   * event is a new bug whose names were never seen.
   */
  static final class Gen {
    private final Random random;
    private final int pool;
    /** Whether consecutive frames' repeated fields share one string, as decoded events' do. */
    private final boolean shareRepeats;
    private final List<CrashEvent> templates = new ArrayList<>();
    private long counter;

    Gen(long seed, int pool) {
      this(seed, pool, true);
    }

    Gen(long seed, int pool, boolean shareRepeats) {
      this.random = new Random(seed);
      this.pool = pool;
      this.shareRepeats = shareRepeats;
    }

    List<CrashEvent> batch(int n, boolean unique) {
      while (templates.size() < pool) {
        templates.add(template(false));
      }
      List<CrashEvent> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        CrashEvent t = unique ? template(true) : templates.get(random.nextInt(pool));
        out.add(materialize(t));
      }
      return out;
    }

    private CrashEvent template(boolean unique) {
      int kind = random.nextInt(20);
      List<Frame> frames = kind < 8 ? android(unique) : kind < 13 ? ndk(unique)
          : kind < 17 ? ios(unique) : unity(unique);
      String platform = kind < 8 ? "java" : kind < 13 ? "native" : kind < 17 ? "cocoa" : "csharp";
      String type = kind < 8 ? pick("java.lang.IllegalStateException", "java.lang.NullPointerException",
          "java.lang.IndexOutOfBoundsException") : kind < 13 ? pick("SIGSEGV", "SIGABRT")
          : kind < 17 ? pick("EXC_BAD_ACCESS", "NSRangeException") : "System.NullReferenceException";
      List<CrashException> chain = new ArrayList<>();
      if (kind < 8 && random.nextInt(3) == 0) {
        chain.add(GroupingEvents.exception("java.io.IOException", "read failed: EIO (I/O error) fd 3",
            frames.subList(frames.size() - 8, frames.size())));
      }
      chain.add(GroupingEvents.exception(type, "Item 1 not found", frames));
      return GroupingEvents.event("com.example.game" + random.nextInt(3), platform, chain);
    }

    /** The template as one device sends it: fresh strings, its own numbers and paths. */
    private CrashEvent materialize(CrashEvent t) {
      String install = "~~" + Long.toHexString(random.nextLong()) + "==/com.example.game-"
          + Long.toHexString(random.nextLong()) + "==";
      String uuid = new java.util.UUID(random.nextLong(), random.nextLong()).toString().toUpperCase();
      long base = 0x7000000000L + ((long) random.nextInt(1 << 20) << 12);
      List<CrashException> chain = new ArrayList<>();
      for (CrashException x : t.exceptions()) {
        List<Frame> frames = new ArrayList<>(x.frames().size());
        Frame prev = null;
        for (Frame f : x.frames()) {
          String module = f.module() == null ? null : fresh(f.module()
              .replaceAll("Lambda\\d$", "Lambda" + random.nextInt(4))
              .replaceAll("\\$load\\$\\d$", "\\$load\\$" + (1 + random.nextInt(3))));
          String pkg = f.pkg() == null ? null
              : fresh(f.pkg().replace("INSTALL", install).replace("CONTAINER", uuid));
          long offset = f.instructionAddr() == null ? 0 : Long.parseLong(f.instructionAddr().substring(2), 16);
          String filename = f.filename() == null ? null : fresh(f.filename());
          String image = f.pkg() == null ? null : "0x" + Long.toHexString(base);
          if (prev != null && shareRepeats) { // as the decoder and the event coder share them
            module = same(module, prev.module());
            filename = same(filename, prev.filename());
            pkg = same(pkg, prev.pkg());
            image = same(image, prev.imageAddr());
          }
          prev = new Frame(fresh(f.function()), null, module, filename, null,
              1 + random.nextInt(900), null, f.inApp(), pkg, null,
              f.pkg() == null ? null : "0x" + Long.toHexString(base + offset), null, image, null);
          frames.add(prev);
        }
        chain.add(GroupingEvents.exception(fresh(x.type()), "Item " + random.nextInt(100_000)
            + " not found", frames));
      }
      return GroupingEvents.event(fresh(t.app().appId()), t.sdkPlatform(), chain);
    }

    private int draw;

    private void draw() {
      draw = random.nextInt(1_000);
    }

    private String name(String prefix, boolean unique) {
      return prefix + (unique ? "U" + (counter++) : String.valueOf(draw));
    }

    private String pick(String... options) {
      return options[random.nextInt(options.length)];
    }

    private static String same(String now, String before) {
      return now != null && now.equals(before) ? before : now;
    }

    private static String fresh(String s) {
      return s == null ? null : new String(s.toCharArray()); // no cached hash, as decoding makes
    }

    private int depth() {
      return 30 + random.nextInt(31);
    }

    private List<Frame> android(boolean unique) {
      String[][] base = {{"com.android.internal.os.ZygoteInit", "main"},
          {"com.android.internal.os.RuntimeInit$MethodAndArgsCaller", "run"},
          {"java.lang.reflect.Method", "invoke"}, {"android.app.ActivityThread", "main"},
          {"android.os.Looper", "loop"}, {"android.os.Looper", "loopOnce"},
          {"android.os.Handler", "dispatchMessage"}, {"android.os.Handler", "handleCallback"},
          {"kotlinx.coroutines.DispatchedTask", "run"},
          {"kotlin.coroutines.jvm.internal.BaseContinuationImpl", "resumeWith"}};
      List<Frame> out = new ArrayList<>();
      for (String[] b : base) {
        out.add(jvm(b[0], b[1], false));
      }
      int n = depth();
      while (out.size() < n) {
        draw();
        int r = draw % 10;
        if (r < 3) {
          out.add(jvm("androidx.recyclerview.widget.RecyclerView", name("onLayout", unique), false));
        } else if (r == 3) {
          out.add(jvm("com.example.game.ui.Screen" + draw % 40 + "$$ExternalSyntheticLambda0", "run", true));
        } else if (r == 4) {
          out.add(jvm("com.example.game.data.Repo" + draw % 30 + "$load$1", "invokeSuspend", true));
        } else {
          out.add(jvm("com.example.game.feature" + draw % 20 + ".Class" + draw % 60,
              r == 5 ? "lambda$" + name("m", unique) + "$0" : name("method", unique), true));
        }
      }
      return out;
    }

    private List<Frame> ndk(boolean unique) {
      String lib = "/data/app/INSTALL/lib/arm64/";
      List<Frame> out = new ArrayList<>();
      out.add(nat("/apex/com.android.runtime/lib64/bionic/libc.so", "__start_thread", null));
      out.add(nat("/apex/com.android.runtime/lib64/bionic/libc.so", "__pthread_start(void*)", null));
      out.add(nat("/apex/com.android.art/lib64/libart.so", "art::Thread::CreateCallback(void*)", null));
      boolean aborts = random.nextBoolean();
      int n = depth() - (aborts ? 3 : 0);
      while (out.size() < n) {
        draw();
        int r = draw % 8;
        String f = r == 0 ? "std::__ndk1::vector<Game::Entity*, std::__ndk1::allocator<Game::Entity*> >::at(unsigned long)"
            : r == 1 ? "Game::" + name("System", unique) + "::update(float) [clone .isra.0]"
            : r == 2 ? "Game::World::forEach(std::__ndk1::function<void (Game::Entity&)>)::{lambda(Game::Entity&)#"
                + (1 + draw % 3) + "}::operator()(Game::Entity&) const"
            : "Game::" + name("Module", unique) + "::" + name("step", unique) + "(int, float)";
        out.add(nat(lib + "libgame.so", f, null));
      }
      if (aborts) {
        out.add(nat("/apex/com.android.runtime/lib64/bionic/libc.so", "abort", null));
        out.add(nat("/apex/com.android.runtime/lib64/bionic/libc.so", "raise", null));
        out.add(nat("/apex/com.android.runtime/lib64/bionic/libc.so", "tgkill", null));
      }
      return out;
    }

    private List<Frame> ios(boolean unique) {
      String bundle = "/private/var/containers/Bundle/Application/CONTAINER/Game.app/Game";
      List<Frame> out = new ArrayList<>();
      out.add(nat("/usr/lib/dyld", "start", false));
      out.add(nat(bundle, "main", true));
      out.add(nat("/System/Library/PrivateFrameworks/UIKitCore.framework/UIKitCore", "UIApplicationMain", false));
      out.add(nat("/System/Library/Frameworks/CoreFoundation.framework/CoreFoundation", "CFRunLoopRunSpecific", false));
      out.add(nat("/System/Library/Frameworks/CoreFoundation.framework/CoreFoundation", "__CFRunLoopRun", false));
      int n = depth() - 1;
      while (out.size() < n) {
        draw();
        int r = draw % 6;
        String f = r < 2 ? "-[GameScene" + draw % 50 + " " + name("update", unique) + ":]"
            : r < 4 ? "closure #1 in Game.Level" + draw % 50 + "." + name("load", unique)
                + "(name: Swift.String) throws -> ()"
            : "QuartzCore" + name("CA::Layer::display", unique);
        boolean app = r < 4;
        out.add(nat(app ? bundle : "/System/Library/Frameworks/QuartzCore.framework/QuartzCore", f, app));
      }
      out.add(nat("/usr/lib/libobjc.A.dylib", "objc_msgSend", false));
      return out;
    }

    private List<Frame> unity(boolean unique) {
      List<Frame> out = new ArrayList<>();
      out.add(GroupingEvents.cs("UnityEngine.EventSystems.ExecuteEvents", "Execute (UnityEngine.EventSystems.IPointerClickHandler handler)"));
      out.add(GroupingEvents.cs("UnityEngine.UI.Button", "Press ()"));
      int n = depth();
      while (out.size() < n - 10) {
        draw();
        out.add(GroupingEvents.cs("Arena.Gameplay.Controller" + draw % 60, name("Handle", unique) + " (System.Int32 id)"));
      }
      while (out.size() < n) {
        draw();
        out.add(nat("/data/app/INSTALL/lib/arm64/libil2cpp.so",
            draw % 2 == 0 ? "RuntimeInvoker_TrueVoid_t(void (*)(), MethodInfo const*, void*, void**)"
                : "Controller_" + name("Tick", unique) + "_m" + String.format("%040X", draw), null));
      }
      return out;
    }

    private Frame jvm(String module, String function, Boolean inApp) {
      return new Frame(function, null, module, "SourceFile", null, 1, null, inApp, null, null, null,
          null, null, null);
    }

    /** A native frame; its address is an offset in the image until an event places the image. */
    private Frame nat(String pkg, String function, Boolean inApp) {
      return new Frame(function, null, null, null, null, null, null, inApp, pkg, null,
          "0x" + Integer.toHexString(random.nextInt(1 << 20)), null, "0x0", null);
    }

    /** The event as Sentry JSON, for measuring decode on the same data. */
    static Map<String, Object> toJson(CrashEvent e) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("event_id", e.eventId());
      m.put("timestamp", Instant.now().toString());
      m.put("platform", e.sdkPlatform());
      m.put("release", e.release());
      List<Object> values = new ArrayList<>();
      for (CrashException x : e.exceptions()) {
        List<Object> frames = new ArrayList<>();
        for (Frame f : x.frames()) {
          Map<String, Object> fm = new LinkedHashMap<>();
          fm.put("function", f.function());
          if (f.module() != null) {
            fm.put("module", f.module());
          }
          if (f.pkg() != null) {
            fm.put("package", f.pkg());
            fm.put("instruction_addr", f.instructionAddr());
            fm.put("image_addr", f.imageAddr());
          }
          if (f.lineno() != null) {
            fm.put("lineno", f.lineno());
          }
          if (f.inApp() != null) {
            fm.put("in_app", f.inApp());
          }
          frames.add(fm);
        }
        values.add(Map.of("type", x.type(), "value", x.value(), "stacktrace", Map.of("frames", frames)));
      }
      m.put("exception", Map.of("values", values));
      return m;
    }
  }

  @Test
  void jsonOfAGeneratedEventDecodesToTheSameGrouping() throws Exception {
    Gen gen = new Gen(3, 100);
    CrashEvent e = gen.batch(1, false).get(0);
    byte[] p = new ObjectMapper().writeValueAsBytes(Gen.toJson(e));
    CrashEvent decoded = new EventDecoder(DecodeLimits.defaults())
        .decode(RawMessage.of(p), System.currentTimeMillis()).event();
    Fingerprinter fp = new Fingerprinter();
    assertEquals(fp.group(e).fingerprint(), fp.group(decoded).fingerprint());
  }
}
