package dev.crashflow.retrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The mapping parser and frame lookup on small hand-written mappings. */
class RetracerTest {

  private static Retracer parse(String mapping) throws IOException {
    return MappingFile.parse(new StringReader(mapping));
  }

  private static String text(List<List<RetracedFrame>> alts) {
    StringBuilder b = new StringBuilder();
    for (List<RetracedFrame> alt : alts) {
      b.append(alt.isEmpty() ? "" : "|");
      for (RetracedFrame f : alt) {
        b.append(f.className()).append('.').append(f.signature()).append(':').append(f.line())
            .append(' ');
      }
    }
    return b.toString().trim();
  }

  @Test
  void inlinedFramesExpandInnermostFirstWithMappedLines() throws IOException {
    Retracer r = parse("""
        com.example.Main -> a:
            1:1:void main(java.lang.String[]):10:10 -> a
            2:4:void helper(int):20:22 -> a
            2:4:void main(java.lang.String[]):11 -> a
        """);
    assertEquals("|com.example.Main.void helper(int):21 com.example.Main.void main("
        + "java.lang.String[]):11", text(r.retraceFrame("a", "a", 3)));
    assertEquals("|com.example.Main.void main(java.lang.String[]):10",
        text(r.retraceFrame("a", "a", 1)));
  }

  @Test
  void ambiguousMembersComeBackAsSortedAlternatives() throws IOException {
    Retracer r = parse("""
        com.example.Main -> a:
            void foo(int) -> a
            void bar(int, int) -> a
        """);
    List<List<RetracedFrame>> alts = r.retraceFrame("a", "a", null);
    assertEquals(2, alts.size());
    assertEquals("void bar(int,int)", alts.get(0).get(0).signature());
    assertEquals("void foo(int)", alts.get(1).get(0).signature());
  }

  @Test
  void frameWithoutLinePrefersEntriesWithoutRange() throws IOException {
    Retracer r = parse("""
        retrace.Main -> a:
            void otherMain(java.lang.String[]) -> foo
            2:2:void method1(java.lang.String):0:0 -> foo
            2:2:void main(java.lang.String[]):0 -> foo
        """);
    assertEquals("|retrace.Main.void otherMain(java.lang.String[]):null",
        text(r.retraceFrame("a", "foo", null)));
  }

  @Test
  void classOnlyRetraceAndUnknownNamesComeBackUnchanged() throws IOException {
    Retracer r = parse("com.example.Thing -> x.y:\n");
    assertEquals("com.example.Thing", r.retraceClass("x.y"));
    assertEquals("not.Mapped", r.retraceClass("not.Mapped"));
    RetracedFrame f = r.retraceFrame("not.Mapped", "run", 5).get(0).get(0);
    assertEquals(new RetracedFrame("not.Mapped", "run", null, null, 5, null, false), f);
    RetracedFrame g = r.retraceFrame("x.y", "zz", 7).get(0).get(0);
    assertEquals("com.example.Thing", g.className());
    assertEquals("zz", g.methodName());
  }

  @Test
  void outlineFrameIsHiddenAndItsPositionMapsThroughTheCallsite() throws IOException {
    Retracer r = parse("""
        # { id: 'com.android.tools.r8.mapping', version: '2.0' }
        outline.Class -> a:
          1:2:int outline():0 -> a
        # { 'id':'com.android.tools.r8.outline' }
        some.Class -> b:
          5:5:int caller(int):98:98 -> s
          27:27:int caller(int):0:0 -> s
        # { 'id':'com.android.tools.r8.outlineCallsite', 'positions': { '1': 4, '2': 5 } }
        """);
    assertEquals(List.of("2.0"), r.mapVersions());
    String out = StackTraceRetracer.retrace(r, "E\n\tat a.a(:2)\n\tat b.s(:27)\n", false);
    assertEquals("E\n\tat some.Class.caller(Class.java:98)\n", out);
  }

  @Test
  void rewriteFrameRemovesInnerFramesWhenTheExceptionMatches() throws IOException {
    Retracer r = parse("""
        some.Class -> a:
          4:4:void inlined():23:23 -> a
          4:4:void caller():7 -> a
          # { id: 'com.android.tools.r8.rewriteFrame', conditions: \
        ['throws(Ljava/lang/NullPointerException;)'], actions: ['removeInnerFrames(1)'] }
        """);
    assertEquals("java.lang.NullPointerException\n\tat some.Class.caller(Class.java:7)\n",
        StackTraceRetracer.retrace(r, "java.lang.NullPointerException\n\tat a.a(:4)\n", false));
    assertEquals("java.lang.IllegalStateException\n\tat some.Class.inlined(Class.java:23)\n"
            + "\tat some.Class.caller(Class.java:7)\n",
        StackTraceRetracer.retrace(r, "java.lang.IllegalStateException\n\tat a.a(:4)\n", false));
  }

  @Test
  void synthesizedMethodsAreHidden() throws IOException {
    Retracer r = parse("""
        example.Lambda -> a.b:
          void run(example.Foo) -> a
            # {'id':'com.android.tools.r8.synthesized'}
        """);
    assertTrue(r.retraceFrame("a.b", "a", null).isEmpty());
  }

  @Test
  void metadataIdsAndSourceFileAreRead() throws IOException {
    Retracer r = parse("""
        # pg_map_id: 4ab2c1f
        some.Class -> a:
        # {"id":"sourceFile","fileName":"Class.kt"}
            1:3:int strawberry(int):99:101 -> s
        """);
    assertEquals("4ab2c1f", r.pgMapId());
    RetracedFrame f = r.retraceFrame("a", "s", 2).get(0).get(0);
    assertEquals("Class.kt", f.fileName("SourceFile"));
    assertEquals(100, f.line());
  }

  @Test
  void malformedLineIsAnErrorNamingTheLineOrSkippedWhenLenient() throws IOException {
    String mapping = "a.B -> a:\n    void ok() -> a\n    this is not a member\n";
    MappingParseException e = assertThrows(MappingParseException.class, () -> parse(mapping));
    assertEquals(3, e.lineNumber());
    assertTrue(e.getMessage().startsWith("mapping line 3:"), e.getMessage());
    Retracer lenient = MappingFile.parseLenient(new StringReader(mapping));
    assertEquals(1, lenient.skippedLines());
    assertEquals(1, lenient.memberCount());
  }

  @Test
  void fieldsAndCommentsAreAcceptedButFramesIgnoreFields() throws IOException {
    Retracer r = parse("# compiler: R8\nfoo.Bar -> a.A:\n  1:1:int method():5 -> a\n"
        + "  int field -> a\n");
    assertEquals("|foo.Bar.int method():5", text(r.retraceFrame("a.A", "a", 1)));
    assertNull(r.pgMapId());
  }

  @Test
  void arbitraryTextNeverThrows() throws IOException {
    Retracer r = parse("a.B -> a:\n    1:2:void x():3:4 -> a\n");
    Random random = new Random(42);
    String alphabet = "at ().:$\"\t-0123456789abAB~[]/<>";
    for (int i = 0; i < 2000; i++) {
      StringBuilder b = new StringBuilder();
      int len = random.nextInt(80);
      for (int k = 0; k < len; k++) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      StackTraceRetracer.retrace(r, b.toString(), i % 2 == 0);
    }
    assertEquals("x\n", StackTraceRetracer.retrace(r, "x", false));
  }
}
