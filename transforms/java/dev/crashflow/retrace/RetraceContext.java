package dev.crashflow.retrace;

/**
 * What one stack trace line tells the next: the exception just thrown (for R8's
 * {@code rewriteFrame} conditions) and the position inside an outline (mapped through the next
 * frame's {@code outlineCallsite}).
 *
 * @param thrownClass original name of the exception class on the previous line, or null
 * @param rewritePosition obfuscated position inside an outline on the previous line, or null
 */
record RetraceContext(String thrownClass, Integer rewritePosition) {
  static final RetraceContext EMPTY = new RetraceContext(null, null);
}
