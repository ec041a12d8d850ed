package dev.crashflow.retrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-place parser and the compact lookup structures on inputs that stress them: line ends,
 * very long lines, names whose hashes collide, metadata written in more than one way, non-Latin
 * names, and the file path (arrays sized from the file) against the reader path (arrays grown).
 */
class MappingParsingTest {
  @TempDir Path dir;

  private static Retracer parse(String mapping) throws IOException {
    return MappingFile.parse(new StringReader(mapping));
  }

  private static String top(Retracer r, String cls, String method, Integer line) {
    List<List<RetracedFrame>> alts = r.retraceFrame(cls, method, line);
    RetracedFrame f = alts.get(0).get(0);
    return f.className() + "." + f.methodName() + ":" + f.line() + " " + f.sourceFile();
  }

  @Test
  void crLfAndLoneCrLineEndsAndLinesLongerThanTheBufferParseLikeLf() throws IOException {
    String params = "int,".repeat(40_000) + "int"; // one line of some 160 000 chars
    String lf = "a.A -> a:\n    1:2:void m(" + params + "):10:11 -> a\n    3:3:void n():7 -> a\n";
    for (String text : List.of(lf, lf.replace("\n", "\r\n"), lf.replace("\n", "\r"))) {
      Retracer r = parse(text);
      assertEquals(2, r.memberCount());
      assertEquals(params, r.retraceFrame("a", "a", 2).get(0).get(0).parameters());
      assertEquals("a.A.n:7 null", top(r, "a", "a", 3));
    }
  }

  @Test
  void memberNamesWithCollidingHashesStayApart() throws IOException {
    assertEquals("Aa".hashCode(), "BB".hashCode());
    Retracer r = parse("""
        p.C -> a:
            1:1:void first():10 -> Aa
            1:1:void second():20 -> BB
            2:2:void inlined():5:5 -> Aa
            2:2:void first():11 -> Aa
            1:1:void other():30 -> b
            3:3:void third():40 -> BB
        """);
    assertEquals("p.C.first:10 null", top(r, "a", "Aa", 1));
    assertEquals("p.C.second:20 null", top(r, "a", "BB", 1));
    assertEquals("p.C.third:40 null", top(r, "a", "BB", 3));
    List<RetracedFrame> chain = r.retraceFrame("a", "Aa", 2).get(0);
    assertEquals(List.of("inlined", "first"), chain.stream().map(RetracedFrame::methodName)
        .toList());
    assertFalse(r.retraceFrame("a", "Ab", 1).get(0).get(0).known());
  }

  @Test
  void classNamesWithCollidingHashesStayApart() throws IOException {
    assertEquals("AaAa".hashCode(), "BBBB".hashCode());
    assertEquals("AaAa".hashCode(), "AaBB".hashCode());
    Retracer r = parse("one.A -> AaAa:\n    1:1:void x():3 -> a\ntwo.B -> BBBB:\n");
    assertEquals("one.A", r.retraceClass("AaAa"));
    assertEquals("two.B", r.retraceClass("BBBB"));
    assertTrue(r.hasClass("BBBB"));
    assertFalse(r.hasClass("AaBB"));
    assertEquals("AaBB", r.retraceClass("AaBB"));
    assertEquals(2, r.classCount());
  }

  @Test
  void metadataReadsTheSameInR8sCompactFormAndAnyOtherJsonForm() throws IOException {
    String body = "    1:1:void run():4 -> a\n";
    for (String sourceFile : List.of("# {\"id\":\"sourceFile\",\"fileName\":\"Foo.kt\"}",
        "#  { \"id\" : \"sourceFile\", \"fileName\" : \"Foo.kt\" }",
        "# {'id':'sourceFile','fileName':'Foo.kt'}")) {
      Retracer r = parse("x.Foo -> a:\n" + sourceFile + "\n" + body);
      assertEquals("x.Foo.run:4 Foo.kt", top(r, "a", "a", 1), sourceFile);
    }
    Retracer escaped = parse("x.Foo -> a:\n# {\"id\":\"sourceFile\",\"fileName\":\"F\\\"o.kt\"}\n"
        + body);
    assertEquals("x.Foo.run:4 F\"o.kt", top(escaped, "a", "a", 1));
    for (String synthesized : List.of("{\"id\":\"com.android.tools.r8.synthesized\"}",
        "{ \"id\": \"com.android.tools.r8.synthesized\" }")) {
      Retracer r = parse("x.L -> b:\n    void run() -> a\n      # " + synthesized + "\n");
      assertTrue(r.retraceFrame("b", "a", null).isEmpty(), synthesized);
    }
  }

