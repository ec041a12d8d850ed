package dev.crashflow.symbols;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a large seeded C program for the native symbolizer benchmark: several translation units,
 * each with a chain of {@code static inline} helpers that call lower helpers (so {@code gcc -O2}
 * nests inlined frames several deep) and many global functions that loop over those helpers and
 * call global functions of other units (so nothing folds away). Every statement sits on its own
 * line, giving the line tables a realistic density. The same seed writes the same program.
 * Eight units of 300 functions and 40 helpers compile in about a minute of CPU.
 */
final class BenchCProgram {
  static final int LEVELS = 4;
  private final Random random;
  private final int units;
  private final int functions;
  private final int helpers;

  private BenchCProgram(long seed, int units, int functions, int helpers) {
    this.random = new Random(seed);
    this.units = units;
    this.functions = functions;
    this.helpers = helpers;
  }

  /**
   * Writes {@code units} C files into {@code dir} with {@code functions} global functions and
   * {@code helpers} static inline helpers each; returns the files to compile.
   */
  static List<Path> write(Path dir, long seed, int units, int functions, int helpers)
      throws IOException {
    if (helpers < LEVELS || helpers % LEVELS != 0) {
      throw new IllegalArgumentException("helpers must be a positive multiple of " + LEVELS);
    }
    return new BenchCProgram(seed, units, functions, helpers).writeAll(dir);
  }

  private List<Path> writeAll(Path dir) throws IOException {
    StringBuilder header = new StringBuilder("#ifndef BENCH_H\n#define BENCH_H\n");
    for (int u = 0; u < units; u++) {
      for (int f = 0; f < functions; f++) {
        header.append("int ").append(global(u, f)).append("(int a, int b);\n");
      }
    }
    header.append("#endif\n");
    Files.writeString(dir.resolve("bench.h"), header, StandardCharsets.US_ASCII);
    List<Path> sources = new ArrayList<>();
    for (int u = 0; u < units; u++) {
      Path source = dir.resolve("unit" + u + ".c");
      Files.writeString(source, unit(u), StandardCharsets.US_ASCII);
      sources.add(source);
    }
    return sources;
  }

  private String unit(int u) {
    StringBuilder c = new StringBuilder(1 << 16);
    c.append("#include \"bench.h\"\n\n");
    c.append("static const int table").append(u).append("[64] = {");
    for (int i = 0; i < 64; i++) {
      c.append(i == 0 ? "" : ", ").append(random.nextInt(1000));
    }
    c.append("};\n\n");
    for (int h = 0; h < helpers; h++) {
      helper(c, u, h);
    }
    for (int f = 0; f < functions; f++) {
      function(c, u, f);
    }
    if (u == 0) {
      c.append("int main(int argc, char **argv) {\n")
          .append("  (void) argv;\n")
          .append("  return ").append(global(0, 0)).append("(argc, argc + 1) & 1;\n")
          .append("}\n");
    }
    return c.toString();
  }

  /**
   * Helpers form {@link #LEVELS} levels; one of level L calls one or two of level L-1, so inlining
   * nests up to {@code LEVELS} frames without the code growing beyond a few leaf bodies.
   */
  private void helper(StringBuilder c, int u, int h) {
    // Half are forced inline so the nesting is deep regardless of gcc's size heuristics.
    c.append(random.nextBoolean() ? "static inline __attribute__((always_inline)) int "
        : "static inline int ");
    c.append(helperName(u, h)).append("(int x, int y) {\n");
    c.append("  int r = x * ").append(3 + random.nextInt(60)).append(" + y;\n");
    int perLevel = helpers / LEVELS;
    int level = h / perLevel;
    int calls = level == 0 ? 0 : 1 + random.nextInt(2);
    for (int k = 0; k < calls; k++) {
      int callee = (level - 1) * perLevel + random.nextInt(perLevel);
      c.append("  if (r & ").append(1 << random.nextInt(6)).append(")\n");
      c.append("    r += ").append(helperName(u, callee)).append("(y, r);\n");
    }
    c.append("  r ^= r >> ").append(1 + random.nextInt(7)).append(";\n");
    c.append("  return r + table").append(u).append("[(unsigned) r & 63];\n");
    c.append("}\n\n");
  }

  private void function(StringBuilder c, int u, int f) {
    c.append("int ").append(global(u, f)).append("(int a, int b) {\n");
    c.append("  int s = a ^ ").append(random.nextInt(1 << 16)).append(";\n");
    // The loop variable is declared up front: a declaration in the for statement opens a lexical
    // block, and the dump_syms of minidump@0.26.0 drops inlined calls inside lexical blocks.
    c.append("  int i;\n");
    int blocks = 1 + random.nextInt(4);
    for (int k = 0; k < blocks; k++) {
      c.append("  for (i = 0; i < (b & ").append(7 + random.nextInt(24)).append("); i++) {\n");
      c.append("    s += ").append(helperName(u, random.nextInt(helpers))).append("(s, i);\n");
      if (random.nextBoolean()) {
        c.append("    if (s & ").append(1 << random.nextInt(10)).append(")\n");
        c.append("      s -= ").append(helperName(u, random.nextInt(helpers))).append("(i, s);\n");
      }
      c.append("  }\n");
      if (random.nextInt(3) == 0) {
        int other = random.nextInt(units);
        c.append("  if (s > ").append(10000 + random.nextInt(100000)).append(")\n");
        c.append("    s = ").append(global(other, random.nextInt(functions))).append("(s, b);\n");
      }
    }
    c.append("  return s + ").append(helperName(u, random.nextInt(helpers))).append("(a, s);\n");
    c.append("}\n\n");
  }

  private static String helperName(int u, int h) {
    return "helper" + u + "_" + h;
  }

  private static String global(int u, int f) {
    return "unit" + u + "_function" + f;
  }
}
