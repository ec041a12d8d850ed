package dev.crashflow.retrace;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes large, seeded, R8-style mapping files for benchmarks, and knows the answer for frames in
 * them, so the generator itself can be tested.
 *
 * <p>Each class has a {@code sourceFile} metadata line, a few fields and methods whose bodies are
 * split into minified line ranges, as R8 writes them: plain ranges, ranges with an inlined call
 * (inlinee from another class, then the caller's single position), overloads sharing one
 * obfuscated name with distinct ranges, a compiler-synthesized lambda in some classes, and an
 * ambiguous pair of members without line information in others. Class {@code i} depends only on
 * {@code (seed, i)}: {@link #block(int)} regenerates it with its {@link Probe}s.
 */
final class MappingGenerator {
  private static final String[] AREAS = {"account", "billing", "camera", "chat", "checkout",
      "feed", "login", "map", "media", "network", "player", "profile", "search", "settings",
      "storage", "sync", "ui", "util"};
  private static final String[] LAYERS = {"data", "domain", "ui", "internal", "api", "impl"};
  private static final String[] PREFIXES = {"Account", "Audio", "Cart", "Contact", "Download",
      "Event", "Image", "Item", "Message", "Order", "Payment", "Photo", "Post", "Session", "Track",
      "User", "Video", "Widget"};
  private static final String[] NOUNS = {"Activity", "Adapter", "Cache", "Client", "Controller",
      "Fragment", "Helper", "Manager", "Presenter", "Repository", "Service", "View", "ViewModel",
      "Worker", "Factory", "Parser", "Store", "Listener"};
  private static final String[] VERBS = {"get", "set", "load", "save", "update", "handle",
      "create", "build", "parse", "apply", "notify", "compute", "check", "resolve", "bind",
      "render", "fetch", "on"};
  private static final String[] OBJECTS = {"Item", "State", "Result", "Value", "Config", "Data",
      "Event", "Request", "View", "Layout", "Token", "Count", "Entry", "Payload", "Callback"};
  private static final String[] TYPES = {"void", "int", "long", "boolean", "java.lang.String",
      "java.lang.Object", "java.util.List", "java.util.Map", "android.os.Bundle",
      "android.view.View", "android.content.Context", "kotlin.jvm.functions.Function1", "byte[]",
      "java.lang.String[]"};

  /** An obfuscated frame in the generated mapping and what retrace must answer for it. */
  record Probe(String className, String method, Integer line,
      List<List<RetracedFrame>> expected) {}

  /** The text of one class and probes for its members. */
  record Block(String text, List<Probe> probes) {}

  private final long seed;
  private final int classes;

  MappingGenerator(long seed, int classes) {
    this.seed = seed;
    this.classes = classes;
  }

  /** Writes the header and every class block; returns the file size. */
  long write(Path file) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("# compiler: R8\n# compiler_version: 8.2.42\n# min_api: 24\n");
      w.write("# common_typos_disable\n");
      w.write("# {\"id\":\"com.android.tools.r8.mapping\",\"version\":\"2.2\"}\n");
      w.write("# pg_map_id: " + Long.toHexString(seed) + "\n");
      w.write("# pg_map_hash: SHA-256 " + Long.toHexString(seed * 31) + "\n");
      for (int i = 0; i < classes; i++) {
        w.write(block(i).text());
      }
    }
    return Files.size(file);
  }

  /** The original name of class {@code i}: depends on {@code (seed, i)} alone. */
  String originalName(int i) {
    Random r = new Random(seed * 1_000_003L + i);
    String name = "com.example." + pick(r, AREAS) + "." + pick(r, LAYERS) + "."
        + pick(r, PREFIXES) + pick(r, NOUNS) + i;
    return r.nextInt(5) == 0 ? name + "$" + (1 + r.nextInt(3)) : name;
  }

  /** R8-like obfuscated names: short packages and short class names, all distinct. */
  static String obfuscatedName(int i) {
    return base26(i / 100) + "." + base26(i % 100);
  }

  /** Class {@code i}: its mapping text and probes with their expected retrace result. */
  Block block(int i) {
    Random r = new Random(seed ^ (0x9E3779B97F4A7C15L * (i + 1)));
    String cls = originalName(i);
    String obf = obfuscatedName(i);
    int lastDot = cls.lastIndexOf('.');
    int dollar = cls.indexOf('$', lastDot);
    String sourceFile = cls.substring(lastDot + 1, dollar < 0 ? cls.length() : dollar)
        + (r.nextInt(4) == 0 ? ".kt" : ".java");
    StringBuilder t = new StringBuilder(1024);
    List<Probe> probes = new ArrayList<>();
    t.append(cls).append(" -> ").append(obf).append(":\n");
    t.append("# {\"id\":\"sourceFile\",\"fileName\":\"").append(sourceFile).append("\"}\n");
    int fields = r.nextInt(4);
    for (int f = 0; f < fields; f++) {
      t.append("    ").append(pick(r, TYPES, 1)).append(" m").append(pick(r, OBJECTS))
          .append(f).append(" -> ").append(base26(f)).append('\n');
    }
    int names = 2 + r.nextInt(6);
    for (int s = 0; s < names; s++) {
      String obfMethod = s == 0 ? "<init>" : base26(s - 1);
      int overloads = s > 0 && r.nextInt(5) == 0 ? 2 : 1;
      int min = 1;
      for (int o = 0; o < overloads; o++) {
        String ret = s == 0 ? "void" : pick(r, TYPES);
        String name = s == 0 ? "<init>" : pick(r, VERBS) + pick(r, OBJECTS) + (o > 0 ? o : "");
        String params = params(r, o);
        int orig = 10 + r.nextInt(1500);
        int segments = 1 + r.nextInt(3);
        for (int g = 0; g < segments; g++) {
          int len = 1 + r.nextInt(4);
          int end = min + len - 1;
          int at = min + r.nextInt(len);
          RetracedFrame top;
          List<RetracedFrame> chain = new ArrayList<>(2);
          if (s > 0 && r.nextInt(4) == 0) {
            String holder = originalName(r.nextInt(classes));
            String inlRet = pick(r, TYPES);
            String inlName = pick(r, VERBS) + pick(r, OBJECTS);
            String inlParams = params(r, 0);
            int inlOrig = 5 + r.nextInt(400);
            member(t, min, end, inlRet, holder + "." + inlName, inlParams,
                inlOrig + ":" + (inlOrig + len - 1), obfMethod);
            member(t, min, end, ret, name, params, String.valueOf(orig), obfMethod);
            // R8 finds the inlinee's source file by looking its holder up as an obfuscated name.
            chain.add(new RetracedFrame(holder, inlName, inlRet, inlParams,
                inlOrig + at - min, holder.equals(cls) ? sourceFile : null, true));
            chain.add(new RetracedFrame(cls, name, ret, params, orig, sourceFile, true));
            orig += 1;
          } else {
            member(t, min, end, ret, name, params, orig + ":" + (orig + len - 1), obfMethod);
            chain.add(new RetracedFrame(cls, name, ret, params, orig + at - min, sourceFile,
                true));
            orig += len + r.nextInt(3);
          }
          probes.add(new Probe(obf, obfMethod, at, List.of(chain)));
          min = end + 1;
        }
      }
    }
    if (r.nextInt(8) == 0) { // A synthesized lambda: R8 hides the frame.
      String obfMethod = base26(names - 1);
      member(t, 1, 2, "void", "lambda$" + pick(r, VERBS) + "$0", "android.view.View", "0:0",
          obfMethod);
      t.append("      # {\"id\":\"com.android.tools.r8.synthesized\"}\n");
      probes.add(new Probe(obf, obfMethod, 1, List.of()));
    }
    if (r.nextInt(6) == 0) { // Two members without lines under one name: ambiguous.
      String obfMethod = base26(names);
      t.append("    void release(int) -> ").append(obfMethod).append('\n');
      t.append("    void close(java.lang.String) -> ").append(obfMethod).append('\n');
      probes.add(new Probe(obf, obfMethod, null, List.of(
          List.of(new RetracedFrame(cls, "close", "void", "java.lang.String", null, sourceFile,
              true)),
          List.of(new RetracedFrame(cls, "release", "void", "int", null, sourceFile, true)))));
    }
    return new Block(t.toString(), probes);
  }

  private static void member(StringBuilder t, int min, int max, String ret, String name,
      String params, String orig, String obf) {
    t.append("    ").append(min).append(':').append(max).append(':').append(ret).append(' ')
        .append(name).append('(').append(params).append("):").append(orig).append(" -> ")
        .append(obf).append('\n');
  }

  private static String params(Random r, int overload) {
    int count = r.nextInt(3) + overload;
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < count; k++) {
      b.append(k == 0 ? "" : ",").append(pick(r, TYPES, 1));
    }
    return b.toString();
  }

  private static String pick(Random r, String[] words) {
    return words[r.nextInt(words.length)];
  }

  private static String pick(Random r, String[] words, int from) {
    return words[from + r.nextInt(words.length - from)];
  }

  /** Bijective base 26: a, b, ..., z, aa, ab, ... */
  static String base26(int n) {
    StringBuilder b = new StringBuilder();
    for (int v = n + 1; v > 0; v = (v - 1) / 26) {
      b.append((char) ('a' + (v - 1) % 26));
    }
    return b.reverse().toString();
  }
}
