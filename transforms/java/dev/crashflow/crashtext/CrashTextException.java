package dev.crashflow.crashtext;

/**
 * A crash report that cannot be turned into an event: not a format crashflow reads, or cut off
 * before the parts an event needs. Carries the 1-based line where the problem shows, so the CLI
 * can print {@code file:line: message} and users can open the report at that spot.
 */
public final class CrashTextException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int line;

  public CrashTextException(int line, String message) {
    super(message);
    this.line = Math.max(1, line);
  }

  public CrashTextException(int line, String message, Throwable cause) {
    super(message, cause);
    this.line = Math.max(1, line);
  }

  /** The 1-based line of the report where parsing failed. */
  public int line() {
    return line;
  }
}
