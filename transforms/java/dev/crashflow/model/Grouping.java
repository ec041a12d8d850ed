package dev.crashflow.model;

import java.io.Serializable;

/**
 * The issue an event belongs to: a stable {@code issueId}, the fingerprint hash it comes from,
 * the grouping algorithm version, and what a person reads: title, subtitle, culprit.
 */
public record Grouping(
    String issueId,
    String fingerprint,
    String groupingVersion,
    String title,
    String subtitle,
    String culprit,
    Frame blameFrame)
    implements Serializable {}
