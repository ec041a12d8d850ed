package dev.crashflow.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashflow.testing.NeedsSharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Files that are not symbol files are rejected clearly; damaged ones never break a lookup. */
class SymbolIndexBadInputTest {
  @Test
  void fileWithoutModuleLineIsRejectedWithAClearMessage() {
    for (String text : new String[] {"", "\n\n", "FUNC 1000 10 0 f\n1000 10 1 0\n",
        "<html><body>404 Not Found</body></html>\n", "PK\u0003\u0004binary"}) {
      SymbolFileException e = assertThrows(SymbolFileException.class,
          () -> SymbolIndex.parse(text.getBytes(StandardCharsets.UTF_8)));
      assertEquals("no MODULE line: not a Breakpad symbol file", e.getMessage());
    }
  }

  @Test
  void malformedModuleLineNamesTheProblem() {
    SymbolFileException e = assertThrows(SymbolFileException.class,
        () -> SymbolIndex.parse("MODULE Linux x86_64 NOTANID lib.so\n".getBytes(StandardCharsets.UTF_8)));
    assertEquals("malformed MODULE line: not a debug id: 'NOTANID'", e.getMessage());
    SymbolFileException cut = assertThrows(SymbolFileException.class,
        () -> SymbolIndex.parse("MODULE Lin".getBytes(StandardCharsets.UTF_8)));
    assertTrue(cut.getMessage().startsWith("malformed MODULE line"), cut.getMessage());
  }

  @Test
  void moduleLineWithByteOrderMarkAndNoNameIsAccepted() throws Exception {
    byte[] bom = "\uFEFFMODULE mac arm64 67E9247C814E392BA027DBDE6748FCBF0\n"
        .getBytes(StandardCharsets.UTF_8);
    SymbolIndex idx = SymbolIndex.parse(bom);
    assertEquals("mac", idx.os());
    assertEquals("", idx.name());
  }

  @Test
  @NeedsSharedData
  void randomlyDamagedFixturesNeverThrowFromLookup() throws Exception {
    byte[] original = Files.readAllBytes(
        BreakpadConformanceTest.DATA.resolve("macos-crash.inlines.sym"));
    byte[] alphabet = "0123456789abcdefFUNCINLE \n\r-m".getBytes(StandardCharsets.US_ASCII);
    Random random = new Random(4);
    int parsed = 0;
    for (int round = 0; round < 150; round++) {
      byte[] data = original.clone();
      int length = round % 3 == 0 ? 1 + random.nextInt(data.length - 1) : data.length;
      for (int m = 0; m < 1 + random.nextInt(200); m++) {
        int at = 60 + random.nextInt(length - 60); // keep the MODULE line
        data[at] = random.nextInt(4) == 0 ? (byte) random.nextInt(256)
            : alphabet[random.nextInt(alphabet.length)];
      }
      SymbolIndex idx;
      try {
        idx = SymbolIndex.parse(data, length);
      } catch (SymbolFileException e) {
        continue; // the damage hit the MODULE line: a clear rejection is the right answer
      }
      parsed++;
      for (long a = 0; a < 0x6000; a += 1 + random.nextInt(4)) {
        idx.lookup(a); // must not throw
      }
      idx.lookup(-1L);
      idx.lookup(Long.MIN_VALUE);
    }
    assertTrue(parsed > 100, "parsed " + parsed);
  }
}
