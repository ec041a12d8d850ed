package dev.crashflow.grouping.corpus;

import dev.crashflow.model.CrashEvent;

/**
 * One event of the grouping corpus: what a real execution sent (decoded by the real decoder), the
 * same event after symbolication, and the bug that caused it.
 *
 * @param label the bug: one crashing code path (see {@code GroupingQualityTest} for the rule)
 * @param source {@code jvm} or {@code native}
 * @param release the app version that crashed
 * @param variant what varied in this execution (thread, device, OS, argument)
 * @param raw the event as decoded, before symbolication
 * @param event the event as grouping sees it: symbolicated
 */
public record LabelledEvent(String label, String source, String release, String variant,
    CrashEvent raw, CrashEvent event) {

  /** A one-line description for reports. */
  public String describe() {
    return source + " " + release + " [" + variant + "] " + label;
  }
}
