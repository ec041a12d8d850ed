package dev.crashflow.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryResultTest {

  private static final Map<String, Object> DEVICE = new LinkedHashMap<>();

  static {
    DEVICE.put("model", "Pixel 8");
    DEVICE.put("ram", 8L);
  }

  private final QueryResult result = new QueryResult(
      List.of("issue", "crashes", "first_seen", "device", "payload"),
      List.of(
          Arrays.asList("NullPointerException in MainActivity.onCreate", 1234L,
              Instant.parse("2026-11-23T10:00:00Z"), DEVICE, "hi".getBytes(StandardCharsets.UTF_8)),
          Arrays.asList("ANR, \"main\"\nthread", 7L, null, null, null)));

  @Test
  void tableAlignsColumnsRightAlignsNumbersAndTruncatesLongCells() {
    assertEquals(String.join("\n",
        "issue                | crashes | first_seen           | device               | payload",
        "---------------------+---------+----------------------+----------------------+--------",
        "NullPointerExceptio… |    1234 | 2026-11-23T10:00:00Z | {\"model\":\"Pixel 8\",… | aGk=",
        "ANR, \"main\"\\nthread  |       7 | NULL                 | NULL                 | NULL",
        "(2 rows)", ""), result.toTable(20));
  }

  @Test
  void tableOfNoRowsShowsHeaderAndZeroFooter() {
    assertEquals("a | bb\n--+---\n(0 rows)\n",
        new QueryResult(List.of("a", "bb"), List.of()).toTable());
    assertEquals("n\n-\n1\n(1 row)\n",
        new QueryResult(List.of("n"), List.of(List.of(1L))).toTable());
  }

  @Test
  void csvQuotesWhereNeededAndLeavesNullEmpty() {
    assertEquals("issue,crashes,first_seen,device,payload\r\n"
        + "NullPointerException in MainActivity.onCreate,1234,2026-11-23T10:00:00Z,"
        + "\"{\"\"model\"\":\"\"Pixel 8\"\",\"\"ram\"\":8}\",aGk=\r\n"
        + "\"ANR, \"\"main\"\"\nthread\",7,,,\r\n", result.toCsv());
    assertEquals("s\r\n\"\"\r\n\r\n", new QueryResult(List.of("s"),
        List.of(List.of(""), Arrays.asList((Object) null))).toCsv());
  }

  @Test
  void jsonLinesUseTheTableRowEncoding() throws Exception {
    String[] lines = result.toJsonLines().split("\n");
    assertEquals(2, lines.length);
    assertEquals("{\"issue\":\"NullPointerException in MainActivity.onCreate\",\"crashes\":1234,"
        + "\"first_seen\":\"2026-11-23T10:00:00Z\",\"device\":{\"model\":\"Pixel 8\",\"ram\":8},"
        + "\"payload\":\"aGk=\"}", lines[0]);
    assertEquals("ANR, \"main\"\nthread",
        new ObjectMapper().readTree(lines[1]).get("issue").asText());
    assertEquals("{\"d\":\"2026-01-01T10:00:00\",\"x\":\"NaN\",\"n\":1.50}\n", new QueryResult(
        List.of("d", "x", "n"), List.of(List.of(LocalDateTime.of(2026, 1, 1, 10, 0), Double.NaN,
            new BigDecimal("1.50")))).toJsonLines());
  }
}
