package dev.crashflow.retrace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashflow.testing.NeedsSharedData;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-pass split of canonical method lines ({@link MemberLine}) must read every line exactly
 * as the general parser does: the same mappings are parsed once as written and once with a second
 * space before each method line's arrow, which only the general parser accepts, and every frame
 * of the files must retrace the same both ways.
 */
@NeedsSharedData
class MemberLineTest {
  private static final Path MAPPINGS = Path.of("../shared/data/proguard-mappings");
  private static final Pattern METHOD_ARROW = Pattern.compile("(?m)^(\\s+\\S.*\\).*?) -> ");

  @TempDir Path dir;

  @Test
  void canonicalLinesSplitLikeTheGeneralParserOnRealAndGeneratedMappings() throws IOException {
    Path generated = dir.resolve("gen.txt");
    new MappingGenerator(11, 2000).write(generated);
    List<Path> files = List.of(MAPPINGS.resolve("mapping-r8.txt"), MAPPINGS.resolve("mapping.txt"),
        MAPPINGS.resolve("mapping-outline-complex.txt"), MAPPINGS.resolve("mapping-inlines.txt"),
        generated);
    for (Path file : files) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      Matcher m = METHOD_ARROW.matcher(text);
      String general = m.replaceAll("$1  -> ");
      assertTrue(m.reset().results().count() > 100, file + ": too few method lines to compare");
      Retracer fast = MappingFile.parse(new StringReader(text));
      Retracer slow = MappingFile.parse(new StringReader(general));
      assertEquals(fast.memberCount(), slow.memberCount(), file.toString());
      MappingFrames frames = MappingFrames.sample(file, 20_000, 3);
      for (int i = 0; i < frames.size(); i++) {
        Integer line = frames.lines()[i] < 0 ? null : frames.lines()[i];
        String cls = frames.classes()[i];
        String method = frames.methods()[i];
        assertEquals(slow.retraceFrame(cls, method, line), fast.retraceFrame(cls, method, line),
            () -> file + ": " + cls + "." + method + ":" + line);
      }
    }
  }

  @Test
  void nonCanonicalLinesAreLeftToTheGeneralParser() {
    MemberLine f = new MemberLine();
    for (String line : List.of("int field -> a", "1:2:void m( int ) -> a", "void  m() -> a",
        "1:2:void m():3  -> a", "1:x:void m() -> a", "1234567890:1:void m() -> a",
        "void m():3:4:5 -> a", "void m() -> a b", "void m(int)", "void m() ->  a")) {
      assertFalse(f.split(line.toCharArray(), 0, line.length()), line);
    }
    String line = "12:34:java.lang.String p.Q.name(int,long):56:78 -> b";
    assertTrue(f.split(line.toCharArray(), 0, line.length()));
    assertEquals(List.of(12, 34, 56, 78, false), List.of(f.minStart, f.minEnd, f.origStart,
        f.origEnd, f.cardinal));
    assertEquals("p.Q", line.substring(f.nameFrom, f.dot));
    assertEquals("int,long", line.substring(f.paren + 1, f.close));
    assertEquals("b", line.substring(f.obfFrom));
  }
}
