package dev.crashflow.model;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The canonical crash event, decoded and normalised from one Sentry-model message.
 *
 * <p>{@code platform} is the normalised OS family ({@code ANDROID}, {@code IOS}, ...) and {@code
 * sdkPlatform} the Sentry {@code platform} as sent ({@code java}, {@code native}, {@code cocoa},
 * {@code csharp}, ...). Times are epoch milliseconds: {@code timestampMillis} is event time (from
 * the event, falling back to publish time), {@code receivedMillis} when crashflow received it.
 * {@code raw} is the original message, kept until the archive has it and then dropped.
 */
public record CrashEvent(
    String eventId,
    long timestampMillis,
    long receivedMillis,
    String platform,
    String sdkPlatform,
    String level,
    String release,
    String dist,
    String environment,
    AppInfo app,
    OsInfo os,
    DeviceInfo device,
    UserInfo user,
    EngineInfo engine,
    String installationId,
    String message,
    Map<String, String> tags,
    List<String> sdkFingerprint,
    List<CrashException> exceptions,
    List<CrashThread> threads,
    List<DebugImage> images,
    List<Breadcrumb> breadcrumbs,
    String sdkName,
    String sdkVersion,
    int framesTrimmed,
    SymbolicationStatus symbolicationStatus,
    List<String> missingDebugIds,
    Grouping grouping,
    RawMessage raw)
    implements Serializable {

  /** The app id, or {@code _unknown} when the event names none. */
  public String appIdOrUnknown() {
    return app.appId() == null || app.appId().isEmpty() ? "_unknown" : app.appId();
  }

  public CrashEvent withGrouping(Grouping g) {
    return new CrashEvent(eventId, timestampMillis, receivedMillis, platform, sdkPlatform, level,
        release, dist, environment, app, os, device, user, engine, installationId, message, tags,
        sdkFingerprint, exceptions, threads, images, breadcrumbs, sdkName, sdkVersion,
        framesTrimmed, symbolicationStatus, missingDebugIds, g, raw);
  }

  public CrashEvent withoutRaw() {
    return raw == null ? this : new CrashEvent(eventId, timestampMillis, receivedMillis, platform,
        sdkPlatform, level, release, dist, environment, app, os, device, user, engine,
        installationId, message, tags, sdkFingerprint, exceptions, threads, images, breadcrumbs,
        sdkName, sdkVersion, framesTrimmed, symbolicationStatus, missingDebugIds, grouping, null);
  }

  public CrashEvent withStacks(
      List<CrashException> newExceptions,
      List<CrashThread> newThreads,
      SymbolicationStatus status,
      List<String> missing) {
    return new CrashEvent(eventId, timestampMillis, receivedMillis, platform, sdkPlatform, level,
        release, dist, environment, app, os, device, user, engine, installationId, message, tags,
        sdkFingerprint, newExceptions, newThreads, images, breadcrumbs, sdkName, sdkVersion,
        framesTrimmed, status, missing, grouping, raw);
  }
}
