package dev.crashflow.model;

/** How far an event's frames were symbolicated. */
public enum SymbolicationStatus {
  /** Nothing needed symbolication (or symbolication is not wired in yet). */
  NOT_NEEDED,
  SYMBOLICATED,
  PARTIAL,
  MISSING_SYMBOLS,
  FAILED;

  /** The lower-case name written to tables. */
  public String columnValue() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
