package dev.crashflow.symbolicate;

import dev.crashflow.model.SymbolicationStatus;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Counts, for one event, the frames that needed symbols and whether they got them, and the symbol
 * keys (mapping uuids, Breakpad debug ids) that were needed but missing or failed to load.
 */
final class Tally {
  private int resolved;
  private int unresolved;
  private final Set<String> missing = new TreeSet<>();
  private final Set<String> failed = new TreeSet<>();

  void resolved() {
    resolved++;
  }

  void unresolved() {
    unresolved++;
  }

  /** A needed key the store does not have. */
  void missing(String key) {
    if (key != null) {
      missing.add(key);
    }
  }

  /** A needed key whose load threw. */
  void failed(String key) {
    if (key != null) {
      failed.add(key);
    }
  }

  /**
   * The event's status. A source that threw for every needed key is FAILED (worth retrying as is);
   * keys the store lacks make it MISSING_SYMBOLS (worth replaying once someone uploads them).
   */
  SymbolicationStatus status() {
    boolean keysLacking = !missing.isEmpty() || !failed.isEmpty();
    if (resolved == 0 && unresolved == 0 && !keysLacking) {
      return SymbolicationStatus.NOT_NEEDED;
    }
    if (unresolved == 0 && !keysLacking) {
      return SymbolicationStatus.SYMBOLICATED;
    }
    if (resolved > 0) {
      return SymbolicationStatus.PARTIAL;
    }
    return missing.isEmpty() && !failed.isEmpty()
        ? SymbolicationStatus.FAILED
        : SymbolicationStatus.MISSING_SYMBOLS;
  }

  /** Sorted distinct keys that were needed and not loaded, whether absent or failed. */
  List<String> missingKeys() {
    Set<String> all = new TreeSet<>(missing);
    all.addAll(failed);
    return List.copyOf(all);
  }
}
