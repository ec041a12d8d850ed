package dev.crashflow.issues;

import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.Grouping;
import java.io.Serializable;

/**
 * What issue tracking needs of a grouped event: a few strings and a time. Tracking shuffles
 * these instead of whole events, which keeps the keyed step cheap.
 */
public record IssueEvent(
    String eventId,
    long timestampMillis,
    String appId,
    String issueId,
    String title,
    String groupingVersion,
    AppVersion version)
    implements Serializable {

  /** The projection of a grouped event; null when the event has no issue (not grouped). */
  public static IssueEvent of(CrashEvent e) {
    Grouping g = e.grouping();
    if (g == null || g.issueId() == null) {
      return null;
    }
    return new IssueEvent(e.eventId(), e.timestampMillis(), e.appIdOrUnknown(), g.issueId(),
        g.title(), g.groupingVersion(), new AppVersion(e.app().version(), e.app().build()));
  }

  /** The key issue state lives under: app and issue (issue ids are per app already). */
  public String key() {
    return key(appId, issueId);
  }

  public static String key(String appId, String issueId) {
    return appId + "/" + issueId;
  }
}
