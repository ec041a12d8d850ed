package dev.crashflow.retrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.crashflow.testing.NeedsSharedData;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every R8 retrace test case in {@code ../shared/data/r8-retrace} (mapping.txt,
 * obfuscated.txt, expected.txt, expected-verbose.txt) and compares line by line, trailing
 * whitespace ignored.
 */
@NeedsSharedData
class R8ConformanceTest {
  private static final Path CASES = Path.of("../shared/data/r8-retrace");
  private static final AtomicInteger normalPassed = new AtomicInteger();
  private static final AtomicInteger normalTotal = new AtomicInteger();
  private static final AtomicInteger verbosePassed = new AtomicInteger();
  private static final AtomicInteger verboseTotal = new AtomicInteger();

  @TestFactory
  Stream<DynamicTest> everyR8Case() throws IOException {
    List<Path> dirs;
    try (Stream<Path> s = Files.list(CASES)) {
      dirs = s.filter(Files::isDirectory).sorted().toList();
    }
    assertFalse(dirs.isEmpty(), "no R8 cases under " + CASES.toAbsolutePath());
    List<DynamicTest> tests = new ArrayList<>();
    for (Path dir : dirs) {
      tests.add(DynamicTest.dynamicTest(dir.getFileName() + " normal",
          () -> check(dir, "expected.txt", false, normalPassed, normalTotal)));
      if (Files.exists(dir.resolve("expected-verbose.txt"))) {
        tests.add(DynamicTest.dynamicTest(dir.getFileName() + " verbose",
            () -> check(dir, "expected-verbose.txt", true, verbosePassed, verboseTotal)));
      }
    }
    return tests.stream();
  }

  private static void check(Path dir, String expectedFile, boolean verbose,
      AtomicInteger passed, AtomicInteger total) throws IOException {
    total.incrementAndGet();
    Retracer retracer = MappingFile.parse(
        new StringReader(Files.readString(dir.resolve("mapping.txt"), StandardCharsets.UTF_8)));
    String obfuscated = Files.readString(dir.resolve("obfuscated.txt"), StandardCharsets.UTF_8);
    String actual = StackTraceRetracer.retrace(retracer, obfuscated, verbose);
    String expected = Files.readString(dir.resolve(expectedFile), StandardCharsets.UTF_8);
    assertEquals(normalize(expected), normalize(actual), dir.getFileName() + " " + expectedFile);
    passed.incrementAndGet();
  }

  private static String normalize(String text) {
    StringBuilder b = new StringBuilder();
    for (String line : text.lines().toList()) {
      b.append(line.stripTrailing()).append('\n');
    }
    return b.toString().stripTrailing();
  }

  @AfterAll
  static void printCounts() {
    System.out.printf("R8 retrace conformance: %d/%d normal, %d/%d verbose%n",
        normalPassed.get(), normalTotal.get(), verbosePassed.get(), verboseTotal.get());
  }
}
