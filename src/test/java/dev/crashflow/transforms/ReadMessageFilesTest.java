package dev.crashflow.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashflow.model.DeadLetter;
import dev.crashflow.model.RawMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input files are cut into byte ranges read in parallel: whatever the cuts, every line is read
 * exactly once (lines across a cut, a cut right after a newline, CRLF, blank lines, a last line
 * without a newline, a line longer than a range), compressed files are read whole, and an
 * oversized line is a dead letter that says where it was.
 */
@ExtendWith(TestPipelineExtension.class)
class ReadMessageFilesTest {
  @TempDir Path dir;

  /** Lines of 0 to 60 bytes, some blank, some CRLF; the last one without a newline. */
  private static List<String> lines(Path file, int n, long seed) throws IOException {
    Random random = new Random(seed);
    List<String> kept = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int len = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(60);
      StringBuilder line = new StringBuilder("{\"i\":" + i);
      while (line.length() < len) {
        line.append((char) ('a' + random.nextInt(26)));
      }
      String s = len == 0 ? "" : line.toString();
      if (!s.isEmpty()) {
        kept.add(s);
      }
      text.append(s);
      if (i < n - 1) {
        text.append(random.nextInt(5) == 0 ? "\r\n" : "\n");
      }
    }
    Files.writeString(file, text.toString());
    return kept;
  }

  @Test
  void everyLineIsReadOnceWhateverTheRangeSize(TestPipeline p) throws IOException {
    Path file = dir.resolve("events.jsonl");
    List<String> expected = lines(file, 40, 7);
    long size = Files.size(file);
    List<String> all = new ArrayList<>();
    // ranges of 1 byte (a cut at every position), of a few bytes, near a line, and larger than the file
    for (long split : new long[] {1, 2, 7, 33, size - 1, size, size + 1}) {
      PCollectionTuple read = p.apply("Read" + split, ReadMessageFiles.from(file.toString(), 1 << 20)
          .withSplitBytes(split));
      PAssert.that(read.get(ReadMessageFiles.MESSAGES).apply("Text" + split,
              MapElements.into(TypeDescriptors.strings())
                  .via((RawMessage m) -> new String(m.payload(), StandardCharsets.UTF_8))))
          .containsInAnyOrder(expected);
      PAssert.that(read.get(ReadMessageFiles.FAILURES)).empty();
      all.addAll(expected);
    }
    p.run().waitUntilFinish();
    assertTrue(all.size() > 150);
  }

  @Test
  void compressedFilesAreReadWholeAndOversizedLinesSayWhereTheyWere(TestPipeline p) throws IOException {
    Path plain = dir.resolve("plain.jsonl");
    List<String> expected = lines(plain, 50, 3);
    Path gz = dir.resolve("more.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(Files.readAllBytes(plain));
    }
    Path big = dir.resolve("big.jsonl");
    Files.writeString(big, "{\"ok\":1}\n" + "{\"x\":\"" + "y".repeat(500) + "\"}\n{\"ok\":2}\n");
    PCollectionTuple zipped = p.apply("ReadGz", ReadMessageFiles.from(gz.toString(), 1 << 20)
        .withSplitBytes(16));
    PAssert.that(zipped.get(ReadMessageFiles.MESSAGES).apply("GzText",
            MapElements.into(TypeDescriptors.strings())
                .via((RawMessage m) -> new String(m.payload(), StandardCharsets.UTF_8))))
        .containsInAnyOrder(expected);

    PCollectionTuple read = p.apply("ReadBig", ReadMessageFiles.from(big.toString(), 100)
        .withSplitBytes(64));
    PAssert.that(read.get(ReadMessageFiles.MESSAGES).apply("BigText",
            MapElements.into(TypeDescriptors.strings())
                .via((RawMessage m) -> new String(m.payload(), StandardCharsets.UTF_8))))
        .containsInAnyOrder("{\"ok\":1}", "{\"ok\":2}");
    String bigName = big.toString();
    PAssert.that(read.get(ReadMessageFiles.FAILURES).apply("Reasons",
            MapElements.into(TypeDescriptors.strings())
                .via((DeadLetter d) -> d.reason() + " " + d.errorMessage().replace(bigName, "big")
                    + " " + d.original().payload().length)))
        .containsInAnyOrder("oversize_line oversize_line: big:2: line longer than 100 bytes; its first 100 bytes are kept 100");
    p.run().waitUntilFinish();
  }

  @Test
  void lineReaderKnowsWhereEachLineStarts() throws IOException {
    byte[] text = "ab\n\r\ncde\nf".getBytes(StandardCharsets.US_ASCII);
    ReadMessageFiles.LineReader r = new ReadMessageFiles.LineReader(new ByteArrayInputStream(text), 10, 100);
    assertEquals(100, r.position());
    assertEquals("ab", new String(r.next(), StandardCharsets.US_ASCII));
    assertEquals(103, r.position());
    assertEquals("", new String(r.next(), StandardCharsets.US_ASCII));
    assertEquals(105, r.position());
    assertEquals("cde", new String(r.next(), StandardCharsets.US_ASCII));
    assertEquals(109, r.position());
    assertEquals("f", new String(r.next(), StandardCharsets.US_ASCII));
    assertEquals(110, r.position());
    assertNull(r.next());
    assertEquals(110, r.position());
  }
}
