package dev.crashflow.issues;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Something about an issue worth telling a person, decided in one event-time window: see {@link
 * Type}. {@code appVersion} is the version the signal is about (the new release, the regressing
 * version, the first version of a new issue, the latest version in a spiking window); {@code
 * baseline} is the issue's recent events-per-window rate before this window (SPIKING; 0 for the
 * rest). {@link #signalId()} is the same every time the same input is processed, so consumers of
 * at-least-once deliveries can drop repeats.
 */
public record IssueSignal(
    Type type,
    String appId,
    String issueId,
    String appVersion,
    long windowStartMillis,
    long windowEndMillis,
    long eventCount,
    double baseline,
    String title,
    String groupingVersion,
    String resolvedInVersion)
    implements Serializable {

  /** The kinds of signal. */
  public enum Type {
    /** The first events ever (within the state TTL) of an issue. */
    NEW_ISSUE,
    /** An issue seen for the first time in a version later than the one it was first seen in. */
    NEW_IN_RELEASE,
    /** A resolved issue seen again in a version later than the one it was resolved in. */
    REGRESSED,
    /** Far more events in one window than the issue's recent rate. */
    SPIKING;

    /** The counter name: {@code issue_signals_new_issue}, ... */
    public String counterName() {
      return "issue_signals_" + name().toLowerCase(Locale.ROOT);
    }
  }

  /** A stable id: hex SHA-256 (first 16 bytes) of type, app, issue, window start and version. */
  public String signalId() {
    String key = type + "\n" + appId + "\n" + issueId + "\n" + windowStartMillis + "\n" + appVersion;
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
