package dev.crashflow.symbolicate;

import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.CrashException;
import dev.crashflow.model.CrashThread;
import dev.crashflow.model.Frame;
import dev.crashflow.retrace.StackCursor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Rewrites an event's frames with original names: JVM frames through R8/ProGuard mappings, native
 * frames through Breakpad symbols, both taken from one {@link SymbolSource}. Inlined frames become
 * frames of their own; every rewritten frame keeps what identifies the raw one ({@code
 * raw_function}, instruction and image addresses, package). Frames that cannot be symbolicated stay
 * as they were, and the event's {@code symbolication_status} and {@code missing_debug_ids} say why.
 *
 * <p>Thread-safe when the source is; stateless apart from it.
 */
public final class Symbolicator {
  private final SymbolSource source;

  public Symbolicator(SymbolSource source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  /**
   * Rewrites the event's frames (exceptions and threads) and returns the new event; never throws
   * for missing or broken symbols (an {@link java.io.IOException} from the source makes that image
   * count as failed).
   */
  public CrashEvent symbolicate(CrashEvent event) {
    Tally tally = new Tally();
    JvmFrames jvm = JvmFrames.open(source, event, tally);
    NativeFrames natives = new NativeFrames(source, event, tally);
    List<CrashException> exceptions = new ArrayList<>(size(event.exceptions()));
    for (CrashException x : nonNull(event.exceptions())) {
      CrashException retyped = jvm.retraceType(x);
      exceptions.add(retyped.withFrames(
          rewrite(event, x.frames(), jvm, jvm.cursor(retyped.qualifiedType()), natives)));
    }
    List<CrashThread> threads = new ArrayList<>(size(event.threads()));
    for (CrashThread t : nonNull(event.threads())) {
      threads.add(t.withFrames(rewrite(event, t.frames(), jvm, jvm.cursor(null), natives)));
    }
    return event.withStacks(List.copyOf(exceptions), List.copyOf(threads), tally.status(),
        tally.missingKeys());
  }

  /**
   * One stack, caller to callee; its last frame is the crashing one (not a return address). Frames
   * are rewritten innermost first, as R8's retrace reads a stack, and put back in Sentry's order.
   */
  private static List<Frame> rewrite(CrashEvent event, List<Frame> frames, JvmFrames jvm,
      StackCursor cursor, NativeFrames natives) {
    if (frames == null || frames.isEmpty()) {
      return frames;
    }
    List<List<Frame>> rewritten = new ArrayList<>(frames.size());
    int total = 0;
    for (int i = frames.size() - 1; i >= 0; i--) {
      Frame f = frames.get(i);
      List<Frame> r;
      if (f == null) {
        continue;
      } else if (f.instructionAddr() != null) {
        r = natives.symbolicate(f, i == frames.size() - 1);
        cursor.skip();
      } else if (jvm.isJvm(event, f)) {
        r = jvm.retrace(f, cursor);
      } else {
        r = List.of(f);
        cursor.skip();
      }
      rewritten.add(r);
      total += r.size();
    }
    List<Frame> out = new ArrayList<>(total);
    for (int k = rewritten.size() - 1; k >= 0; k--) {
      out.addAll(rewritten.get(k));
    }
    // R8 hides synthesized frames; a stack of nothing else is better shown raw than empty.
    return out.isEmpty() ? frames : List.copyOf(out);
  }

  /** Every stack of the event: exception stacks, then thread stacks. */
  static List<List<Frame>> stacks(CrashEvent event) {
    List<List<Frame>> stacks = new ArrayList<>();
    for (CrashException x : nonNull(event.exceptions())) {
      stacks.add(nonNull(x.frames()));
    }
    for (CrashThread t : nonNull(event.threads())) {
      stacks.add(nonNull(t.frames()));
    }
    return stacks;
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static int size(List<?> list) {
    return list == null ? 0 : list.size();
  }
}
