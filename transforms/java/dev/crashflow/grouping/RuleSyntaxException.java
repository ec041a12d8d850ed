package dev.crashflow.grouping;

/**
 * A grouping rule file that cannot be read: which file, which line, what is wrong. An {@link
 * IllegalArgumentException}, so command-line tools print it as one line (exit code 2); the
 * pipeline logs and counts it and keeps grouping with the rules it already has.
 */
public final class RuleSyntaxException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;

  public RuleSyntaxException(String source, int line, String problem) {
    super(source + " line " + line + ": " + problem);
    this.source = source;
    this.line = line;
  }

  /** The file (or resource) the rule came from. */
  public String source() {
    return source;
  }

  /** The 1-based line number of the bad rule. */
  public int line() {
    return line;
  }
}
