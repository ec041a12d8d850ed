package dev.crashflow.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files and streams are parsed in chunks of {@link SymbolIndex#CHUNK} bytes: records, line
 * numbers of skipped lines and the truncation flag must come out the same wherever the chunk
 * boundaries fall, and the same as parsing the whole file from memory.
 */
class SymbolIndexStreamingTest {
  @TempDir Path dir;

  /** FUNCs of 16 bytes from 0x1000, each with two line records, filling about {@code bytes}. */
  private static List<String> functions(int from, long bytes) {
    List<String> lines = new ArrayList<>();
    long written = 0;
    for (int i = from; written < bytes; i++) {
      long start = 0x1000 + 16L * i;
      String[] rec = {
        String.format("FUNC %x 10 0 function_%d", start, i),
        String.format("%x 8 %d 0", start, 100 + i),
        String.format("%x 8 %d 0", start + 8, 200 + i)};
      for (String r : rec) {
        lines.add(r);
        written += r.length() + 1;
      }
    }
    return lines;
  }

  private static byte[] file(List<String> records, boolean finalNewline) {
    String text = "MODULE Linux x86_64 D665F42F232BAB29CC976F26786733B80 libstream.so\n"
        + "FILE 0 /src/stream.c\n" + String.join("\n", records) + (finalNewline ? "\n" : "");
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The index read every way a file reaches it: memory, path, stream, trickling stream. */
  private List<SymbolIndex> everyWay(byte[] data) throws IOException {
    Path path = dir.resolve("f" + data.length + ".sym");
    Files.write(path, data);
    return List.of(SymbolIndex.parse(data), SymbolIndex.read(path),
        SymbolIndex.read(new ByteArrayInputStream(data)),
        SymbolIndex.read(new Trickle(data), data.length));
  }

  @Test
  void recordsAcrossManyChunksResolveTheSameFromMemoryFilesAndStreams() throws Exception {
    List<String> records = functions(0, 5L * SymbolIndex.CHUNK + 123);
    int count = records.size() / 3;
    byte[] data = file(records, true);
    for (SymbolIndex idx : everyWay(data)) {
      assertEquals(count, idx.functionCount());
      assertEquals(2 * count, idx.lineCount());
      assertEquals(0, idx.skippedLines());
      assertFalse(idx.truncated());
      for (int i = 0; i < count; i += 97) {
        long start = 0x1000 + 16L * i;
        assertEquals(List.of(new SymbolFrame("function_" + i, "/src/stream.c", 200 + i, false)),
            idx.lookup(start + 9), "function " + i);
      }
    }
  }

  @Test
  void skippedLineNumbersCountAcrossChunkBoundaries() throws Exception {
    List<String> records = functions(0, 3L * SymbolIndex.CHUNK);
    records.add("this is not a record");
    records.addAll(functions(records.size(), 1000));
    for (SymbolIndex idx : everyWay(file(records, true))) {
      assertEquals(1, idx.skippedLines());
      // MODULE and FILE come first, then the records: the bad one is line 3 + its index.
      assertEquals(records.indexOf("this is not a record") + 3, idx.firstSkippedLine());
    }
  }

  @Test
  void aLineLongerThanAChunkIsKeptWhole() throws Exception {
    String longName = "x".repeat(SymbolIndex.CHUNK * 2 + 17);
    List<String> records = functions(0, SymbolIndex.CHUNK - 40);
    records.add("FUNC 900000 10 0 " + longName);
    records.add("900000 10 7 0");
    for (SymbolIndex idx : everyWay(file(records, true))) {
      assertEquals(List.of(new SymbolFrame(longName, "/src/stream.c", 7, false)),
          idx.lookup(0x900004));
      assertEquals(0, idx.skippedLines());
    }
  }

  @Test
  void aFileCutShortAtAChunkBoundaryIsFlaggedAndItsLastLineStillCounts() throws Exception {
    List<String> records = functions(0, 2L * SymbolIndex.CHUNK);
    int size = file(records, false).length;
    while (size > 2 * SymbolIndex.CHUNK || records.get(records.size() - 1).startsWith("FUNC")) {
      size -= records.remove(records.size() - 1).length() + 1;
    }
    int functions = (records.size() + 2) / 3;
    String last = records.remove(records.size() - 1);
    // Trailing spaces end a record harmlessly: pad it so the file ends exactly on a chunk.
    records.add(last + " ".repeat(2 * SymbolIndex.CHUNK - size));
    byte[] data = file(records, false);
    assertEquals(2 * SymbolIndex.CHUNK, data.length);
    String[] f = last.split(" ");
    long address = Long.parseLong(f[0], 16);
    for (SymbolIndex idx : everyWay(data)) {
      assertTrue(idx.truncated());
      assertEquals(functions, idx.functionCount());
      assertEquals(0, idx.skippedLines());
      // The cut-short line record was still indexed.
      assertEquals(Integer.parseInt(f[2]), idx.lookup(address).get(0).line());
    }
  }

  @Test
  void aStreamWithoutModuleLineIsRejected() {
    byte[] data = "FUNC 1000 10 0 f\n".repeat(SymbolIndex.CHUNK / 8).getBytes(StandardCharsets.UTF_8);
    assertThrows(SymbolFileException.class,
        () -> SymbolIndex.read(new ByteArrayInputStream(data)));
    assertThrows(SymbolFileException.class,
        () -> SymbolIndex.read(new ByteArrayInputStream(new byte[0])));
  }

  /** A stream that hands out at most 1000 bytes per read, like a slow network channel. */
  private static final class Trickle extends InputStream {
    private final ByteArrayInputStream in;

    Trickle(byte[] data) {
      in = new ByteArrayInputStream(data);
    }

    @Override
    public int read() {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      return in.read(b, off, Math.min(len, 1000));
    }
  }
}
