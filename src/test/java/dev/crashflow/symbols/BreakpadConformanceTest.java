package dev.crashflow.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crashflow.testing.NeedsSharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lookups against the fixture symbol files agree with llvm-symbolizer and the data README. */
@NeedsSharedData
class BreakpadConformanceTest {
  static final Path DATA = Path.of("../shared/data/breakpad-sym");

  @Test
  void everyTruthAddressResolvesToLlvmSymbolizersInlineChain() throws Exception {
    SymbolIndex index = SymbolIndex.read(DATA.resolve("macos-crash.inlines.sym"));
    JsonNode truth = new ObjectMapper().readTree(DATA.resolve("macos-crash.inlines.truth.json").toFile());
    int matched = 0;
    List<String> misses = new ArrayList<>();
    for (JsonNode entry : truth) {
      String address = entry.get("address").asText();
      List<String> expected = new ArrayList<>();
      for (JsonNode f : entry.get("frames")) {
        expected.add(key(f.get("function").asText(), f.get("file").asText(), f.get("line").asInt()));
      }
      List<String> actual = new ArrayList<>();
      for (SymbolFrame f : index.lookup(Long.parseLong(address.substring(2), 16))) {
        actual.add(key(f.function(), f.file(), f.line()));
      }
      if (expected.equals(actual)) {
        matched++;
      } else {
        misses.add(address + "\n  expected " + expected + "\n  actual   " + actual);
      }
    }
    System.out.println("Breakpad conformance: " + matched + "/" + truth.size() + " addresses match");
    misses.stream().limit(30).forEach(System.out::println);
    assertEquals(1497, truth.size());
    assertEquals(truth.size(), matched, "mismatches: " + misses.size());
  }

  @Test
  void macosAddress1a2aIsMinidumpFileWriterCopyAtLine312() throws Exception {
    SymbolIndex index = SymbolIndex.read(DATA.resolve("macos-crash.sym"));
    List<SymbolFrame> frames = index.lookup(0x1a2a);
    SymbolFrame last = frames.get(frames.size() - 1);
    assertEquals("google_breakpad::MinidumpFileWriter::Copy(unsigned int, void const*, long)",
        last.function());
    assertEquals("minidump_file_writer.cc", FunctionNames.baseName(last.file()));
    assertEquals(312, last.line());
    assertEquals(DebugId.parse("67E9247C814E392BA027DBDE6748FCBF0"), index.debugId());
  }

  @Test
  void linuxPublicOnlyFileFallsBackToNearestPublicBelow() throws Exception {
    SymbolIndex index = SymbolIndex.read(DATA.resolve("linux-crash.sym"));
    assertEquals("C0BCC3F19827FE653058404B2831D9E60", index.debugId().breakpad());
    assertEquals(0, index.functionCount());
    assertTrue(index.publicCount() > 0);
    // "PUBLIC 1558 0 _init" is the first symbol: anything below it is unknown.
    assertEquals(List.of(), index.lookup(0x1557));
    assertEquals(List.of(new SymbolFrame("_init", null, 0, false)), index.lookup(0x1558));
    assertEquals(List.of(new SymbolFrame("_init", null, 0, false)), index.lookup(0x1559));
  }

  @Test
  void windowsAddress2112IsWriteMinidumpWithExceptionAtLine846() throws Exception {
    SymbolIndex index = SymbolIndex.read(DATA.resolve("windows-crash.sym"));
    List<SymbolFrame> frames = index.lookup(0x2112);
    SymbolFrame last = frames.get(frames.size() - 1);
    assertTrue(last.function().startsWith(
        "google_breakpad::ExceptionHandler::WriteMinidumpWithException("), last.function());
    assertEquals("exception_handler.cc", FunctionNames.baseName(last.file()));
    assertEquals(846, last.line());
  }

  private static String key(String function, String file, int line) {
    return FunctionNames.normalize(function) + " @ " + FunctionNames.baseName(file) + ":" + line;
  }
}
