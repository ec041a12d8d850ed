package dev.crashflow.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crashflow.testing.Outputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline with a symbol store: an R8-obfuscated Android crash is retraced, a native macOS
 * crash is symbolicated from a real Breakpad file, and a crash whose mapping is not in the store is
 * kept raw and marked missing_symbols with the uuid to upload.
 */
class SymbolicationPipelineTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String UUID_PRESENT = "3f0c7a0e-8d7a-4e4e-9a36-5c1a2b3c4d5e";
  static final String UUID_MISSING = "7d5e0b1c-0000-4000-8000-00000000beef";

  @TempDir Path tmp;

  static String jvmEvent(String id, String uuid, long now) {
    return "{\"event_id\":\"" + id + "\",\"timestamp\":" + now / 1000.0 + ",\"platform\":\"java\","
        + "\"release\":\"com.example.shop@1.0+1\",\"contexts\":{\"os\":{\"name\":\"Android\",\"version\":\"14\"}},"
        + "\"debug_meta\":{\"images\":[{\"type\":\"proguard\",\"uuid\":\"" + uuid + "\"}]},"
        + "\"exception\":{\"values\":[{\"type\":\"c\",\"value\":\"no item\",\"module\":\"a\","
        + "\"mechanism\":{\"type\":\"UncaughtExceptionHandler\",\"handled\":false},"
        + "\"stacktrace\":{\"frames\":[{\"module\":\"android.os.Looper\",\"function\":\"loop\",\"in_app\":false},"
        + "{\"module\":\"a.b\",\"function\":\"a\",\"lineno\":5,\"in_app\":true}]}}]}}";
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

  @Test
  void framesAreSymbolicatedFromTheStoreAndMissingSymbolsAreReported() throws Exception {
    Path store = tmp.resolve("store");
    Files.createDirectories(store.resolve("proguard/" + UUID_PRESENT));
    Files.writeString(store.resolve("proguard/" + UUID_PRESENT + "/mapping.txt"), String.join("\n",
        "com.example.Shop -> a.b:",
        "    1:10:void buy(int):20:29 -> a",
        "com.example.OutOfStockException -> a.c:",
        ""));
    Path sym = store.resolve("crash/67E9247C814E392BA027DBDE6748FCBF0/crash.sym");
    Files.createDirectories(sym.getParent());
    Files.copy(Path.of("../shared/data/breakpad-sym/macos-crash.sym"), sym);

    long now = System.currentTimeMillis();
    Path input = tmp.resolve("events.jsonl");
    Files.write(input, List.of(
        jvmEvent("a".repeat(32), UUID_PRESENT, now),
        jvmEvent("b".repeat(32), UUID_MISSING, now),
        nativeEvent("c".repeat(32), now)));

    CrashPipelineMainTest.runMain("--input=" + input, "--output=" + tmp.resolve("out"), "--symbols=" + store);

    Map<String, JsonNode> rows = new HashMap<>();
    for (String line : Outputs.lines(tmp.resolve("out/warehouse/crash_events"))) {
      JsonNode row = JSON.readTree(line);
      rows.put(row.get("event_id").asText(), row);
    }
    assertEquals(3, rows.size());

    JsonNode jvm = rows.get("a".repeat(32));
    assertEquals("symbolicated", jvm.get("symbolication_status").asText());
    JsonNode exception = jvm.get("exceptions").get(0);
    String type = exception.get("type").asText();
    String full = type.contains(".") ? type : exception.path("module").asText() + "." + type;
    assertEquals("com.example.OutOfStockException", full);
    JsonNode crashFrame = exception.get("frames").get(exception.get("frames").size() - 1);
    assertEquals("com.example.Shop.buy", crashFrame.get("symbol").asText());
    assertEquals(24, crashFrame.get("line").asInt());

    JsonNode missing = rows.get("b".repeat(32));
    assertEquals("missing_symbols", missing.get("symbolication_status").asText());
    assertEquals(UUID_MISSING, missing.get("missing_debug_ids").get(0).asText());

    JsonNode nat = rows.get("c".repeat(32));
    assertEquals("symbolicated", nat.get("symbolication_status").asText());
    JsonNode nativeFrames = nat.get("exceptions").get(0).get("frames");
    JsonNode top = nativeFrames.get(nativeFrames.size() - 1);
    assertTrue(top.get("symbol").asText().startsWith("google_breakpad::MinidumpFileWriter::Copy"), top.toString());
    assertEquals(312, top.get("line").asInt());
    assertEquals(0x1a2a, top.get("offset").asLong());
  }
}
