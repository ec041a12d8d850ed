package dev.crashflow.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crashflow.cli.CrashflowCli;
import dev.crashflow.testing.NeedsSharedData;
import dev.crashflow.testing.Outputs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline with a symbol store built by {@code crashflow symbols upload}: R8-obfuscated Android
 * crashes from three releases (each obfuscated differently, found by uuid or by release) are
 * retraced and grouped into one issue; a native macOS crash is symbolicated from a real Breakpad
 * file; a crash whose mapping is not in the store is kept raw and marked missing_symbols with the
 * uuid to upload, and replaying the raw archive after the upload symbolicates it into the same
 * issue.
 */
@NeedsSharedData
class SymbolicationPipelineTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String UUID_PRESENT = "3f0c7a0e-8d7a-4e4e-9a36-5c1a2b3c4d5e";
  static final String UUID_11 = "0b7f5a2c-1111-4e4e-9a36-5c1a2b3c4d5e";
  static final String UUID_MISSING = "7d5e0b1c-0000-4000-8000-00000000beef";

  /** Release 1.0, found by uuid. */
  static final String MAPPING_10 = String.join("\n",
      "com.example.Shop -> a.b:",
      "    1:10:void buy(int):20:29 -> a",
      "com.example.OutOfStockException -> a.c:", "");
  /** Release 1.1: the same code under other names and minified lines, found by uuid. */
  static final String MAPPING_11 = String.join("\n",
      "com.example.OutOfStockException -> q.r:",
      "com.example.Shop -> q.s:",
      "    3:12:void buy(int):20:29 -> b", "");
  /** Release 1.2: an SDK that sends no uuid; found by app id, version and build. */
  static final String MAPPING_12 = String.join("\n",
      "com.example.Shop -> z:",
      "    100:109:void buy(int):20:29 -> c",
      "com.example.OutOfStockException -> y:", "");
  /** Release 1.3: uploaded only after the first run. */
  static final String MAPPING_13 = String.join("\n",
      "com.example.Shop -> m.n:",
      "    1:10:void buy(int):20:29 -> d",
      "com.example.OutOfStockException -> m.o:", "");

  @TempDir static Path tmp;
  static Path store;
  static Path input;
  static Map<String, JsonNode> rows;

  static String jvmEvent(String id, String release, String uuid, String excModule, String excType,
      String frameModule, String frameFunction, int line, long now) {
    String images = uuid == null ? ""
        : "\"debug_meta\":{\"images\":[{\"type\":\"proguard\",\"uuid\":\"" + uuid + "\"}]},";
    String module = excModule == null ? "" : "\"module\":\"" + excModule + "\",";
    return "{\"event_id\":\"" + id + "\",\"timestamp\":" + now / 1000.0 + ",\"platform\":\"java\","
        + "\"release\":\"com.example.shop@" + release + "\",\"contexts\":{\"os\":{\"name\":\"Android\",\"version\":\"14\"}},"
        + images
        + "\"exception\":{\"values\":[{\"type\":\"" + excType + "\",\"value\":\"no item\"," + module
        + "\"mechanism\":{\"type\":\"UncaughtExceptionHandler\",\"handled\":false},"
        + "\"stacktrace\":{\"frames\":[{\"module\":\"android.os.Looper\",\"function\":\"loop\",\"in_app\":false},"
        + "{\"module\":\"" + frameModule + "\",\"function\":\"" + frameFunction + "\",\"lineno\":" + line
        + ",\"in_app\":true}]}}]}}";
  }

  static String nativeEvent(String id, long now) {
    return "{\"event_id\":\"" + id + "\",\"timestamp\":" + now / 1000.0 + ",\"platform\":\"cocoa\","
        + "\"release\":\"com.example.crash@2.0+7\",\"contexts\":{\"os\":{\"name\":\"macOS\",\"version\":\"14.1\"}},"
        + "\"debug_meta\":{\"images\":[{\"type\":\"macho\",\"debug_id\":\"67e9247c-814e-392b-a027-dbde6748fcbf\","
        + "\"debug_file\":\"crash\",\"code_file\":\"/Applications/Crash.app/Contents/MacOS/crash\","
        + "\"image_addr\":\"0x100000000\",\"image_size\":1048576,\"arch\":\"x86_64\"}]},"
        + "\"exception\":{\"values\":[{\"type\":\"EXC_BAD_ACCESS\",\"value\":\"KERN_INVALID_ADDRESS\","
        + "\"mechanism\":{\"type\":\"mach\",\"handled\":false},"
        + "\"stacktrace\":{\"frames\":[{\"instruction_addr\":\"0x100001a2a\",\"package\":\"/Applications/Crash.app/Contents/MacOS/crash\",\"in_app\":true}]}}]}}";
  }

  static void upload(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cmd = CrashflowCli.commandLine();
    cmd.setOut(new PrintWriter(new StringWriter()));
    cmd.setErr(new PrintWriter(err));
    List<String> all = new ArrayList<>(List.of("symbols", "upload", "--store", store.toString()));
    all.addAll(List.of(args));
    assertEquals(0, cmd.execute(all.toArray(String[]::new)), err.toString());
  }

  static Path write(String name, String content) throws Exception {
    Path p = tmp.resolve("uploads").resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  static Map<String, JsonNode> eventRows(Path out) throws Exception {
    Map<String, JsonNode> byId = new HashMap<>();
    for (String line : Outputs.lines(out.resolve("warehouse/crash_events"))) {
      JsonNode row = JSON.readTree(line);
      byId.put(row.get("event_id").asText(), row);
    }
    return byId;
  }

  @BeforeAll
  static void runWithAStoreBuiltByTheUploadCommand() throws Exception {
    store = tmp.resolve("store");
    upload("--uuid", UUID_PRESENT, write("10/mapping.txt", MAPPING_10).toString());
    upload("--uuid", UUID_11, write("11/mapping.txt", MAPPING_11).toString());
    upload("--app-id", "com.example.shop", "--app-version", "1.2", "--build", "3",
        write("12/mapping.txt", MAPPING_12).toString());
    upload("../shared/data/breakpad-sym/macos-crash.sym");

    long now = System.currentTimeMillis();
    input = tmp.resolve("events.jsonl");
    Files.write(input, List.of(
        jvmEvent("a".repeat(32), "1.0+1", UUID_PRESENT, "a", "c", "a.b", "a", 5, now),
        jvmEvent("d".repeat(32), "1.1+2", UUID_11, "q", "r", "q.s", "b", 7, now),
        jvmEvent("e".repeat(32), "1.2+3", null, null, "y", "z", "c", 104, now),
        jvmEvent("b".repeat(32), "1.3+4", UUID_MISSING, "m", "o", "m.n", "d", 5, now),
        nativeEvent("c".repeat(32), now)));

    CrashPipelineMainTest.runMain("--input=" + input, "--output=" + tmp.resolve("out"),
        "--symbols=" + store);
    rows = eventRows(tmp.resolve("out"));
    assertEquals(5, rows.size());
  }

  @Test
  void obfuscatedJvmCrashIsRetracedByItsUuid() {
    JsonNode jvm = rows.get("a".repeat(32));
    assertEquals("symbolicated", jvm.get("symbolication_status").asText());
    JsonNode exception = jvm.get("exceptions").get(0);
    String type = exception.get("type").asText();
    String full = type.contains(".") ? type : exception.path("module").asText() + "." + type;
    assertEquals("com.example.OutOfStockException", full);
    JsonNode crashFrame = exception.get("frames").get(exception.get("frames").size() - 1);
    assertEquals("com.example.Shop.buy", crashFrame.get("symbol").asText());
    assertEquals(24, crashFrame.get("line").asInt());
  }

  @Test
  void sameBugInThreeDifferentlyObfuscatedReleasesIsOneIssue() {
    JsonNode r10 = rows.get("a".repeat(32));
    JsonNode r11 = rows.get("d".repeat(32));
    JsonNode r12 = rows.get("e".repeat(32));
    for (JsonNode r : List.of(r11, r12)) {
      assertEquals("symbolicated", r.get("symbolication_status").asText(), r.toString());
      JsonNode frames = r.get("exceptions").get(0).get("frames");
      assertEquals("com.example.Shop.buy", frames.get(frames.size() - 1).get("symbol").asText());
      assertEquals(24, frames.get(frames.size() - 1).get("line").asInt());
    }
    assertEquals(r10.get("issue_id").asText(), r11.get("issue_id").asText());
    assertEquals(r10.get("issue_id").asText(), r12.get("issue_id").asText());
    assertNotEquals(r10.get("issue_id").asText(), rows.get("b".repeat(32)).get("issue_id").asText(),
        "an unretraced crash cannot be grouped with the retraced ones");
  }

  @Test
  void missingMappingIsReportedWithItsUuid() {
    JsonNode missing = rows.get("b".repeat(32));
    assertEquals("missing_symbols", missing.get("symbolication_status").asText());
    assertEquals(UUID_MISSING, missing.get("missing_debug_ids").get(0).asText());
  }

  @Test
  void nativeCrashIsSymbolicatedFromTheBreakpadFile() {
    JsonNode nat = rows.get("c".repeat(32));
    assertEquals("symbolicated", nat.get("symbolication_status").asText());
    JsonNode nativeFrames = nat.get("exceptions").get(0).get("frames");
    JsonNode top = nativeFrames.get(nativeFrames.size() - 1);
    assertTrue(top.get("symbol").asText().startsWith("google_breakpad::MinidumpFileWriter::Copy"), top.toString());
    assertEquals(312, top.get("line").asInt());
    assertEquals(0x1a2a, top.get("offset").asLong());
  }

  /** The README's replay recipe: upload the missing mapping, run again over the raw archive. */
  @Test
  void replayingTheArchiveAfterUploadingTheMissingMappingSymbolicatesIt() throws Exception {
    upload("--uuid", UUID_MISSING, write("13/mapping.txt", MAPPING_13).toString());
    Path replay = tmp.resolve("replay");
    CrashPipelineMainTest.runMain("--input=" + tmp.resolve("out/archive") + "/**",
        "--output=" + replay, "--symbols=" + store);

    Map<String, JsonNode> replayed = eventRows(replay);
    assertEquals(5, replayed.size());
    JsonNode fixed = replayed.get("b".repeat(32));
    assertEquals("symbolicated", fixed.get("symbolication_status").asText());
    assertEquals(rows.get("a".repeat(32)).get("issue_id").asText(), fixed.get("issue_id").asText());
  }

  /**
   * The README's re-grouping recipe: a team adds a fingerprint rule for its app, then replays the
   * raw archive with it. The replayed rows carry the new issue id (and the engine's
   * grouping_version), the events the rule does not match keep theirs, and the rule's title shows.
   */
  @Test
  void replayingTheArchiveWithNewGroupingRulesReKeysHistory() throws Exception {
    Path config = tmp.resolve("grouping-config");
    Path rules = config.resolve("grouping/com.example.shop/fingerprints.txt");
    Files.createDirectories(rules.getParent());
    Files.writeString(rules,
        "type:*OutOfStockException -> stock-outage title=\"Shop ran out of stock\"\n");
    Path regrouped = tmp.resolve("regrouped");
    CrashPipelineMainTest.runMain("--input=" + tmp.resolve("out/archive") + "/**",
        "--output=" + regrouped, "--symbols=" + store, "--groupingConfig=" + config);

    Map<String, JsonNode> after = eventRows(regrouped);
    assertEquals(5, after.size());
    String before = rows.get("a".repeat(32)).get("issue_id").asText();
    String now = after.get("a".repeat(32)).get("issue_id").asText();
    assertNotEquals(before, now, "the rule must re-key the retraced releases");
    for (String id : List.of("a", "d", "e")) {
      JsonNode r = after.get(id.repeat(32));
      assertEquals(now, r.get("issue_id").asText(), id);
      assertEquals("Shop ran out of stock", r.get("issue_title").asText(), id);
      assertEquals(rows.get(id.repeat(32)).get("grouping_version").asText(),
          r.get("grouping_version").asText());
    }
    String nativeId = "c".repeat(32);
    assertEquals(rows.get(nativeId).get("issue_id").asText(), after.get(nativeId).get("issue_id").asText(),
        "an event of another app keeps its issue");
  }
}
