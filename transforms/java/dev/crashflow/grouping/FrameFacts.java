package dev.crashflow.grouping;

import dev.crashflow.model.FileNames;
import dev.crashflow.model.Frame;
import java.util.List;
import java.util.Locale;

/**
 * What grouping reads from one frame, worked out once per distinct frame and cached: the fields
 * stack rules match ({@code module}, {@code function}, {@code path}, {@code package}, family) and
 * the values that count for the hash, by platform:
 *
 * <ul>
 *   <li>JVM: class (module) + method, generated names neutralised; an obfuscated class (no
 *       mapping applied) does not count, since its name changes with every release;
 *   <li>native: image file name + cleaned function, so install paths ({@code /data/app/~~X==/..})
 *       and {@code base.apk!} prefixes never count; a frame without a function counts by image and
 *       module-relative offset (worked out per event, see {@link #needsOffset});
 *   <li>C#/Unity: module + function as sent, without Unity's argument list.
 * </ul>
 *
 * Line numbers and absolute addresses never count.
 */
final class FrameFacts {
  private static final List<String> NO_NAME = List.of("", "<unknown>", "<redacted>", "?", "??");

  final String family;
  final String module;
  final String function;
  final String path;
  final String pkg;
  /** {@link #path} and {@link #pkg} as path-like globs read them (lower case, '/'). */
  final String pathKey;
  final String pkgKey;
  /** Leaf ids and values that count; null when the frame has none of its own. */
  final String[] ids;
  final String[] values;
  /** Why the frame cannot count (when {@link #values} is null and no offset applies). */
  final String noValue;
  /** What normalisation changed, for {@code explain}; null when nothing. */
  final String note;
  /** An unsymbolicated native frame: counts by {@code image} + per-event offset. */
  final boolean needsOffset;
  final String image;
  /** The values joined, to compare frames for recursion. */
  final String key;
  /** The digest of {@link #key}, as the fingerprint hashes it ({@link Fingerprinter#digest}). */
  final byte[] digest;
  final FrameOwner owner;

  private FrameFacts(String family, Frame f, String absPath, String function, String[] ids, String[] values,
      String noValue, String note, boolean needsOffset, String image) {
    this.family = family;
    this.module = f.module();
    this.function = function;
    this.path = absPath != null ? absPath : f.filename();
    this.pkg = canonicalPackage(f.pkg());
    this.pathKey = Glob.normalizePath(path);
    this.pkgKey = Glob.normalizePath(pkg);
    this.ids = ids;
    this.values = values;
    this.noValue = noValue;
    this.note = note;
    this.needsOffset = needsOffset;
    this.image = image;
    StringBuilder k = new StringBuilder();
    if (values != null) {
      for (int i = 0; i < values.length; i++) {
        k.append(ids[i]).append('=').append(values[i]).append('\n');
      }
    }
    this.key = k.toString();
    this.digest = values == null ? null : Fingerprinter.digest(key);
    this.owner = FrameOwner.classify(family, f.module(), pkgKey);
  }

  /**
   * The facts of a frame of {@code family}; {@code absPath} is the frame's {@code abs_path}, or
   * null when no rule reads paths and the frame's image is named otherwise (then it is left out
   * of the cache key, and must not show in the facts either).
   */
  static FrameFacts of(Frame f, String family, String absPath) {
    String fn = f.function() == null ? "" : f.function().strip();
    boolean named = !NO_NAME.contains(fn);
    switch (family) {
      case Families.NATIVE:
        return nativeFrame(f, absPath, named ? fn : null);
      case Families.JVM:
        return jvmFrame(f, absPath, named ? fn : null);
      case Families.CSHARP: {
        String clean = named ? FunctionNames.cleanCsharp(fn) : null;
        return scripted(f, absPath, family, clean, clean != null && !clean.equals(fn) ? "argument list removed" : null);
      }
      default:
        return scripted(f, absPath, family, named ? fn : null, null);
    }
  }

  private static FrameFacts nativeFrame(Frame f, String absPath, String fn) {
    String file = f.pkg() != null ? f.pkg() : f.filename() != null ? f.filename() : absPath;
    String image = file == null ? "" : FileNames.baseName(file).toLowerCase(Locale.ROOT);
    if (fn == null) {
      return new FrameFacts(Families.NATIVE, f, absPath, null, null, null,
          "no function name and no address", null, true, image);
    }
    String clean = FunctionNames.cleanNative(fn);
    String note = clean.equals(fn) ? null : "cleaned from \"" + shorten(fn) + "\"";
    String[] ids = image.isEmpty() ? new String[] {"function"} : new String[] {"image", "function"};
    String[] values = image.isEmpty() ? new String[] {clean} : new String[] {image, clean};
    return new FrameFacts(Families.NATIVE, f, absPath, clean, ids, values, null, note, false, image);
  }