  @Test
  void aMemberQualifiedWithItsOwnClassIsTheClassItself() throws IOException {
    Retracer r = parse("""
        x.Foo -> a:
        # {"id":"sourceFile","fileName":"Foo.kt"}
            1:1:void x.Foo.run():4 -> a
            2:2:void x.Bar.help():9:9 -> a
            2:2:void x.Foo.run():5 -> a
        """);
    assertEquals("x.Foo.run:4 Foo.kt", top(r, "a", "a", 1));
    List<RetracedFrame> chain = r.retraceFrame("a", "a", 2).get(0);
    assertEquals(new RetracedFrame("x.Bar", "help", "void", "", 9, null, true), chain.get(0));
    assertEquals(new RetracedFrame("x.Foo", "run", "void", "", 5, "Foo.kt", true), chain.get(1));
  }

  @Test
  void namesBeyondLatin1() throws IOException {
    Retracer r = parse("ü.Straße -> ж:\n    1:1:void grüßen(ü.Straße):3 -> 名\n");
    assertEquals("ü.Straße", r.retraceClass("ж"));
    assertEquals("ü.Straße.grüßen:3 null", top(r, "ж", "名", 1));
    assertFalse(r.hasClass("ж2"));
  }

  @Test
  void fileAndReaderParsesAgreeOnAGeneratedMapping() throws IOException {
    MappingGenerator gen = new MappingGenerator(3, 800);
    Path file = dir.resolve("m.txt");
    gen.write(file);
    Retracer fromFile = MappingFile.parse(file);
    Retracer fromReader = MappingFile.parseLenient(new StringReader(Files.readString(file)));
    assertEquals(fromFile.memberCount(), fromReader.memberCount());
    assertEquals(0, fromReader.skippedLines());
    MappingFrames frames = MappingFrames.sample(file, 5000, 9);
    for (int i = 0; i < frames.size(); i++) {
      Integer line = frames.lines()[i] < 0 ? null : frames.lines()[i];
      assertEquals(fromFile.retraceFrame(frames.classes()[i], frames.methods()[i], line),
          fromReader.retraceFrame(frames.classes()[i], frames.methods()[i], line));
    }
  }

  @Test
  void positionsFindTheirChainWhetherRangesAscendOverlapOrComeInAnyOrder() throws IOException {
    String ascending = """
        p.C -> a:
            void rangeless() -> a
            1:3:void one():10:12 -> a
            4:4:void inl():7:7 -> a
            4:4:void two():20 -> a
            6:9:void three():30:33 -> a
        """;
    Retracer r = parse(ascending);
    assertEquals("p.C.one:11 null", top(r, "a", "a", 2));
    assertEquals("p.C.inl:7 null", top(r, "a", "a", 4));
    assertEquals("p.C.three:33 null", top(r, "a", "a", 9));
    for (int gap : new int[] {5, 10}) { // between and after the ranges: the rangeless member
      assertEquals("p.C.rangeless:" + gap + " null", top(r, "a", "a", gap));
    }
    assertEquals("p.C.rangeless:null null", top(r, "a", "a", 0)); // line 0 is no line
    Retracer shuffled = parse("""
        p.C -> a:
            6:9:void three():30:33 -> a
            4:4:void inl():7:7 -> a
            4:4:void two():20 -> a
            void rangeless() -> a
            1:3:void one():10:12 -> a
        """);
    for (int pos = 0; pos <= 10; pos++) {
      assertEquals(r.retraceFrame("a", "a", pos), shuffled.retraceFrame("a", "a", pos),
          "position " + pos);
    }
    Retracer overlapping = parse("""
        p.C -> a:
            1:5:void one():10:14 -> a
            3:8:void two():20:25 -> a
        """);
    assertEquals(2, overlapping.retraceFrame("a", "a", 4).size());
    assertEquals("p.C.two:25 null", top(overlapping, "a", "a", 8));
  }
}
