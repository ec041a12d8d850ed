package dev.crashflow.symbolicate;

import dev.crashflow.retrace.Retracer;
import dev.crashflow.symbols.DebugId;
import dev.crashflow.symbols.SymbolIndex;
import java.io.IOException;

/**
 * Where {@link Symbolicator} gets its symbols: R8/ProGuard mappings and Breakpad symbol files. An
 * implementation is usually a cache in front of a store (local directory or {@code gs://}); it
 * returns null for symbols the store does not have and throws {@link IOException} only when it
 * could not find out (the event is then marked failed rather than missing, so it can be replayed).
 */
public interface SymbolSource {
  /**
   * The parsed mapping for a ProGuard/R8 mapping uuid (debug_meta image type proguard), or null
   * when the store has none.
   */
  Retracer mapping(String uuid) throws IOException;

  /** The mapping registered for an app release when the SDK sent no uuid, or null. */
  Retracer mappingForRelease(String appId, String version, String build) throws IOException;

  /** The Breakpad symbols of a native image, or null when the store has none. */
  SymbolIndex nativeSymbols(DebugId debugId, String debugFile) throws IOException;
}
