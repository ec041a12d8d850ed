package dev.crashflow.cli;

import dev.crashflow.retrace.MappingFile;
import dev.crashflow.retrace.Retracer;
import dev.crashflow.symbolicate.StoreLayout;
import dev.crashflow.symbols.SymbolFileException;
import dev.crashflow.symbols.SymbolIndex;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code crashflow symbols upload}: checks ProGuard/R8 mappings and Breakpad {@code .sym} files
 * and puts each into a symbol store (a directory or {@code gs://...}, through Beam's
 * {@link FileSystems}) under the key the pipeline looks it up by ({@link StoreLayout}). Prints one
 * line per stored key: the full path. A mapping's key comes from {@code --uuid}, from {@code
 * --app-id}/{@code --app-version}/{@code --build}, or both; with neither, from the file's R8
 * {@code pg_map_id}, else from the UUID Sentry's tools derive from the file's bytes. A {@code .sym}
 * file goes under its MODULE line's debug id and name.
 *
 * <p>A key that already holds different content is refused unless {@code --force}: workers cache
 * parsed files, so replacing symbols under a live key does not reach running jobs.
 */
@Command(
    name = "upload",
    mixinStandardHelpOptions = true,
    description = {"Check mapping.txt and .sym files and store them under their lookup keys.",
        "Prints the stored path of every key, one per line."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every file stored", "2:invalid arguments or a file that was not stored"})
public final class SymbolsUploadCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--store", required = true, paramLabel = "<dir|gs://bucket/prefix>",
      description = "The symbol store root (what the pipeline's --symbols points at).")
  private String store;

  @Option(names = "--uuid", paramLabel = "<id>",
      description = "Mapping id the app's SDK sends (debug_meta image of type proguard); "
          + "one mapping file only.")
  private String uuid;

  @Option(names = "--app-id", paramLabel = "<id>",
      description = "Store the mapping for this app's release (SDKs that send no id).")
  private String appId;

  @Option(names = "--app-version", paramLabel = "<version>",
      description = "Release version, with --app-id.")
  private String appVersion;

  @Option(names = "--build", paramLabel = "<build>",
      description = "Release build number, with --app-id (optional).")
  private String build;

  @Option(names = "--force", description = "Replace a key that holds different content.")
  private boolean force;

  @Parameters(arity = "1..*", paramLabel = "<file>",
      description = "mapping.txt files (ProGuard or R8) and Breakpad .sym files.")
  private List<Path> files;

  @Override
  public Integer call() throws IOException {
    if ((appId == null) != (appVersion == null)) {
      throw new IllegalArgumentException("--app-id and --app-version go together");
    }
    if (build != null && appId == null) {
      throw new IllegalArgumentException("--build needs --app-id and --app-version");
    }
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    String root = store.endsWith("/") ? store.substring(0, store.length() - 1) : store;
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Path> mappings = new ArrayList<>();
    List<Path> syms = new ArrayList<>();
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new IllegalArgumentException("no such file: " + f);
      }
      (isSymFile(f) ? syms : mappings).add(f);
    }
    if (uuid != null && mappings.size() != 1) {
      throw new IllegalArgumentException("--uuid names one mapping, but " + mappings.size()
          + " mapping files were given");
    }
    if (appId != null && mappings.size() != 1) {
      throw new IllegalArgumentException("--app-id names one release, but " + mappings.size()
          + " mapping files were given");
    }
    int failed = 0;
    for (Path f : files) {
      try {
        List<String> keys = syms.contains(f) ? List.of(symKey(f, err)) : mappingKeys(f, err);
        for (String key : keys) {
          out.println(put(f, root + "/" + key, err));
        }
      } catch (IllegalArgumentException | IOException e) {
        err.println("crashflow symbols upload: " + f + ": " + e.getMessage());
        failed++;
      }
      out.flush();
      err.flush();
    }
    return failed == 0 ? 0 : 2;
  }

  private static boolean isSymFile(Path f) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.ISO_8859_1)) {
      String first = r.readLine();
      return first != null && first.startsWith("MODULE ");
    }
  }

  private String symKey(Path f, PrintWriter err) throws IOException {
    SymbolIndex index;
    try {
      index = SymbolIndex.read(f);
    } catch (SymbolFileException e) {
      throw new IllegalArgumentException("not a Breakpad symbol file: " + e.getMessage());
    }
    if (index.skippedLines() > 0 || index.truncated()) {
      err.printf("crashflow symbols upload: %s: %d malformed lines (first at line %d)%s; "
              + "stored anyway, those records are ignored%n", f, index.skippedLines(),
          index.firstSkippedLine(), index.truncated() ? ", file looks truncated" : "");
    }
    if (index.functionCount() == 0 && index.publicCount() == 0) {
      throw new IllegalArgumentException("no FUNC or PUBLIC records: nothing to symbolicate with");
    }
    return StoreLayout.symbols(index.debugId(), index.name());
  }

  private List<String> mappingKeys(Path f, PrintWriter err) throws IOException {
    Retracer r;
    try (BufferedReader reader = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
      r = MappingFile.parseLenient(reader);
    }
    if (r.classCount() == 0) {
      throw new IllegalArgumentException("not a ProGuard/R8 mapping: no class lines ("
          + r.skippedLines() + " lines skipped)");
    }
    if (r.skippedLines() > 0) {
      err.printf("crashflow symbols upload: %s: %d malformed lines skipped%s; stored anyway%n", f,
          r.skippedLines(), r.warnings().isEmpty() ? "" : " (" + r.warnings().get(0) + ")");
    }
    List<String> keys = new ArrayList<>();
    if (uuid != null) {
      keys.add(StoreLayout.mapping(uuid));
    }
    if (appId != null) {
      keys.add(StoreLayout.releaseMapping(appId, appVersion, build));
    }
    if (keys.isEmpty() && r.pgMapId() != null && !r.pgMapId().isBlank()) {
      keys.add(StoreLayout.mapping(r.pgMapId()));
    }
    if (keys.isEmpty()) {
      UUID derived;
      try (InputStream in = Files.newInputStream(f)) {
        derived = StoreLayout.sentryMappingUuid(in);
      }
      keys.add(StoreLayout.mapping(derived.toString()));
    }
    return keys;
  }

  /** Copies {@code f} to {@code target} through a temporary name; returns the target. */
  private String put(Path f, String target, PrintWriter err) throws IOException {
    byte[] content = Files.readAllBytes(f);
    byte[] existing = read(target);
    if (existing != null) {
      if (java.util.Arrays.equals(existing, content)) {
        return target;
      }
      if (!force) {
        throw new IllegalArgumentException(target + " already holds a different file "
            + "(pass --force to replace it; running jobs keep the cached copy)");
      }
      err.println("crashflow symbols upload: replacing " + target);
    }
    ResourceId tmp = FileSystems.matchNewResource(
        target + ".upload-" + UUID.randomUUID().toString().substring(0, 8), false);
    try (OutputStream o = Channels.newOutputStream(FileSystems.create(tmp, "text/plain"))) {
      o.write(content);
    }
    FileSystems.rename(List.of(tmp), List.of(FileSystems.matchNewResource(target, false)),
        StandardMoveOptions.IGNORE_MISSING_FILES);
    return target;
  }

  private static byte[] read(String path) throws IOException {
    MatchResult m = FileSystems.match(path);
    if (m.status() != MatchResult.Status.OK || m.metadata().isEmpty()) {
      return null;
    }
    try (InputStream in = Channels.newInputStream(
        FileSystems.open(m.metadata().get(0).resourceId()))) {
      return in.readAllBytes();
    }
  }
}
