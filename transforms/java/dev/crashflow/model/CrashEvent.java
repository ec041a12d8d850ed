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

  /**
   * The parts of a grouped event that the aggregates and issue tracking read (app, platform, OS,
   * user, installation, level, times, grouping, symbolication status and missing debug ids,
   * exception types and mechanisms, ProGuard images): no frames, threads, breadcrumbs, device,
   * tags, messages or raw payload. On Flink each consumer of a step receives its own serialised
   * copy of every element, and five consumers read only these parts, so they get this projection,
   * a few hundred bytes instead of the whole event.
   */
  public CrashEvent forAggregates() {
    List<CrashException> types = new java.util.ArrayList<>(exceptions.size());
    for (CrashException x : exceptions) {
      types.add(new CrashException(x.type(), null, x.module(), null, x.mechanism(), List.of(), 0));
    }
    List<DebugImage> mappings = new java.util.ArrayList<>();
    for (DebugImage i : images == null ? List.<DebugImage>of() : images) {
      if ("proguard".equalsIgnoreCase(i.type())) {
        mappings.add(i);
      }
    }
    return new CrashEvent(eventId, timestampMillis, receivedMillis, platform, sdkPlatform, level,
        release, dist, environment, app, os, null, user, null, installationId, null, null, null,
        types, List.of(), mappings, List.of(), sdkName, sdkVersion, framesTrimmed,
        symbolicationStatus, missingDebugIds, grouping, null);
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
