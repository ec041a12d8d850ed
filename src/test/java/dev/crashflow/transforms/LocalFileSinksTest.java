package dev.crashflow.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.services.bigquery.model.TableRow;
import dev.crashflow.decode.Envelopes;
import dev.crashflow.model.RawMessage;
import dev.crashflow.testing.Outputs;
import dev.crashflow.transforms.coders.RawMessageCoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowJsonCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bounded local sinks ({@link JsonRowSink}, {@link Utf8LineSink} through FileIO) write the
 * formats readers expect: warehouse lines equal to each row's JSON, archive files that are plain
 * gzip in their app/dt/hr folders and replay every message exactly.
 */
class LocalFileSinksTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private List<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile)
          .filter(f -> !root.relativize(f).toString().startsWith(".temp")).sorted().toList();
    }
  }

  @Test
  void archiveFilesAreGzipOnePerFolderAndReplayEveryMessage() throws Exception {
    List<KV<String, RawMessage>> messages = new ArrayList<>();
    Map<RawMessage, Integer> expected = new HashMap<>();
    Random random = new Random(3);
    for (int i = 0; i < 240; i++) {
      String app = "com.example.app" + (i % 4);
      long millis = 1_763_800_000_000L + (i % 30) * 3_600_000L; // 60 folders, FileIO spilled past 20
      byte[] payload = new byte[50 + random.nextInt(400)];
      random.nextBytes(payload);
      Map<String, String> attributes = Map.of("app", app, "note", "caf\u00e9 \ud83d\udca5 #" + i);
      RawMessage m = new RawMessage(payload, attributes, "id-" + i, millis + i);
      messages.add(KV.of(ArchiveRawMessages.partition(app, millis), m));
      expected.merge(m, 1, Integer::sum);
    }
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    p.apply(Create.of(messages).withCoder(KvCoder.of(StringUtf8Coder.of(), RawMessageCoder.of())))
        .apply(ArchiveRawMessages.to(dir.toString(), FileWriteSettings.defaults()));
    p.run().waitUntilFinish();

    Map<RawMessage, Integer> replayed = new HashMap<>();
    List<Path> files = files(dir);
    assertFalse(files.isEmpty());
    for (Path f : files) {
      String relative = dir.relativize(f).toString();
      assertTrue(relative.matches(
          "app=com\\.example\\.app\\d/dt=\\d{4}-\\d{2}-\\d{2}/hr=\\d{2}/messages-\\d{5}-of-\\d{5}\\.ndjson\\.gz"),
          relative);
      byte[] bytes = Files.readAllBytes(f);
      assertEquals(0x1f, bytes[0] & 0xff, "gzip magic");
      assertEquals(0x8b, bytes[1] & 0xff, "gzip magic");
      String folder = relative.substring(0, relative.lastIndexOf('/'));
      for (String line : gunzip(bytes).split("\n")) {
        RawMessage m = Envelopes.parseLine(line);
        assertEquals(folder, ArchiveRawMessages.partition(m.attributes().get("app"),
            m.publishTimeMillis() - Long.parseLong(m.messageId().substring(3))), "in its own folder");
        replayed.merge(m, 1, Integer::sum);
      }
    }
    assertEquals(expected, replayed, "every message once, byte for byte");
    assertEquals(60, files.size(), "one file per folder");
    assertEquals(0, new ProcessBuilder("gzip", "-t", files.get(0).toString()).start().waitFor(),
        "gzip itself reads it");
  }

  @Test
  void warehouseLinesAreEachRowsJson() throws Exception {
    List<TableRow> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      rows.add(new TableRow().set("event_id", "e" + i).set("n", (long) i)
          .set("title", i % 7 == 0 ? "emoji \ud83d\udca5" : "plain")
          .set("device", new TableRow().set("model", "Pixel " + i).set("simulator", null)));
    }
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    p.apply(Create.of(rows).withCoder(TableRowJsonCoder.of()))
        .apply(WriteLocalTable.to(dir.toString(), "crash_events", FileWriteSettings.defaults()));
    p.run().waitUntilFinish();

    List<String> expected = new ArrayList<>();
    for (TableRow row : rows) {
      expected.add(JSON.writeValueAsString(row));
    }
    List<String> lines = new ArrayList<>();
    for (Path f : files(dir)) {
      assertTrue(dir.relativize(f).toString().matches("crash_events/crash_events-\\d{5}-of-\\d{5}\\.json"),
          f.toString());
      String text = Files.readString(f, StandardCharsets.UTF_8);
      assertTrue(text.endsWith("\n"), "every line ends");
      lines.addAll(List.of(text.split("\n")));
    }
    assertEquals(expected.stream().sorted().toList(), lines.stream().sorted().toList());
    assertEquals(300, Outputs.lines(dir).size());
  }

  @Test
  void gzipLinesDeflateAtBestSpeedAndFinishLeavesTheFileOpen() throws Exception {
    StringBuilder text = new StringBuilder();
    Random random = new Random(5);
    for (int i = 0; i < 20_000; i++) {
      text.append("{\"n\":").append(random.nextInt(1000)).append(",\"w\":\"")
          .append(Long.toString(random.nextLong(), 36)).append("\"}\n");
    }
    byte[] plain = text.toString().getBytes(StandardCharsets.UTF_8);
    boolean[] closed = {false};
    ByteArrayOutputStream file = new ByteArrayOutputStream() {
      @Override
      public void close() {
        closed[0] = true;
      }
    };
    LineFiles.Output out = LineFiles.open(file, true);
    out.write(plain);
    out.finish();
    assertFalse(closed[0], "FileIO closes its own channel");
    assertArrayEquals(plain, gunzip(file.toByteArray()).getBytes(StandardCharsets.UTF_8));
    // The deflate body is what the chosen level gives, not the default level's smaller output.
    assertEquals(deflated(plain, LineFiles.GZIP_LEVEL), file.size() - 18);
    assertTrue(deflated(plain, Deflater.DEFAULT_COMPRESSION) < file.size() - 18);
    out.close();
    assertTrue(closed[0]);
  }

  private static int deflated(byte[] data, int level) throws IOException {
    Deflater d = new Deflater(level, true);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new DeflaterOutputStream(bytes, d)) {
      out.write(data);
    } finally {
      d.end();
    }
    return bytes.size();
  }

  private static String gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
