package dev.crashflow.bench;

import dev.crashflow.symbolicate.StoreLayout;
import dev.crashflow.symbols.DebugId;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes the symbol files of one benchmark app release into a symbol store, under the keys the
 * pipeline looks them up by: an R8 mapping for the JVM code and Breakpad {@code .sym} files for
 * the native library (Android) and the app binary (iOS). What the files hold depends only on the
 * release's seed, and {@link BenchApp} derives the obfuscated names and addresses events use
 * from the same functions, so every generated frame has a symbol.
 */
final class BenchSymbols {
  private static final String[] AREAS = {"account", "billing", "board", "chat", "shop", "feed",
      "level", "map", "media", "net", "player", "profile", "render", "save", "sync", "ui"};
  private static final String[] NOUNS = {"Activity", "Adapter", "Cache", "Client", "Controller",
      "Fragment", "Manager", "Presenter", "Repository", "Service", "View", "ViewModel", "Worker",
      "Parser", "Store", "Renderer"};
  private static final String[] VERBS = {"load", "save", "update", "handle", "create", "parse",
      "apply", "notify", "compute", "resolve", "bind", "render", "fetch", "draw", "flush", "step"};
  /** Lines of original source per method in the mapping. */
  static final int METHOD_LINES = 24;
  /** Bytes of code per native function, and per line record. */
  static final int FUNC_BYTES = 0x100;
  static final int LINE_BYTES = 0x10;
  static final long FIRST_FUNC = 0x1000;

  private BenchSymbols() {}

  static String className(String appPackage, int c) {
    return appPackage + "." + AREAS[c % AREAS.length] + "." + NOUNS[(c / 3) % NOUNS.length] + c;
  }

  /** The obfuscated class name R8 gave class {@code c}: short, unique per class. */
  static String obfuscatedClass(int c) {
    return "o." + letters(c);
  }

  static String methodName(int m) {
    return VERBS[m % VERBS.length] + (m / VERBS.length == 0 ? "" : "Step" + m / VERBS.length);
  }

  static String obfuscatedMethod(int m) {
    return letters(m);
  }

  /** The minified line range of method {@code m} starts here. */
  static int firstMinifiedLine(int m) {
    return 1 + m * METHOD_LINES;
  }

  static String nativeFunction(String module, int f) {
    return module + "::" + NOUNS[f % NOUNS.length] + (f % 97) + "::" + VERBS[(f / 7) % VERBS.length]
        + f + "(int, float const&)";
  }

  static long functionAddress(int f) {
    return FIRST_FUNC + (long) f * FUNC_BYTES;
  }

  /** Writes an R8 mapping of {@code classes} classes with {@code methods} methods each. */
  static long writeMapping(Path store, String uuid, String appPackage, int classes, int methods)
      throws IOException {
    Path file = store.resolve(StoreLayout.mapping(uuid));
    Files.createDirectories(file.getParent());
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("# compiler: R8\n# compiler_version: 8.5.35\n# min_api: 24\n");
      w.write("# pg_map_id: " + uuid.replace("-", "").substring(0, 7) + "\n");
      StringBuilder sb = new StringBuilder(256);
      for (int c = 0; c < classes; c++) {
        String name = className(appPackage, c);
        sb.setLength(0);
        sb.append(name).append(" -> ").append(obfuscatedClass(c)).append(":\n");
        sb.append("# {\"id\":\"sourceFile\",\"fileName\":\"")
            .append(name.substring(name.lastIndexOf('.') + 1)).append(".kt\"}\n");
        sb.append("    java.lang.String tag -> a\n");
        for (int m = 0; m < methods; m++) {
          int first = firstMinifiedLine(m);
          int original = 20 + m * 40;
          sb.append("    ").append(first).append(':').append(first + METHOD_LINES - 1)
              .append(":void ").append(methodName(m)).append("(int,java.lang.String):")
              .append(original).append(':').append(original + METHOD_LINES - 1)
              .append(" -> ").append(obfuscatedMethod(m)).append('\n');
        }
        w.write(sb.toString());
      }
    }
    return Files.size(file);
  }

  /**
   * Writes a Breakpad {@code .sym} file of {@code functions} functions of {@link #FUNC_BYTES}
   * bytes each, with a line record every {@link #LINE_BYTES} bytes and, for every fourth
   * function, one inlined call.
   */
  static long writeSym(Path store, String os, String arch, String debugId, String debugFile,
      String module, int functions, long seed) throws IOException {
    DebugId id = DebugId.parse(debugId);
    Path file = store.resolve(StoreLayout.symbols(id, debugFile));
    Files.createDirectories(file.getParent());
    Random r = new Random(seed);
    int files = Math.max(1, functions / 20);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("MODULE " + os + " " + arch + " " + id.breakpad() + " " + debugFile + "\n");
      for (int i = 0; i < files; i++) {
        w.write("FILE " + i + " /build/src/" + module.toLowerCase() + "/" + AREAS[i % AREAS.length]
            + "/source_" + i + ".cpp\n");
      }
      w.write("INLINE_ORIGIN 0 " + module + "::inlined::clamp(float)\n");
      StringBuilder sb = new StringBuilder(1024);
      for (int f = 0; f < functions; f++) {
        sb.setLength(0);
        long start = functionAddress(f);
        int file0 = f % files;
        sb.append("FUNC ").append(Long.toHexString(start)).append(' ')
            .append(Integer.toHexString(FUNC_BYTES)).append(" 0 ")
            .append(nativeFunction(module, f)).append('\n');
        if (f % 4 == 0) {
          sb.append("INLINE 0 ").append(40 + r.nextInt(200)).append(' ').append(file0)
              .append(" 0 ").append(Long.toHexString(start + 0x40)).append(" 40\n");
        }
        int line = 10 + r.nextInt(500);
        for (long a = start; a < start + FUNC_BYTES; a += LINE_BYTES) {
          sb.append(Long.toHexString(a)).append(' ').append(Integer.toHexString(LINE_BYTES))
              .append(' ').append(line++).append(' ').append(file0).append('\n');
        }
        w.write(sb.toString());
      }
    }
    return Files.size(file);
  }

  private static String letters(int n) {
    StringBuilder sb = new StringBuilder();
    int v = n;
    do {
      sb.append((char) ('a' + v % 26));
      v = v / 26 - 1;
    } while (v >= 0);
    return sb.reverse().toString();
  }
}
