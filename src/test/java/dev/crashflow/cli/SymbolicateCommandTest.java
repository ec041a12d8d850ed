package dev.crashflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crashflow.testing.NeedsSharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@NeedsSharedData
class SymbolicateCommandTest {
  static final Path DATA = Path.of("../shared/data/breakpad-sym");
  static final String MAC_ID = "67E9247C814E392BA027DBDE6748FCBF0";
  static final String LINUX_ID = "C0BCC3F19827FE653058404B2831D9E60";

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd = CrashflowCli.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    return cmd.execute(args);
  }

  private JsonNode[] lines() throws Exception {
    String[] text = out.toString().split("\n");
    JsonNode[] nodes = new JsonNode[text.length];
    for (int i = 0; i < text.length; i++) {
      nodes[i] = new ObjectMapper().readTree(text[i]);
    }
    return nodes;
  }

  private Path store() throws Exception {
    Path mac = dir.resolve("crash/" + MAC_ID + "/crash.sym");
    Path linux = dir.resolve("crash/" + LINUX_ID + "/crash.sym");
    Files.createDirectories(mac.getParent());
    Files.createDirectories(linux.getParent());
    Files.copy(DATA.resolve("macos-crash.inlines.sym"), mac);
    Files.copy(DATA.resolve("linux-crash.sym"), linux);
    return dir;
  }

  @Test
  void fileLookupPrintsOneJsonLinePerAddressWithOrWithout0x() throws Exception {
    assertEquals(0, run("symbolicate", "--symbols", DATA.resolve("macos-crash.sym").toString(),
        "1a2a", "0x1A2A", "0xdcb0"));
    JsonNode[] lines = lines();
    assertEquals(3, lines.length);
    assertEquals("{\"address\":\"0x1a2a\",\"frames\":[{\"function\":"
        + "\"google_breakpad::MinidumpFileWriter::Copy(unsigned int, void const*, long)\","
        + "\"file\":\"/Users/travis/build/getsentry/breakpad-tools/macos/../deps/breakpad/src/client/"
        + "minidump_file_writer.cc\",\"line\":312}]}", out.toString().split("\n")[0]);
    assertEquals(lines[0], lines[1]);
    assertEquals("0xdcb0", lines[2].get("address").asText());
    assertEquals(0, lines[2].get("frames").size());
  }

  @Test
  void storeDirectoryPicksTheFileBySentryFormDebugIdAndPrintsInlineChains() throws Exception {
    assertEquals(0, run("symbolicate", "--symbols", store().toString(),
        "--debug-id", "67e9247c-814e-392b-a027-dbde6748fcbf", "d43"));
    JsonNode frames = lines()[0].get("frames");
    assertEquals(2, frames.size());
    assertEquals(93, frames.get(0).get("line").asInt());
    assertEquals(96, frames.get(1).get("line").asInt());
    assertEquals("google_breakpad::MinidumpFileWriter::MinidumpFileWriter()",
        frames.get(1).get("function").asText());
  }

  @Test
  void storeDirectoryPublicFallbackHasNoFileOrLine() throws Exception {
    assertEquals(0, run("symbolicate", "--symbols", store().toString(), "--debug-id", LINUX_ID,
        "1559"));
    assertEquals("{\"address\":\"0x1559\",\"frames\":[{\"function\":\"_init\",\"file\":null,"
        + "\"line\":null}]}", out.toString().trim());
  }

  @Test
  void storeWithSeveralFilesNeedsADebugId() throws Exception {
    assertEquals(2, run("symbolicate", "--symbols", store().toString(), "1a2a"));
    assertTrue(err.toString().contains("2 symbol files under"), err.toString());
    assertEquals(2, run("symbolicate", "--symbols", dir.toString(), "--debug-id",
        "00000000000000000000000000000000" + "0", "1a2a"));
    assertTrue(err.toString().contains("no symbol file for debug id 000000000000000000000000000000000"),
        err.toString());
  }

  @Test
  void wrongDebugIdForAFileIsRejected() {
    assertEquals(2, run("symbolicate", "--symbols", DATA.resolve("macos-crash.sym").toString(),
        "--debug-id", LINUX_ID, "1a2a"));
    assertTrue(err.toString().contains("is for debug id " + MAC_ID + ", not " + LINUX_ID),
        err.toString());
    assertEquals("", out.toString());
  }

  @Test
  void badAddressAndNonSymbolFileAreOneLineErrors() throws Exception {
    assertEquals(2, run("symbolicate", "--symbols", DATA.resolve("macos-crash.sym").toString(),
        "0xzz"));
    assertTrue(err.toString().contains("not a hex address: '0xzz'"), err.toString());
    Path html = dir.resolve("oops.sym");
    Files.writeString(html, "<html>404</html>\n");
    assertEquals(2, run("symbolicate", "--symbols", html.toString(), "10"));
    assertTrue(err.toString().contains("no MODULE line: not a Breakpad symbol file"), err.toString());
  }

  /** A URL goes through Beam's FileSystems, as gs:// does; file:// is the local one. */
  @Test
  void storeUrlIsReadThroughBeamFileSystems() throws Exception {
    String url = store().toUri().toString();
    assertEquals(0, run("symbolicate", "--symbols", url,
        "--debug-id", "67e9247c-814e-392b-a027-dbde6748fcbf", "d43"), err.toString());
    assertEquals(2, lines()[0].get("frames").size());

    assertEquals(2, run("symbolicate", "--symbols", url, "1a2a"));
    assertTrue(err.toString().contains("2 symbol files under " + url), err.toString());
    assertEquals(2, run("symbolicate", "--symbols", url, "--debug-id",
        "00000000-0000-0000-0000-000000000001", "1a2a"));
    assertTrue(err.toString().contains("no symbol file matches"), err.toString());
  }
}
