package dev.crashflow.grouping;

import dev.crashflow.model.AppInfo;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.CrashException;
import dev.crashflow.model.CrashThread;
import dev.crashflow.model.DeviceInfo;
import dev.crashflow.model.EngineInfo;
import dev.crashflow.model.Frame;
import dev.crashflow.model.Mechanism;
import dev.crashflow.model.OsInfo;
import dev.crashflow.model.SymbolicationStatus;
import dev.crashflow.model.UserInfo;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Events and frames for grouping tests, after symbolication (as the grouping step sees them). */
final class GroupingEvents {
  private static final AtomicInteger IDS = new AtomicInteger();

  private GroupingEvents() {}

  static Frame jvm(String module, String function, boolean inApp) {
    return Frame.jvm(module, function, null, 10, inApp);
  }

  static Frame jvmSdk(String module, String function) {
    return Frame.jvm(module, function, null, 10, null); // the SDK said nothing about in_app
  }

  /** A symbolicated native frame in {@code image} loaded at 0x7000000000. */
  static Frame nat(String image, String function, Boolean inApp) {
    return new Frame(function, null, null, null, null, 12, null, inApp, image, "native",
        "0x7000001000", null, "0x7000000000", null);
  }

  /** An unsymbolicated native frame: image path, load address and instruction address only. */
  static Frame raw(String image, long base, long offset) {
    return new Frame(null, null, null, null, null, null, null, null, image, "native",
        "0x" + Long.toHexString(base + offset), null, "0x" + Long.toHexString(base), null);
  }

  static Frame cs(String module, String function) {
    return new Frame(function, null, module, null, null, 3, null, null, null, "csharp", null, null,
        null, null);
  }

  static CrashException exception(String type, String value, List<Frame> frames) {
    return new CrashException(type, value, null, null,
        new Mechanism("generic", false, null, null, null, null, null, null, null, null, null, null), frames, 0);
  }

  static CrashEvent event(String app, String sdkPlatform, List<CrashException> chain) {
    return event(app, sdkPlatform, chain, List.of(), null, List.of(), Map.of());
  }

  static CrashEvent event(String app, String sdkPlatform, List<CrashException> chain,
      List<CrashThread> threads, String message, List<String> fingerprint, Map<String, String> tags) {
    String id = String.format("%032x", IDS.incrementAndGet());
    return new CrashEvent(id, 1_000L, 2_000L, "ANDROID", sdkPlatform, "fatal", app + "@1.0+1", null,
        "production", new AppInfo(app, "1.0", "1", null, true), OsInfo.EMPTY, DeviceInfo.EMPTY,
        new UserInfo(null, null, null, null), EngineInfo.EMPTY, null, message, tags, fingerprint,
        chain, threads, List.of(), List.of(), "sentry.test", "1.0", 0,
        SymbolicationStatus.SYMBOLICATED, List.of(), null, null);
  }

  static CrashEvent one(String sdkPlatform, String type, String value, List<Frame> frames) {
    return event("com.example", sdkPlatform, List.of(exception(type, value, frames)));
  }

  static CrashThread thread(long id, String name, boolean crashed, List<Frame> frames) {
    return new CrashThread(id, name, crashed, crashed, id == 1, "RUNNABLE", frames, 0);
  }
}
