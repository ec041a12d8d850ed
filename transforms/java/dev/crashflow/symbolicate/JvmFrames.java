package dev.crashflow.symbolicate;

import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.CrashException;
import dev.crashflow.model.DebugImage;
import dev.crashflow.model.Frame;
import dev.crashflow.retrace.RetracedFrame;
import dev.crashflow.retrace.Retracer;
import dev.crashflow.retrace.StackCursor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Retraces the JVM frames and exception classes of one event with its R8/ProGuard mappings: those
 * named by the event's proguard images (several when an app ships feature modules), else the one
 * registered for the app release.
 */
final class JvmFrames {
  /** At most this many inlined frames per obfuscated frame, against hostile mappings. */
  static final int MAX_INLINED = 8;

  private final List<Retracer> mappings;
  /** True when the event names mappings (or has a release mapping), so its frames need one. */
  private final boolean referenced;
  private final Tally tally;

  private JvmFrames(List<Retracer> mappings, boolean referenced, Tally tally) {
    this.mappings = mappings;
    this.referenced = referenced;
    this.tally = tally;
  }

  /** Loads the event's mappings, recording missing and failed uuids in {@code tally}. */
  static JvmFrames open(SymbolSource source, CrashEvent event, Tally tally) {
    List<String> uuids = proguardUuids(event);
    List<Retracer> found = new ArrayList<>();
    if (!uuids.isEmpty()) {
      for (String uuid : uuids) {
        try {
          Retracer r = source.mapping(uuid);
          if (r == null) {
            tally.missing(uuid);
          } else {
            found.add(r);
          }
        } catch (Exception e) { // IOException or a broken store: this mapping counts as failed
          tally.failed(uuid);
        }
      }
      return new JvmFrames(found, true, tally);
    }
    if (!hasJvmFrames(event) || event.app() == null || event.app().appId() == null) {
      return new JvmFrames(found, false, tally);
    }
    try {
      Retracer r = source.mappingForRelease(event.app().appId(), event.app().version(),
          event.app().build());
      if (r != null) {
        found.add(r);
      }
    } catch (Exception e) {
      // Without a uuid we cannot tell that the event needed a mapping at all: leave it as is.
    }
    return new JvmFrames(found, !found.isEmpty(), tally);
  }

  /** Whether {@code f} is a JVM frame of {@code event} (rather than native or another runtime). */
  boolean isJvm(CrashEvent event, Frame f) {
    if (f.instructionAddr() != null || f.module() == null || f.function() == null) {
      return false;
    }
    return referenced || isJavaPlatform(event, f);
  }

  /**
   * The original frames for one obfuscated frame, caller to callee; the frame itself when no
   * mapping knows its class; an empty list when R8 hides it (a compiler-synthesized method or an
   * outline). Frames of a stack go through one {@code cursor}, innermost first, so that R8's
   * {@code rewriteFrame} rules and outline call sites apply as R8's retrace applies them.
   */
  List<Frame> retrace(Frame f, StackCursor cursor) {
    if (!referenced) {
      return List.of(f);
    }
    Retracer r = mappingFor(f.module());
    if (r == null) {
      cursor.skip();
      if (mappings.isEmpty() || Boolean.TRUE.equals(f.inApp())) {
        // Every mapping is missing (we cannot tell which frames were renamed), or an app frame's
        // class is in none of them: R8 lists every program class, kept ones too, so the mapping
        // is for another build or app and the frame cannot be trusted as symbolicated.
        tally.unresolved();
      }
      return List.of(f);
    }
    List<List<RetracedFrame>> alternatives;
    try {
      alternatives = cursor.next(r, f.module(), f.function(), f.lineno());
    } catch (RuntimeException e) {
      cursor.skip();
      tally.unresolved(); // a mapping that breaks the retracer leaves the frame raw
      return List.of(f);
    }
    tally.resolved();
    if (alternatives.isEmpty() || alternatives.get(0).isEmpty()) {
      return List.of();
    }
    List<RetracedFrame> chain = capInlined(alternatives.get(0));
    String raw = f.rawFunction() != null ? f.rawFunction() : f.module() + "." + f.function();
    List<Frame> out = new ArrayList<>(chain.size());
    for (int i = chain.size() - 1; i >= 0; i--) {
      RetracedFrame o = chain.get(i);
      out.add(new Frame(o.methodName(), raw, o.className(), o.fileName(f.filename()),
          f.absPath(), o.line(), f.colno(), f.inApp(), f.pkg(), f.platform(), null,
          f.symbolAddr(), f.imageAddr(), f.addrMode()));
    }
    return out;
  }

  /**
   * The exception with its class name retraced. Sentry's Java SDK splits the class into {@code
   * module} (package) and {@code type} (simple name); both are rewritten the same way.
   */
  /** A cursor for one stack, thrown as {@code thrownClass} (original name) or null. */
  StackCursor cursor(String thrownClass) {
    return new StackCursor(thrownClass);
  }

  CrashException retraceType(CrashException x) {
    if (!referenced || x.type() == null) {
      return x;
    }
    String full = x.qualifiedType();
    Retracer r = mappingFor(full);
    if (r == null) {
      if (mappings.isEmpty()) {
        tally.unresolved();
      }
      return x;
    }
    String original = r.retraceClass(full);
    tally.resolved();
    String type = original;
    String module = x.module();
    if (module != null && !module.isEmpty()) {
      int dot = original.lastIndexOf('.');
      module = dot < 0 ? null : original.substring(0, dot);
      type = original.substring(dot + 1);
    }
    return new CrashException(type, x.value(), module, x.threadId(), x.mechanism(), x.frames(),
        x.framesOmitted());
  }

  private Retracer mappingFor(String className) {
    for (Retracer r : mappings) {
      if (r.hasClass(className)) {
        return r;
      }
    }
    return null;
  }

  /** Keeps the innermost inlined frames and the enclosing method when a chain is too long. */
  private static List<RetracedFrame> capInlined(List<RetracedFrame> chain) {
    if (chain.size() <= MAX_INLINED + 1) {
      return chain;
    }
    List<RetracedFrame> capped = new ArrayList<>(chain.subList(0, MAX_INLINED));
    capped.add(chain.get(chain.size() - 1));
    return capped;
  }

  private static List<String> proguardUuids(CrashEvent event) {
    List<String> uuids = new ArrayList<>();
    for (DebugImage i : event.images() == null ? List.<DebugImage>of() : event.images()) {
      if ("proguard".equalsIgnoreCase(i.type())) {
        String id = i.uuid() != null ? i.uuid() : i.debugId();
        if (id != null && !id.isBlank()) {
          String key = id.trim().toLowerCase(Locale.ROOT);
          if (!uuids.contains(key)) {
            uuids.add(key);
          }
        }
      }
    }
    return uuids;
  }

  private static boolean hasJvmFrames(CrashEvent event) {
    for (List<Frame> frames : Symbolicator.stacks(event)) {
      for (Frame f : frames) {
        if (f.instructionAddr() == null && f.module() != null && f.function() != null
            && isJavaPlatform(event, f)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isJavaPlatform(CrashEvent event, Frame f) {
    String p = f.platform() != null ? f.platform() : event.sdkPlatform();
    return "java".equalsIgnoreCase(p);
  }
}
