package dev.crashflow.testing;

import dev.crashflow.model.AppInfo;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.CrashException;
import dev.crashflow.model.DeviceInfo;
import dev.crashflow.model.EngineInfo;
import dev.crashflow.model.Frame;
import dev.crashflow.model.Mechanism;
import dev.crashflow.model.OsInfo;
import dev.crashflow.model.SymbolicationStatus;
import dev.crashflow.model.UserInfo;
import java.util.List;
import java.util.Map;

/** Builds canonical events for tests that start after decoding. */
public final class Events {
  private Events() {}

  public static CrashEvent jvm(String eventId, long millis, String appId, String version,
      String type, String value, List<Frame> frames) {
    return new CrashEvent(eventId, millis, millis + 1000, "ANDROID", "java", "error",
        appId + "@" + version + "+1", null, "production",
        new AppInfo(appId, version, "1", null, true), new OsInfo("Android", "14", null, null, false),
        DeviceInfo.EMPTY, new UserInfo("user-" + eventId.substring(0, 4), null, null, null),
        EngineInfo.EMPTY, "install-" + eventId.substring(0, 4), null, Map.of(), List.of(),
        List.of(new CrashException(type, value, null, null,
            new Mechanism("UncaughtExceptionHandler", false, null, null, null, null, null, null, null, null, null, null),
            frames, 0)),
        List.of(), List.of(), List.of(), "sentry.java.android", "8.0.0", 0,
        SymbolicationStatus.NOT_NEEDED, List.of(), null, null);
  }

  public static CrashEvent simple(String eventId, long millis, String appId) {
    return jvm(eventId, millis, appId, "1.0", "java.lang.IllegalStateException", "boom",
        List.of(Frame.jvm("android.os.Looper", "loop", "Looper.java", 10, false),
            Frame.jvm("com.example.Game", "tick", "Game.java", 42, true)));
  }
}
