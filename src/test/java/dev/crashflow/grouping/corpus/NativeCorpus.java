package dev.crashflow.grouping.corpus;

import dev.crashflow.model.CrashEvent;
import dev.crashflow.retrace.ProguardSample;
import dev.crashflow.symbolicate.Symbolicator;
import dev.crashflow.symbols.SymbolIndex;
import dev.crashflow.testing.NativeTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The native half of the grouping corpus: the small game of {@code
 * src/test/resources/grouping-native} (an executable and the {@code libphysics.so} it calls, with
 * a tiny in-process crash reporter) built by gcc at two versions, where version 2 links an
 * unrelated telemetry file first so that every function moves. Each run crashes for real (SIGSEGV,
 * SIGABRT, SIGFPE, stack overflow); what the reporter printed becomes a sentry-native-shaped event
 * ({@link NativeEvents}), decoded by the real decoder and symbolicated by {@link Symbolicator}
 * with the {@code .sym} files of Breakpad's {@code dump_syms}.
 */
public final class NativeCorpus {
  static final String APP = "com.example.nativegame";

  // Labels: one per crashing code path (see GroupingQualityTest), named after its frames. At -O2
  // gcc turns some calls into jumps (run_scenario -> save_game, ...), so not every caller shows.
  static final String TICK_MAIN =
      "SIGSEGV in body_integrate <- world_step <- game_tick <- run_scenario <- main";
  static final String TICK_THREAD =
      "SIGSEGV in body_integrate <- world_step <- game_tick <- run_scenario <- thread_main";
  static final String EDITOR = "SIGSEGV in body_integrate <- world_step <- editor_preview";
  static final String SAVE_ASSERT = "SIGABRT: failed assert in checksum_verify <- save_game";
  static final String SCORES_FPE = "SIGFPE in score_average <- show_scores";
  static final String LEVELS_RECURSION = "SIGSEGV in tree_sum (NULL at the end of a recursion)";
  static final String ROUTE_OVERFLOW = "stack overflow in route_find (endless recursion)";

  /** One execution: scenario, its argument, and the thread to run it on (null: main). */
  record Run(String label, String scenario, String arg, String thread) {}

  static final List<Run> RUNS = List.of(
      new Run(TICK_MAIN, "tick", "0", null),
      new Run(TICK_MAIN, "tick", "5", null),
      new Run(TICK_THREAD, "tick", "1", "render-1"),
      new Run(TICK_THREAD, "tick", "4", "audio-2"),
      new Run(EDITOR, "editor", "0", null),
      new Run(EDITOR, "editor", "7", null),
      new Run(SAVE_ASSERT, "save", "1", null),
      new Run(SAVE_ASSERT, "save", "9", null),
      new Run(SCORES_FPE, "scores", "7", null),
      new Run(SCORES_FPE, "scores", "12345", null),
      new Run(LEVELS_RECURSION, "levels", "3", null),
      new Run(LEVELS_RECURSION, "levels", "30", null),
      new Run(ROUTE_OVERFLOW, "route", "10", null),
      new Run(ROUTE_OVERFLOW, "route", "1000", null));

  /** What gcc builds, as a release would: optimised, DWARF 4 (see GccDumpSymsConformanceTest). */
  private static final List<String> CFLAGS = List.of("-O2", "-gdwarf-4", "-Wl,--build-id=sha1");

  /** One built version: its directory and the symbols of its two binaries. */
  record Version(String version, Path dir, List<SymbolIndex> symbols) {}

  private NativeCorpus() {}

  /** Builds both versions, crashes every run on each; returns their labelled events. */
  public static List<LabelledEvent> build(Path work) throws Exception {
    NativeTools.assumeGcc();
    Path dumpSyms = NativeTools.assumeDumpSyms();
    List<LabelledEvent> out = new ArrayList<>();
    for (int v = 1; v <= 2; v++) {
      Version version = compile(work, v, dumpSyms);
      CorpusSymbols store = new CorpusSymbols();
      version.symbols().forEach(store::symbols);
      Symbolicator symbolicator = new Symbolicator(store);
      for (int i = 0; i < RUNS.size(); i++) {
        Run run = RUNS.get(i);
        String report = crash(version.dir(), run);
        Device device = Device.pick(Device.GAMING, i, v);
        String json = NativeEvents.sentryEvent(NativeEvents.parse(report),
            APP + "@" + version.version() + "+" + v, device);
        CrashEvent raw = JvmCorpus.decode(json);
        out.add(new LabelledEvent(run.label(), "native", version.version(),
            "thread=" + (run.thread() == null ? "main" : run.thread()) + ", arg=" + run.arg()
                + ", " + device, raw, symbolicator.symbolicate(raw)));
      }
    }
    return out;
  }

  /** Compiles libphysics.so and the game of version {@code v}, and dumps their symbols. */
  static Version compile(Path work, int v, Path dumpSyms) throws Exception {
    Path src = ProguardSample.resource("grouping-native");
    Path dir = Files.createDirectories(work.resolve("native-v" + v));
    List<String> first = v == 1 ? List.of()
        : List.of(ProguardSample.resource("grouping-native-release2").resolve("telemetry.c").toString());
    List<String> lib = new ArrayList<>(List.of("gcc", "-fPIC", "-shared"));
    lib.addAll(CFLAGS);
    lib.addAll(List.of("-o", "libphysics.so"));
    lib.addAll(first);
    lib.add(src.resolve("physics.c").toString());
    NativeTools.run(dir, lib, 120);
    List<String> app = new ArrayList<>(List.of("gcc"));
    app.addAll(CFLAGS);
    app.addAll(List.of("-o", "game"));
    app.addAll(first);
    app.addAll(List.of(src.resolve("main.c").toString(), src.resolve("crash_report.c").toString(),
        "-L.", "-lphysics", "-Wl,-rpath,$ORIGIN", "-lpthread"));
    NativeTools.run(dir, app, 120);
    List<SymbolIndex> symbols = new ArrayList<>();
    for (String binary : List.of("game", "libphysics.so")) {
      String sym = NativeTools.run(dir, List.of(dumpSyms.toString(), "-d", binary), 120);
      Path file = dir.resolve(binary + ".sym");
      Files.writeString(file, sym);
      symbols.add(SymbolIndex.read(file));
    }
    return new Version(v + ".0.0", dir, symbols);
  }

  /**
   * Runs the game until it dies of a signal; returns what its crash reporter printed. The exit
   * must be a death by the signal the reporter names (128 + signal), never a normal exit.
   */
  static String crash(Path dir, Run run) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(dir.resolve("game").toString(),
        run.scenario(), run.arg()));
    if (run.thread() != null) {
      command.add(run.thread());
    }
    Path out = Files.createTempFile(dir, "crash", ".txt");
    Process p = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("did not finish: " + command);
    }
    String report = Files.readString(out, StandardCharsets.UTF_8);
    Files.delete(out);
    int signal = NativeEvents.parse(report).signal();
    if (p.exitValue() != 128 + signal) {
      throw new AssertionError(command + " exited " + p.exitValue() + ", its reporter saw signal "
          + signal + ":\n" + report);
    }
    return report;
  }
}
