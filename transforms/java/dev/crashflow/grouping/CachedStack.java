package dev.crashflow.grouping;

/**
 * A stack rule result kept by stack shape ({@link StackRules#apply}, in a {@link TwoWayTable}):
 * the result it holds is never written once cached.
 */
final class CachedStack extends TwoWayTable.Entry {
  /**
   * The exception fields the rules read (type, module, value, mechanism), compared on every hit;
   * null when no rule reads the exception.
   */
  final String[] exception;
  /** The result, with the entries of the stack that made it (only its flags are reused). */
  final StackResult result;

  CachedStack(long k1, long k2, String[] exception, StackResult result) {
    super(k1, k2);
    this.exception = exception;
    this.result = result;
  }
}
