package dev.crashflow.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashflow.testing.NeedsSharedData;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lookups on small hand-written symbol files whose answers can be checked by eye. */
class SymbolIndexTest {
  static final String DEMO = String.join("\n",
      "MODULE Linux x86_64 D665F42F232BAB29CC976F26786733B80 libdemo.so",
      "INFO CODE_ID 2FF465D62B2329ABCC976F26786733B82567976C libdemo.so",
      "INFO GENERATOR handwritten",
      "FILE 0 /src/main.c",
      "FILE 1 /src/util.h",
      "FILE 2 /src/deep.h",
      "INLINE_ORIGIN 0 helper(int)",
      "INLINE_ORIGIN 1 leaf",
      "PUBLIC 800 0 before_everything",
      "FUNC m 1000 100 0 main(int, char**)",
      "INLINE 0 10 0 0 1010 20 1050 10",
      "INLINE 1 20 1 1 1018 8",
      "1000 10 5 0",
      "1010 8 30 1",
      "1018 8 40 2",
      "1020 10 31 1",
      "1030 20 11 0",
      "1050 10 32 1",
      "1060 a0 12 0",
      "STACK CFI INIT 1000 100 .cfa: $rsp 8 + .ra: .cfa -8 + ^",
      "STACK CFI 1001 .cfa: $rsp 16 +",
      "FUNC 2000 10 0 other",
      "2000 10 50 0",
      "PUBLIC m 1800 0 public_between",
      "PUBLIC 900 0 public_before_main",
      "STACK WIN 4 2170 14 1 0 0 0 0 0 1 $eip 4 + ^ = $esp $ebp 8 + = $ebp $ebp ^ =",
      "");

