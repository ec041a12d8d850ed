package dev.crashflow.model;

import java.io.Serializable;

/**
 * How an exception was caught: handled or not, the OS signal or Mach exception behind it, and for
 * an Apple {@code NSError} its domain and code.
 */
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
    String faultAddress,
    String nsErrorDomain,
    Long nsErrorCode)
    implements Serializable {

  /** True when this is an Apple NSError (Sentry Cocoa's mechanism type, or an ns_error meta). */
  public boolean isNsError() {
    return "NSError".equalsIgnoreCase(type) || nsErrorDomain != null || nsErrorCode != null;
  }
}
