package dev.crashflow.model;

import java.io.Serializable;

/**
 * A release-health session update ({@code sid}, {@code did}, status ok|exited|crashed|abnormal),
 * normalised with the app id and version taken from {@code attrs.release}.
 */
public record SessionUpdate(
    String sessionId,
    String distinctId,
    boolean init,
    long startedMillis,
    long timestampMillis,
    long receivedMillis,
    String status,
    int errors,
    Double durationSeconds,
    String release,
    String environment,
    AppInfo app,
    String platform,
    RawMessage raw)
    implements Serializable {

  public SessionUpdate withoutRaw() {
    return raw == null ? this : new SessionUpdate(sessionId, distinctId, init, startedMillis,
        timestampMillis, receivedMillis, status, errors, durationSeconds, release, environment,
        app, platform, null);
  }
}
