package dev.crashflow.model;

import java.io.Serializable;
import java.util.Map;

/** A breadcrumb: something that happened before the crash. */
public record Breadcrumb(
    Long timestampMillis,
    String type,
    String category,
    String message,
    String level,
    Map<String, String> data)
    implements Serializable {}
