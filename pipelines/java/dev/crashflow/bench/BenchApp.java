package dev.crashflow.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * One app of the benchmark corpus: an Android game with Java/Kotlin code (minified by R8), a
 * native library (NDK) and Unity C# scripts, also shipped on iOS. Each app has two releases with
 * their own symbol files and a fixed set of bugs (stack shapes) that events are drawn from, the
 * common ones far more often than the rare ones, as in real crash data.
 */
final class BenchApp {
  /** What kind of crash a bug is: the SDK and frame family that reports it. */
  enum Kind { JVM, NDK, IOS, UNITY }

  static final int CLASSES = 800;
  static final int METHODS = 8;
  static final int FUNCTIONS = 2000;
  static final int BUGS_PER_KIND = 12;

  /** A release and the ids its symbol files are stored under. */
  record Release(String version, int build, String mappingUuid, String libDebugId,
      String iosDebugId) {}

  /** A bug: its kind, exception and the app's own frames (class/method or function indices). */
  record Bug(Kind kind, String type, String value, int[] frames, int[] methods) {}

  final int index;
  final String id;
  final String name;
  final List<Release> releases = new ArrayList<>();
  final List<List<Bug>> bugs = new ArrayList<>();

  BenchApp(int index, long seed) {
    this.index = index;
    this.id = "com.bench.game" + index;
    this.name = "Bench Game " + index;
    Random r = new Random(seed * 7919L + index);
    for (int v = 0; v < 2; v++) {
      int build = 100 + index * 10 + v;
      releases.add(new Release("2." + (index % 7) + "." + v, build, uuid(r), uuid(r), uuid(r)));
    }
    for (Kind k : Kind.values()) {
      List<Bug> list = new ArrayList<>();
      for (int b = 0; b < BUGS_PER_KIND; b++) {
        list.add(bug(k, r));
      }
      bugs.add(list);
    }
  }

  /** Writes this app's symbol files (all releases) into the store; returns the bytes written. */
  long writeSymbols(Path store, long seed) throws IOException {
    long bytes = 0;
    for (Release rel : releases) {
      bytes += BenchSymbols.writeMapping(store, rel.mappingUuid(), id, CLASSES, METHODS);
      bytes += BenchSymbols.writeSym(store, "Linux", "arm64", rel.libDebugId(), "libgame.so",
          "Game", FUNCTIONS, seed + rel.build());
      bytes += BenchSymbols.writeSym(store, "mac", "arm64", rel.iosDebugId(), "BenchGame",
          "BenchGame", FUNCTIONS, seed + rel.build() * 31L);
    }
    return bytes;
  }

  /** A bug of the kind, the first ones of the list far more often (about 1/rank). */
  Bug pickBug(Kind kind, Random r) {
    List<Bug> list = bugs.get(kind.ordinal());
    double u = r.nextDouble() * HARMONIC;
    double sum = 0;
    for (int i = 0; i < list.size(); i++) {
      sum += 1.0 / (i + 1);
      if (u < sum) {
        return list.get(i);
      }
    }
    return list.get(list.size() - 1);
  }

  private static final double HARMONIC;

  static {
    double h = 0;
    for (int i = 1; i <= BUGS_PER_KIND; i++) {
      h += 1.0 / i;
    }
    HARMONIC = h;
  }

  private static Bug bug(Kind k, Random r) {
    int depth = switch (k) {
      case JVM -> 6 + r.nextInt(26);
      case NDK, IOS -> 5 + r.nextInt(20);
      case UNITY -> 4 + r.nextInt(16);
    };
    int[] frames = new int[depth];
    int[] methods = new int[depth];
    int limit = k == Kind.JVM ? CLASSES : k == Kind.UNITY ? 200 : FUNCTIONS;
    for (int i = 0; i < depth; i++) {
      frames[i] = r.nextInt(limit);
      methods[i] = r.nextInt(METHODS);
    }
    String[][] types = switch (k) {
      case JVM -> new String[][] {{"java.lang.NullPointerException",
          "Attempt to invoke virtual method 'int java.lang.String.length()' on a null object reference"},
          {"java.lang.IllegalStateException", "Fragment not attached to a context."},
          {"java.lang.IndexOutOfBoundsException", "Index: 12, Size: 12"},
          {"java.lang.OutOfMemoryError", "Failed to allocate a 33554448 byte allocation"}};
      case NDK -> new String[][] {{"SIGSEGV", "Segfault"}, {"SIGABRT", "Abort"}};
      case IOS -> new String[][] {{"EXC_BAD_ACCESS", "KERN_INVALID_ADDRESS at 0x20."},
          {"EXC_BREAKPOINT", "Fatal error: Unexpectedly found nil"}};
      case UNITY -> new String[][] {{"System.NullReferenceException",
          "Object reference not set to an instance of an object"},
          {"System.ArgumentOutOfRangeException", "Index was out of range."}};
    };
    String[] t = types[r.nextInt(types.length)];
    return new Bug(k, t[0], t[1], frames, methods);
  }

  private static String uuid(Random r) {
    return new UUID(r.nextLong(), r.nextLong()).toString();
  }
}
