package dev.crashflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crashflow.symbols.DebugId;
import dev.crashflow.symbols.LocalSymbolStore;
import dev.crashflow.symbols.SymbolFileException;
import dev.crashflow.symbols.SymbolFrame;
import dev.crashflow.symbols.SymbolIndex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code crashflow symbolicate}: module-relative addresses to frames from a Breakpad symbol file,
 * one JSON line per address, innermost frame first. Bad input (unknown debug id, not a symbol
 * file, an address that is not hex) is an {@link IllegalArgumentException}, which the CLI prints
 * as one line with exit code 2.
 */
@Command(
    name = "symbolicate",
    mixinStandardHelpOptions = true,
    description = {"Symbolicate module-relative addresses with a Breakpad .sym file.",
        "Prints one JSON line per address: {\"address\": \"0x...\", \"frames\": [...]}, "
            + "innermost frame first; an address outside every symbol has no frames."})
public final class SymbolicateCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec private CommandSpec spec;

  @Option(names = "--symbols", required = true, paramLabel = "<file.sym|dir|gs://...>",
      description = "A .sym file, or a store laid out as <debug_file>/<DEBUG_ID>/<name>.sym: "
          + "a local directory or any Beam file system URL (gs://bucket/prefix).")
  private String symbols;

  @Option(names = "--debug-id", paramLabel = "<id>",
      description = "The module's debug id (Breakpad, UUID or UUID-age form): picks the file in "
          + "a store; with a file, must match its MODULE line.")
  private String debugId;

  @Parameters(arity = "1..*", paramLabel = "<address>",
      description = "Module-relative addresses in hex, with or without 0x.")
  private List<String> addresses;

  @Override
  public Integer call() throws IOException {
    DebugId wanted = debugId == null ? null : DebugId.parse(debugId);
    long[] parsed = new long[addresses.size()];
    for (int i = 0; i < parsed.length; i++) {
      parsed[i] = parseAddress(addresses.get(i));
    }
    String file;
    SymbolIndex index;
    try {
      if (symbols.contains("://")) {
        file = remoteSymbolFile(wanted);
        try (InputStream in = Channels.newInputStream(
            FileSystems.open(FileSystems.matchNewResource(file, false)))) {
          index = SymbolIndex.read(in);
        }
      } else {
        Path local = symbolFile(Path.of(symbols), wanted);
        file = local.toString();
        index = SymbolIndex.read(local);
      }
    } catch (SymbolFileException e) {
      throw new IllegalArgumentException(symbols + ": " + e.getMessage(), e);
    }
    if (wanted != null && !wanted.equals(index.debugId())) {
      throw new IllegalArgumentException(file + " is for debug id " + index.debugId() + ", not "
          + wanted.breakpad());
    }
    if (index.skippedLines() > 0 || index.truncated()) {
      spec.commandLine().getErr().printf("crashflow symbolicate: %s: %d malformed lines skipped "
              + "(first at line %d)%s%n", file, index.skippedLines(), index.firstSkippedLine(),
          index.truncated() ? ", file looks truncated" : "");
      spec.commandLine().getErr().flush();
    }
    PrintWriter out = spec.commandLine().getOut();
    for (long address : parsed) {
      out.println(JSON.writeValueAsString(toJson(address, index.lookup(address))));
    }
    out.flush();
    return 0;
  }

  /** The one .sym file a URL names, or the store's file for {@code wanted}. */
  private String remoteSymbolFile(DebugId wanted) throws IOException {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    String root = symbols.endsWith("/") ? symbols.substring(0, symbols.length() - 1) : symbols;
    if (root.endsWith(".sym")) {
      return root;
    }
    String glob = root + "/*/" + (wanted == null ? "*" : wanted.breakpad()) + "/*.sym";
    MatchResult m = FileSystems.match(glob, EmptyMatchTreatment.ALLOW);
    List<String> found = m.status() != MatchResult.Status.OK ? List.of()
        : m.metadata().stream().map(x -> x.resourceId().toString()).sorted().toList();
    if (found.isEmpty()) {
      throw new IllegalArgumentException("no symbol file matches " + glob);
    }
    if (wanted == null && found.size() > 1) {
      throw new IllegalArgumentException(found.size() + " symbol files under " + symbols
          + ": pass --debug-id to pick one");
    }
    return found.get(0);
  }

  private static Path symbolFile(Path symbols, DebugId wanted) throws IOException {
    if (!Files.exists(symbols)) {
      throw new IllegalArgumentException("no such file or directory: " + symbols);
    }
    if (!Files.isDirectory(symbols)) {
      return symbols;
    }
    if (wanted != null) {
      Path found = LocalSymbolStore.find(symbols, wanted);
      if (found == null) {
        throw new IllegalArgumentException("no symbol file for debug id " + wanted.breakpad()
            + " under " + symbols + " (expected <debug_file>/" + wanted.breakpad() + "/<name>.sym)");
      }
      return found;
    }
    List<Path> all = LocalSymbolStore.all(symbols);
    if (all.size() != 1) {
      throw new IllegalArgumentException(all.size() + " symbol files under " + symbols
          + ": pass --debug-id to pick one");
    }
    return all.get(0);
  }

  static long parseAddress(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    String hex = s.startsWith("0x") ? s.substring(2) : s;
    try {
      if (hex.isEmpty() || hex.length() > 16 || hex.startsWith("+") || hex.startsWith("-")) {
        throw new NumberFormatException();
      }
      return Long.parseUnsignedLong(hex, 16);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a hex address: '" + text + "'");
    }
  }

  private static ObjectNode toJson(long address, List<SymbolFrame> frames) {
    ObjectNode line = JSON.createObjectNode();
    line.put("address", "0x" + Long.toHexString(address));
    ArrayNode array = line.putArray("frames");
    for (SymbolFrame f : frames) {
      ObjectNode o = array.addObject();
      o.put("function", f.function());
      o.put("file", f.file());
      if (f.line() > 0) {
        o.put("line", f.line());
      } else {
        o.putNull("line");
      }
    }
    return line;
  }
}
