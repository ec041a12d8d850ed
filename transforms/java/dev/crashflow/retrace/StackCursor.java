package dev.crashflow.retrace;

import java.util.List;

/**
 * Retraces the frames of one stack in order, innermost (crashing) frame first, carrying what R8's
 * retrace carries from one line of a stack trace to the next: the thrown exception class, which
 * selects {@code com.android.tools.r8.rewriteFrame} rules on the top frame (R8 removes the inner
 * frames it synthesised for, say, a null check), and the position inside an outline, which the
 * outline's caller maps through its {@code outlineCallsite} table.
 *
 * <p>{@link Retracer#retraceFrame} retraces a frame without this context; a pipeline that has the
 * whole stack uses a cursor. Not thread-safe: one cursor per stack.
 */
public final class StackCursor {
  private RetraceContext ctx;
  private Retracer previous;

  /**
   * A cursor for a stack thrown as {@code thrownClass} (the original, retraced class name, e.g.
   * {@code java.lang.NullPointerException}), or null for a thread's stack.
   */
  public StackCursor(String thrownClass) {
    this.ctx = thrownClass == null ? RetraceContext.EMPTY : new RetraceContext(thrownClass, null);
  }

  /**
   * Retraces the next frame (one level further out than the previous call) with {@code retracer},
   * the mapping of its class. Returns the alternatives as {@link Retracer#retraceFrame} does.
   *
   * @param line the obfuscated line number, null or negative when the frame has none
   */
  public List<List<RetracedFrame>> next(Retracer retracer, String className, String methodName,
      Integer line) {
    if (previous != null && previous != retracer) {
      ctx = RetraceContext.EMPTY; // outline positions do not cross mappings
    }
    previous = retracer;
    FrameLookup r = retracer.lookupFrame(className, methodName, line == null ? -1 : line, ctx);
    ctx = r.next();
    return Retracer.distinctSorted(r);
  }

  /** Forgets the context, e.g. after a frame no mapping knows. */
  public void skip() {
    ctx = RetraceContext.EMPTY;
    previous = null;
  }
}
