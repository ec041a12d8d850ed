package dev.crashflow.symbols;

import java.io.IOException;

/**
 * A file that is not a usable Breakpad symbol file at all (no MODULE line, a malformed MODULE
 * line, too large to index). Bad lines inside an otherwise valid file do not raise this: they are
 * skipped and counted in {@link SymbolIndex#skippedLines()}.
 */
public final class SymbolFileException extends IOException {
  private static final long serialVersionUID = 1L;

  public SymbolFileException(String message) {
    super(message);
  }
}