  static SymbolIndex index(String text) throws SymbolFileException {
    return SymbolIndex.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  static SymbolFrame frame(String function, String file, int line, boolean inlined) {
    return new SymbolFrame(function, file, line, inlined);
  }

  @Test
  void moduleAndCodeIdAreRead() throws Exception {
    SymbolIndex idx = index(DEMO);
    assertEquals("Linux", idx.os());
    assertEquals("x86_64", idx.arch());
    assertEquals("libdemo.so", idx.name());
    assertEquals(DebugId.fromElfBuildId(idx.codeId()), idx.debugId());
    assertEquals(2, idx.functionCount());
    assertEquals(3, idx.publicCount());
    assertEquals(2, idx.inlineCount());
    assertEquals(8, idx.lineCount());
    assertEquals(0, idx.skippedLines());
    assertFalse(idx.truncated());
  }

  @Test
  void inlinedFramesComeInnermostFirstWithCallSites() throws Exception {
    SymbolIndex idx = index(DEMO);
    assertEquals(List.of(frame("main(int, char**)", "/src/main.c", 5, false)), idx.lookup(0x1000));
    assertEquals(List.of(frame("helper(int)", "/src/util.h", 30, true),
        frame("main(int, char**)", "/src/main.c", 10, false)), idx.lookup(0x1012));
    assertEquals(List.of(frame("leaf", "/src/deep.h", 40, true),
        frame("helper(int)", "/src/util.h", 20, true),
        frame("main(int, char**)", "/src/main.c", 10, false)), idx.lookup(0x101a));
    // The second range of the same INLINE record.
    assertEquals(List.of(frame("helper(int)", "/src/util.h", 32, true),
        frame("main(int, char**)", "/src/main.c", 10, false)), idx.lookup(0x1055));
    assertEquals(List.of(frame("main(int, char**)", "/src/main.c", 11, false)), idx.lookup(0x1040));
    assertEquals(List.of(frame("other", "/src/main.c", 50, false)), idx.lookup(0x2005));
  }

  @Test
  void publicFallbackStopsAtTheNextFunction() throws Exception {
    SymbolIndex idx = index(DEMO);
    assertEquals(List.of(), idx.lookup(0x7ff));
    assertEquals(List.of(frame("before_everything", null, 0, false)), idx.lookup(0x850));
    assertEquals(List.of(frame("public_before_main", null, 0, false)), idx.lookup(0xfff));
    // Past main's end: the nearest PUBLIC (0x900) lies before main's start, so nothing.
    assertEquals(List.of(), idx.lookup(0x1100));
    assertEquals(List.of(frame("public_between", null, 0, false)), idx.lookup(0x1800));
    assertEquals(List.of(frame("public_between", null, 0, false)), idx.lookup(0x1fff));
    assertEquals(List.of(), idx.lookup(0x2010));
    assertEquals(List.of(), idx.lookup(-1L));
  }

  @Test
  void crlfLineEndingsGiveTheSameAnswers() throws Exception {
    SymbolIndex lf = index(DEMO);
    SymbolIndex crlf = index(DEMO.replace("\n", "\r\n"));
    for (long a = 0x700; a < 0x2100; a++) {
      assertEquals(lf.lookup(a), crlf.lookup(a), Long.toHexString(a));
    }
    assertEquals("libdemo.so", crlf.name());
    assertEquals(0, crlf.skippedLines());
  }

  @Test
  void duplicateOverlappingAndUnsortedFunctionsResolve() throws Exception {
    SymbolIndex idx = index(String.join("\n",
        "MODULE mac arm64 67E9247C814E392BA027DBDE6748FCBF0 app",
        "FUNC 1000 100 0 first",
        "FUNC 1000 20 0 duplicate",
        "FUNC 1010 10 0 nested",
        "FUNC 500 10 0 unsorted_low",
        "FUNC 3000 30 0 lines_unsorted",
        "3020 10 3 0",
        "3000 10 1 0",
        "3010 10 2 0",
        ""));
    assertEquals(1, idx.duplicateRecords());
    assertEquals("first", idx.lookup(0x1005).get(0).function());
    assertEquals("nested", idx.lookup(0x1015).get(0).function());
    assertEquals("first", idx.lookup(0x1050).get(0).function());
    assertEquals("unsorted_low", idx.lookup(0x505).get(0).function());
    assertEquals(2, idx.lookup(0x3015).get(0).line());
    assertEquals(3, idx.lookup(0x302f).get(0).line());
    assertEquals(List.of(frame("first", null, 0, false)), idx.lookup(0x10ff));
  }

  @Test
  void hugeNamesAndDeepInlineNestingAreKept() throws Exception {
    String huge = "ns::" + "x".repeat(1 << 20) + "()";
    StringBuilder sb = new StringBuilder("MODULE Linux x86_64 D665F42F232BAB29CC976F26786733B80 big\n");
    sb.append("FILE 0 a.c\n");
    int depth = 300;
    for (int d = 0; d < depth; d++) {
      sb.append("INLINE_ORIGIN ").append(d).append(" level").append(d).append('\n');
    }
    sb.append("FUNC 1000 1000 0 ").append(huge).append('\n');
    for (int d = 0; d < depth; d++) {
      sb.append(String.format("INLINE %d %d 0 %d %x %x%n", d, d + 1, d, 0x1000 + d, 0x1000 - 2 * d));
    }
    sb.append("1000 1000 7 0\n");
    List<SymbolFrame> frames = index(sb.toString()).lookup(0x1000 + depth - 1);
    assertEquals(depth + 1, frames.size());
    assertEquals(frame("level299", "a.c", 7, true), frames.get(0));
    assertEquals(frame("level298", "a.c", 300, true), frames.get(1));
    assertEquals(frame(huge, "a.c", 1, false), frames.get(depth));
    // Shallower addresses see shorter chains.
    assertEquals(3, index(sb.toString()).lookup(0x1001).size());
  }

  @Test
  void garbageLinesAreSkippedAndCounted() throws Exception {
    SymbolIndex idx = index(String.join("\n",
        "MODULE Linux x86_64 D665F42F232BAB29CC976F26786733B80 libdemo.so",
        "1000 10 1 0",
        "hello world",
        "FILE x /bad/id.c",
        "FUNC zz 10 0 bad_address",
        "PUBLIC 12g4 0 bad_public",
        "FUNC 1000 100 0 good",
        "1000 10",
        "1010 10 9 0 trailing",
        "INLINE 0 1 0",
        "INLINE 0 1 0 0 1000",
        "1000 100 4 0",
        "<html>",
        ""));
    assertEquals(10, idx.skippedLines());
    assertEquals(2, idx.firstSkippedLine());
    assertEquals(List.of(frame("good", null, 4, false)), idx.lookup(0x1050));
    assertEquals(1, idx.lineCount());
    assertEquals(0, idx.inlineCount());
  }

  @Test
  void fileCutMidLineKeepsEverythingBeforeTheCut() throws Exception {
    int cut = DEMO.indexOf("1060 a0 12 0") + 6;
    SymbolIndex idx = index(DEMO.substring(0, cut));
    assertTrue(idx.truncated());
    assertEquals(1, idx.skippedLines()); // "1060 a" lacks its line and file
    assertEquals(DEMO.substring(0, cut).length(), cut);
    assertEquals(List.of(frame("leaf", "/src/deep.h", 40, true),
        frame("helper(int)", "/src/util.h", 20, true),
        frame("main(int, char**)", "/src/main.c", 10, false)), idx.lookup(0x101a));
    assertEquals(List.of(frame("main(int, char**)", null, 0, false)), idx.lookup(0x1070));
    assertEquals(List.of(), idx.lookup(0x2005));
  }

  @Test
  @NeedsSharedData
  void residentIndexIsSmallerThanTheFixtureFiles() throws Exception {
    for (String name : new String[] {"macos-crash.inlines.sym", "macos-crash.sym",
        "linux-crash.sym", "windows-crash.sym"}) {
      java.nio.file.Path file = BreakpadConformanceTest.DATA.resolve(name);
      long size = java.nio.file.Files.size(file);
      SymbolIndex idx = SymbolIndex.read(file);
      assertTrue(idx.residentBytes() < size, name + ": " + idx.residentBytes() + " >= " + size);
      assertEquals(0, idx.skippedLines(), name);
    }
  }
}
