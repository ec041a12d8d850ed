package dev.crashflow.model;

import java.io.Serializable;

/** How an exception was caught: handled or not, and the OS signal or Mach exception behind it. */
public record Mechanism(
    String type,
    Boolean handled,
    Boolean synthetic,
    Integer exceptionId,
    Integer parentId,
    String signalName,
    Integer signalNumber,
    Integer signalCode,
    String machException,
    String faultAddress)
    implements Serializable {}
