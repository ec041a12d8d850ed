package dev.crashflow.model;

import java.io.Serializable;

/**
 * The issue an event belongs to: a stable {@code issueId}, the fingerprint hash it comes from,
 * the grouping algorithm version, and what a person reads: title, subtitle, culprit. {@code
 * blameFrame} is one of the event's own frames (the first in-app frame from the crash end), and
 * {@code blameOwner} who owns its code: DEVELOPER, VENDOR, RUNTIME, PLATFORM or SYSTEM. {@code
 * variantId} (Crashlytics' issue variant) tells apart, within one issue, events whose whole
 * stacks differ: it hashes every frame that counts when all frames count (not only in-app ones);
 * null when no frame counts.
 */
public record Grouping(
    String issueId,
    String fingerprint,
    String groupingVersion,
    String title,
    String subtitle,
    String culprit,
    Frame blameFrame,
    String blameOwner,
    String variantId)
    implements Serializable {}
