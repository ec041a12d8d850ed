package dev.crashflow.retrace;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random obfuscated frames drawn from any mapping file, for retrace benchmarks: each frame is a
 * method line of the file (obfuscated class and method name) with a line inside its minified
 * range, or no line ({@code -1}) when the member line has no range.
 *
 * <p>The file is scanned with a minimal reader of its own, independent of the parsers under test.
 */
record MappingFrames(String[] classes, String[] methods, int[] lines) {

  int size() {
    return classes.length;
  }

  static MappingFrames sample(Path mapping, int count, long seed) throws IOException {
    List<String> cls = new ArrayList<>();
    List<String> method = new ArrayList<>();
    List<int[]> range = new ArrayList<>();
    String current = null;
    try (BufferedReader in = Files.newBufferedReader(mapping, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank() || line.stripLeading().startsWith("#")) {
          continue;
        }
        int arrow = line.indexOf(" -> ");
        if (arrow < 0) {
          continue;
        }
        if (!Character.isWhitespace(line.charAt(0))) {
          current = line.substring(arrow + 4, line.lastIndexOf(':')).trim().intern();
          continue;
        }
        int paren = line.indexOf('(');
        if (current == null || paren < 0 || paren > arrow) {
          continue; // a field
        }
        String body = line.trim();
        int[] r = {-1, -1};
        if (Character.isDigit(body.charAt(0))) {
          int c1 = body.indexOf(':');
          int c2 = body.indexOf(':', c1 + 1);
          r = new int[] {Integer.parseInt(body.substring(0, c1)),
              Integer.parseInt(body.substring(c1 + 1, c2))};
        }
        cls.add(current);
        method.add(line.substring(arrow + 4).trim().intern());
        range.add(r);
      }
    }
    Random random = new Random(seed);
    String[] c = new String[count];
    String[] m = new String[count];
    int[] l = new int[count];
    for (int i = 0; i < count; i++) {
      int k = random.nextInt(cls.size());
      c[i] = cls.get(k);
      m[i] = method.get(k);
      int[] r = range.get(k);
      l[i] = r[0] < 0 ? -1 : r[0] + random.nextInt(Math.max(1, r[1] - r[0] + 1));
    }
    return new MappingFrames(c, m, l);
  }
}
