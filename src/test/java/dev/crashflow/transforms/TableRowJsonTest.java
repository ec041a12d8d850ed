package dev.crashflow.transforms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.services.bigquery.model.TableRow;
import dev.crashflow.grouping.Fingerprinter;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.Frame;
import dev.crashflow.rows.TableRows;
import dev.crashflow.testing.Events;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The warehouse's JSON lines written straight to bytes are the bytes the String route
 * ({@code writeValueAsString} then UTF-8, as {@code TextIO} wrote them) gives, for every kind of
 * value and every kind of character, including the surrogates Jackson's byte generator escapes.
 */
class TableRowJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static byte[] expected(List<TableRow> rows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (TableRow row : rows) {
      out.write(JSON.writeValueAsString(row).getBytes(StandardCharsets.UTF_8));
      out.write('\n');
    }
    return out.toByteArray();
  }

  /** Writes rows through one TableRowJson, as a sink does for a file. */
  private static byte[] written(TableRowJson json, List<TableRow> rows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (TableRow row : rows) {
      json.writeLine(row, out);
    }
    return out.toByteArray();
  }

  private static TableRow crashRow(String id, String message) {
    CrashEvent e = Events.jvm(id, 1_763_800_000_123L, "com.example.game", "2.1",
        "java.lang.IllegalStateException", message,
        List.of(Frame.jvm("android.os.Looper", "loop", "Looper.java", 10, false),
            Frame.jvm("com.example.Game", "tick", "Game.java", 42, true)));
    return TableRows.crashEvent(e.withGrouping(new Fingerprinter().group(e)));
  }

  @Test
  void crashRowsAreTheBytesTheStringRouteWrites() throws Exception {
    List<TableRow> rows = List.of(
        crashRow("0123456789abcdef0123456789abcdef", "boom"),
        crashRow("1123456789abcdef0123456789abcdef", "quote \" backslash \\ tab \t newline \n nul \u0000 del \u007f"),
        crashRow("2123456789abcdef0123456789abcdef", "caf\u00e9 \u65e5\u672c \u2028 \ufeff"),
        crashRow("3123456789abcdef0123456789abcdef", "plain again"));
    TableRowJson json = new TableRowJson();
    assertArrayEquals(expected(rows), written(json, rows));
    assertEquals(0, json.fallbacks(), "rows without surrogates take the byte route");
  }

  @Test
  void surrogatesFallBackToTheStringRouteAndKeepItsBytes() throws Exception {
    List<TableRow> rows = List.of(
        crashRow("0123456789abcdef0123456789abcdef", "emoji \ud83d\udca5 pair"),
        crashRow("1123456789abcdef0123456789abcdef", "lone high \ud83d here"),
        crashRow("2123456789abcdef0123456789abcdef", "lone low \udca5 here"),
        crashRow("3123456789abcdef0123456789abcdef", "reversed \udca5\ud83d pair"),
        crashRow("4123456789abcdef0123456789abcdef", "ends high \ud83d"),
        crashRow("5123456789abcdef0123456789abcdef", "after the fallbacks, the byte route again"));
    TableRowJson json = new TableRowJson();
    byte[] bytes = written(json, rows);
    assertArrayEquals(expected(rows), bytes);
    assertEquals(5, json.fallbacks());
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertTrue(text.contains("emoji \ud83d\udca5 pair"), "a pair is its 4-byte UTF-8 form");
    assertTrue(text.contains("lone high ? here"), "a lone half is ? as the encoder wrote it");
  }

  @Test
  void textThatLooksLikeASurrogateEscapeIsKeptAsWritten() throws Exception {
    List<TableRow> rows = List.of(new TableRow().set("v", "literal \\ud83d and \\uDC00"));
    assertArrayEquals(expected(rows), written(new TableRowJson(), rows));
  }

  @Test
  void everyKindOfValueMatches() throws Exception {
    Map<String, Object> plainMap = new LinkedHashMap<>();
    plainMap.put("k", "v");
    plainMap.put("none", null);
    TableRow row = new TableRow()
        .set("s", "x").set("empty", "").set("nothing", null)
        .set("long", Long.MIN_VALUE).set("int", 42).set("double", 0.1 + 0.2).set("nan", Double.NaN)
        .set("neg_zero", -0.0).set("yes", true).set("no", false)
        .set("list", List.of(1L, "two", List.of(), Map.of()))
        .set("list_with_null", Arrays.asList("a", null))
        .set("record", new TableRow().set("inner", new TableRow().set("deep", 3L)))
        .set("map", plainMap)
        .set("repeated_records", List.of(new TableRow().set("a", 1L), new TableRow()))
        .set("float", 1.5f).set("short", (short) 7).set("big", new java.math.BigDecimal("1.50"))
        .set("bytes", new byte[] {1, 2, 3}).set("set", new java.util.TreeSet<>(List.of("b", "a")))
        .set("map_of_rows", Map.of("r", new TableRow().set("x", 1L)))
        .set("cells", new TableRow().setF(List.of(new com.google.api.services.bigquery.model.TableCell().setV("c"))));
    TableRow cellsAtTop = new TableRow().setF(List.of()).set("after", "f");
    List<TableRow> rows = List.of(row, new TableRow(), cellsAtTop);
    assertArrayEquals(expected(rows), written(new TableRowJson(), rows));
  }

  @Test
  void randomTextOverTheWholeCharRangeMatches() throws Exception {
    Random random = new Random(8);
    char[] interesting = {'"', '\\', '\n', '\r', '\u0001', '\u001f', '/', 'u', 'd', '8', 'é', '\u2028',
        '\ud800', '\udbff', '\udc00', '\udfff', '\uffff', '\ufffd'};
    List<TableRow> rows = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      StringBuilder s = new StringBuilder();
      for (int n = random.nextInt(40); n > 0; n--) {
        int kind = random.nextInt(4);
        s.append(kind == 0 ? (char) random.nextInt(0x10000)
            : kind == 1 ? interesting[random.nextInt(interesting.length)]
            : (char) (' ' + random.nextInt(95)));
      }
      rows.add(new TableRow().set("id", (long) i).set("text", s.toString())
          .set("nested", new TableRow().set(s.toString(), List.of(s.toString()))));
    }
    TableRowJson json = new TableRowJson();
    assertArrayEquals(expected(rows), written(json, rows));
    assertTrue(json.fallbacks() > 0 && json.fallbacks() < rows.size(),
        "both routes ran: " + json.fallbacks());
  }

  @Test
  void aRowThatCannotBeWrittenFailsLoudly() {
    TableRow bad = new TableRow().set("v", new Object()); // no serializer: Jackson refuses it
    TableRowJson json = new TableRowJson();
    assertThrows(IOException.class, () -> json.writeLine(bad, new ByteArrayOutputStream()));
  }

  @Test
  void surrogateEscapesAreFoundInAnyCase() {
    assertTrue(found("a\\ud83db"));
    assertTrue(found("\\uDFFF"));
    assertTrue(found("\\uDa00"));
    assertFalse(found("\\ud7ff \\u00e9 \\n \\uE000"));
    assertFalse(found("x\\ud"), "cut short");
    byte[] b = "\\ud83d".getBytes(StandardCharsets.US_ASCII);
    assertFalse(TableRowJson.hasSurrogateEscape(b, 3), "past len is not looked at");
  }

  private static boolean found(String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    return TableRowJson.hasSurrogateEscape(b, b.length);
  }
}
