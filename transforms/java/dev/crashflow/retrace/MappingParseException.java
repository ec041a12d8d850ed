package dev.crashflow.retrace;

/** A mapping file line that is neither a class line, a member line nor a comment. */
public final class MappingParseException extends RuntimeException {
  private final int lineNumber;

  /** Creates the error for 1-based {@code lineNumber}. */
  public MappingParseException(int lineNumber, String message) {
    super("mapping line " + lineNumber + ": " + message);
    this.lineNumber = lineNumber;
  }

  /** The 1-based line number of the offending line. */
  public int lineNumber() {
    return lineNumber;
  }
}
