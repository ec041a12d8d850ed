package dev.crashflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashflow.retrace.Retracer;
import dev.crashflow.symbolicate.SymbolStore;
import dev.crashflow.symbols.DebugId;
import dev.crashflow.symbols.SymbolIndex;
import dev.crashflow.testing.NeedsSharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code crashflow symbols upload} puts files where the pipeline's {@link SymbolStore} looks them
 * up: every test reads the upload back through the store, as a running job would.
 */
@NeedsSharedData
class SymbolsUploadCommandTest {
  static final Path SYMS = Path.of("../shared/data/breakpad-sym");
  static final String MAPPING = "com.example.Foo -> a:\n    void bar() -> a\n";

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int upload(String... args) {
    CommandLine cmd = CrashflowCli.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    String[] all = new String[args.length + 2];
    all[0] = "symbols";
    all[1] = "upload";
    System.arraycopy(args, 0, all, 2, args.length);
    return cmd.execute(all);
  }

  private Path file(String name, String content) throws Exception {
    Path p = dir.resolve("in").resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  private String root() {
    return dir.resolve("store").toString();
  }

  private List<String> printed() {
    return out.toString().lines().toList();
  }

  @Test
  void mappingGoesUnderTheGivenUuidAndTheReleaseAndTheStoreFindsItByBoth() throws Exception {
    Path m = file("mapping.txt", MAPPING);
    assertEquals(0, upload("--store", root(), "--uuid", "26489473-A105-BD51-2B92-6D8B853442C4",
        "--app-id", "com.example.puzzle", "--app-version", "2.4.0", "--build", "240",
        m.toString()), err.toString());

    assertEquals(List.of(
        root() + "/proguard/26489473-a105-bd51-2b92-6d8b853442c4/mapping.txt",
        root() + "/proguard/com.example.puzzle/2.4.0+240/mapping.txt"), printed());
    SymbolStore store = SymbolStore.open(root(), 1 << 20);
    Retracer byUuid = store.mapping("26489473-a105-bd51-2b92-6d8b853442c4");
    Retracer byRelease = store.mappingForRelease("com.example.puzzle", "2.4.0", "240");
    assertNotNull(byUuid);
    assertNotNull(byRelease);
    assertEquals("com.example.Foo", byRelease.retraceClass("a"));
  }

  @Test
  void r8MappingWithoutAGivenIdGoesUnderItsPgMapId() throws Exception {
    Path m = file("mapping.txt", "# compiler: R8\n# pg_map_id: 5e1a2b3\n"
        + "# {\"id\":\"com.android.tools.r8.mapping\",\"version\":\"2.2\"}\n" + MAPPING);
    assertEquals(0, upload("--store", root(), m.toString()), err.toString());
    assertEquals(List.of(root() + "/proguard/5e1a2b3/mapping.txt"), printed());
    assertNotNull(SymbolStore.open(root(), 1 << 20).mapping("5e1a2b3"));
  }

  @Test
  void mappingWithoutAnyIdGoesUnderTheUuidSentrysToolsDeriveFromItsBytes() throws Exception {
    // Reference value from Python: uuid5(uuid5(NAMESPACE_DNS, "guardsquare.com"), content).
    Path m = file("mapping.txt", MAPPING);
    assertEquals(0, upload("--store", root(), m.toString()), err.toString());
    assertEquals(List.of(root() + "/proguard/3b0be03f-23de-5346-b3e5-99176fada330/mapping.txt"),
        printed());
  }

  @Test
  void symFileGoesUnderItsModuleDebugIdAndName() throws Exception {
    assertEquals(0, upload("--store", root(), SYMS.resolve("macos-crash.sym").toString(),
        SYMS.resolve("windows-crash.sym").toString()), err.toString());

    SymbolIndex mac = SymbolIndex.read(SYMS.resolve("macos-crash.sym"));
    SymbolIndex win = SymbolIndex.read(SYMS.resolve("windows-crash.sym"));
    assertEquals(root() + "/crash/67E9247C814E392BA027DBDE6748FCBF0/crash.sym", printed().get(0));
    assertTrue(win.name().toLowerCase().endsWith(".pdb"), win.name());
    String winSym = win.name().substring(0, win.name().length() - 4) + ".sym";
    assertEquals(root() + "/" + win.name() + "/" + win.debugId().breakpad() + "/" + winSym,
        printed().get(1));
    SymbolStore store = SymbolStore.open(root(), 64 << 20);
    SymbolIndex found = store.nativeSymbols(DebugId.parse("67e9247c-814e-392b-a027-dbde6748fcbf"),
        "/Applications/Crash.app/Contents/MacOS/crash");
    assertEquals(mac.functionCount(), found.functionCount());
    assertNotNull(store.nativeSymbols(win.debugId(), "C:\\build\\" + win.name()));
  }

  @Test
  void badFilesAreReportedAndTheGoodOnesStillStored() throws Exception {
    Path garbage = file("notes.txt", "these are release notes\nnot a mapping\n");
    Path brokenSym = file("broken.sym", "MODULE Linux x86_64 NOTHEX libx.so\nFUNC zz\n");
    Path good = file("mapping.txt", MAPPING);

    assertEquals(2, upload("--store", root(), garbage.toString(), brokenSym.toString(),
        good.toString()));

    assertEquals(1, printed().size(), out.toString());
    String e = err.toString();
    assertTrue(e.contains(garbage + ": not a ProGuard/R8 mapping"), e);
    assertTrue(e.contains(brokenSym + ": not a Breakpad symbol file"), e);
  }

  @Test
  void differentContentUnderALiveKeyIsRefusedUnlessForced() throws Exception {
    Path v1 = file("v1/mapping.txt", MAPPING);
    Path v2 = file("v2/mapping.txt", MAPPING + "com.example.Bar -> b:\n");
    assertEquals(0, upload("--store", root(), "--uuid", "abc", v1.toString()));
    assertEquals(0, upload("--store", root(), "--uuid", "abc", v1.toString()), "same bytes: fine");
    assertEquals(2, upload("--store", root(), "--uuid", "abc", v2.toString()));
    assertTrue(err.toString().contains("already holds a different file"), err.toString());
    assertEquals(0, upload("--store", root(), "--uuid", "abc", "--force", v2.toString()));
    assertEquals(Files.readString(v2),
        Files.readString(dir.resolve("store/proguard/abc/mapping.txt")));
  }

  @Test
  void pathTraversalInAnIdIsRejected() throws Exception {
    Path m = file("mapping.txt", MAPPING);
    assertEquals(2, upload("--store", root(), "--uuid", "../../etc", m.toString()));
    assertTrue(err.toString().contains("invalid mapping id"), err.toString());
    assertEquals(2, upload("--store", root(), "--app-id", "x", m.toString()));
    assertTrue(err.toString().contains("--app-id and --app-version go together"), err.toString());
  }
}