  private static FrameFacts jvmFrame(Frame f, String absPath, String fn) {
    if (fn == null) {
      return new FrameFacts(Families.JVM, f, absPath, null, null, null, "no function name", null, false, null);
    }
    String module = f.module();
    if (module != null && FunctionNames.obfuscatedClass(module)) {
      return new FrameFacts(Families.JVM, f, absPath, fn, null, null,
          "obfuscated name (no mapping applied); would change with every release", null, false, null);
    }
    String note = null;
    String m;
    String name;
    String[] co = FunctionNames.coroutine(module, fn);
    if (co != null) {
      m = FunctionNames.jvmModule(co[0]);
      name = co[1];
      note = "coroutine state machine of " + co[1];
    } else {
      m = module == null ? null : FunctionNames.jvmModule(module);
      name = FunctionNames.jvmFunction(fn);
      if (!name.equals(fn) || (m != null && !m.equals(module))) {
        note = "generated name neutralised from " + (module == null ? "" : module + ".") + fn;
      }
    }
    if (m == null) {
      String file = f.filename() == null ? null : FileNames.baseName(f.filename());
      boolean usable = file != null && !file.isEmpty() && !file.equals("SourceFile")
          && !file.equals("Unknown Source");
      return new FrameFacts(Families.JVM, f, absPath, fn, usable ? new String[] {"filename", "function"}
          : new String[] {"function"}, usable ? new String[] {file, name} : new String[] {name},
          null, note, false, null);
    }
    return new FrameFacts(Families.JVM, f, absPath, fn, new String[] {"module", "function"},
        new String[] {m, name}, null, note, false, null);
  }

  private static FrameFacts scripted(Frame f, String absPath, String family, String fn,
      String note) {
    if (fn == null) {
      return new FrameFacts(family, f, absPath, null, null, null, "no function name", null, false, null);
    }
    String where = f.module() != null ? f.module()
        : f.filename() != null ? FileNames.baseName(f.filename()) : null;
    String[] ids = where == null ? new String[] {"function"}
        : new String[] {f.module() != null ? "module" : "filename", "function"};
    String[] values = where == null ? new String[] {fn} : new String[] {where, fn};
    return new FrameFacts(family, f, absPath, fn, ids, values, null, note, false, null);
  }

  /**
   * A library path without its per-install parts, before rules or the cache read it: Android's
   * {@code /data/app/~~Rnd==/com.app-Rnd==/lib/arm64/libgame.so} becomes {@code
   * /data/app/com.app/lib/arm64/libgame.so}, and UUID folders (iOS app containers, simulators)
   * become {@code <uuid>}. Every device then shares one cached entry per frame.
   */
  static String canonicalPackage(String pkg) {
    if (pkg == null || pkg.length() < 12) {
      return pkg;
    }
    String p = pkg;
    if (p.startsWith("/data/app/")) {
      int i = 10;
      if (p.startsWith("~~", i)) {
        int slash = p.indexOf('/', i);
        i = slash < 0 ? i : slash + 1;
      }
      int slash = p.indexOf('/', i);
      int dash = p.indexOf('-', i);
      if (slash > 0 && dash > i && dash < slash) {
        p = "/data/app/" + p.substring(i, dash) + p.substring(slash);
      }
    }
    if (p.length() >= 36 && p.indexOf('-') >= 0) {
      StringBuilder out = null;
      int start = 0;
      for (int i = 0; i <= p.length(); i++) {
        if (i == p.length() || p.charAt(i) == '/') {
          if (i - start == 36 && isUuid(p, start)) {
            if (out == null) {
              out = new StringBuilder(p.length()).append(p, 0, start);
            }
            out.append("<uuid>");
          } else if (out != null) {
            out.append(p, start, i);
          }
          if (out != null && i < p.length()) {
            out.append('/');
          }
          start = i + 1;
        }
      }
      if (out != null) {
        p = out.toString();
      }
    }
    return p;
  }

  private static boolean isUuid(String s, int at) {
    for (int k = 0; k < 36; k++) {
      char c = s.charAt(at + k);
      boolean dash = k == 8 || k == 13 || k == 18 || k == 23;
      if (dash ? c != '-' : Character.digit(c, 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The per-event value of an unsymbolicated native frame: image + module-relative offset. */
  static String offsetValue(Frame f) {
    Long a = dev.crashflow.rows.Hex.parse(f.instructionAddr());
    Long b = dev.crashflow.rows.Hex.parse(f.imageAddr());
    if (a == null || b == null) {
      return null; // an absolute address alone differs on every device (ASLR): never counts
    }
    return Long.toHexString(a - b);
  }


  boolean hasValue() {
    return values != null;
  }

  private static String shorten(String s) {
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }
}
