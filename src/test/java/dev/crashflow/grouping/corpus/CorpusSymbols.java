package dev.crashflow.grouping.corpus;

import dev.crashflow.retrace.Retracer;
import dev.crashflow.symbolicate.SymbolSource;
import dev.crashflow.symbols.DebugId;
import dev.crashflow.symbols.SymbolIndex;
import java.util.HashMap;
import java.util.Map;

/**
 * The corpus's symbol store: the ProGuard mappings of the shop's releases by uuid, and the
 * Breakpad symbols of the native game's binaries by debug id, all made during the test run.
 */
final class CorpusSymbols implements SymbolSource {
  private final Map<String, Retracer> mappings = new HashMap<>();
  private final Map<DebugId, SymbolIndex> natives = new HashMap<>();

  CorpusSymbols mapping(String uuid, Retracer mapping) {
    mappings.put(uuid, mapping);
    return this;
  }

  CorpusSymbols symbols(SymbolIndex index) {
    natives.put(index.debugId(), index);
    return this;
  }

  @Override
  public Retracer mapping(String uuid) {
    return mappings.get(uuid);
  }

  @Override
  public Retracer mappingForRelease(String appId, String version, String build) {
    return null; // the shop's SDK always sends its mapping uuid
  }

  @Override
  public SymbolIndex nativeSymbols(DebugId debugId, String debugFile) {
    return natives.get(debugId);
  }
}
