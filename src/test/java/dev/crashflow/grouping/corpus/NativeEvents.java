package dev.crashflow.grouping.corpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crashflow.symbols.DebugId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns what the game's crash reporter printed ({@code crash_report.c}) into the event
 * sentry-native's in-process backend would send: the signal as the exception (type {@code
 * SIGSEGV}, mechanism {@code signalhandler}), its frames caller first with nothing but {@code
 * instruction_addr} (the SDK does not symbolicate), the crashed thread with its name, and every
 * loaded module in {@code debug_meta.images} with its build-id as code id and debug id.
 */
final class NativeEvents {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** sentry-native's exception values per signal. */
  private static final Map<Integer, String[]> SIGNALS = Map.of(
      11, new String[] {"SIGSEGV", "Segfault"},
      6, new String[] {"SIGABRT", "Abort"},
      8, new String[] {"SIGFPE", "FloatingPointException"},
      7, new String[] {"SIGBUS", "BusError"},
      4, new String[] {"SIGILL", "IllegalInstruction"});

  /** A loaded module: load address, size, GNU build-id (null when it has none), path. */
  record Module(long start, long size, String buildId, String path) {}

  /** One crash report; {@code frames} innermost first, the first being the crashing instruction. */
  record Report(int signal, long threadId, String threadName, List<Long> frames,
      List<Module> modules) {}

  private NativeEvents() {}

  static Report parse(String text) {
    List<Module> modules = new ArrayList<>();
    List<Long> frames = new ArrayList<>();
    Integer signal = null;
    long tid = 0;
    String thread = null;
    boolean end = false;
    for (String line : text.split("\n")) {
      String[] f = line.split(" ", 5);
      switch (f[0]) {
        case "MODULE" -> modules.add(new Module(Long.parseUnsignedLong(f[1], 16),
            Long.parseUnsignedLong(f[2], 16), f[3].equals("-") ? null : f[3], f[4]));
        case "CRASH" -> {
          signal = Integer.decode(f[1]);
          tid = Long.decode(f[2]);
          thread = line.split(" ", 4).length > 3 ? line.split(" ", 4)[3] : "";
        }
        case "FRAME" -> frames.add(Long.decode(f[1]));
        case "END" -> end = true;
        case "PC_NOT_IN_BACKTRACE" ->
            throw new AssertionError("the unwinder lost the crashing frame:\n" + text);
        default -> { } // what the program itself printed (e.g. assert's message)
      }
    }
    if (signal == null || !end || frames.isEmpty() || modules.isEmpty()) {
      throw new AssertionError("not a complete crash report:\n" + text);
    }
    return new Report(signal, tid, thread, List.copyOf(frames), List.copyOf(modules));
  }

  /** The event JSON for {@code r}, crashed in release {@code release} on {@code device}. */
  static String sentryEvent(Report r, String release, Device device) throws Exception {
    ObjectNode e = JSON.createObjectNode();
    e.put("event_id", UUID.randomUUID().toString().replace("-", ""));
    e.put("timestamp", System.currentTimeMillis() / 1000.0);
    e.put("platform", "native");
    e.put("level", "fatal");
    e.put("release", release);
    e.put("environment", "production");
    ObjectNode sdk = e.putObject("sdk");
    sdk.put("name", "sentry.native");
    sdk.put("version", "0.7.20");
    ObjectNode contexts = e.putObject("contexts");
    ObjectNode os = contexts.putObject("os");
    os.put("name", device.osName());
    os.put("version", device.osVersion());
    ObjectNode dev = contexts.putObject("device");
    dev.put("manufacturer", device.manufacturer());
    dev.put("model", device.model());
    dev.put("arch", "x86_64");

    String[] names = SIGNALS.getOrDefault(r.signal(), new String[] {"SIG" + r.signal(), ""});
    ObjectNode x = e.putObject("exception").putArray("values").addObject();
    x.put("type", names[0]);
    x.put("value", names[1]);
    x.put("thread_id", r.threadId());
    ObjectNode mechanism = x.putObject("mechanism");
    mechanism.put("type", "signalhandler");
    mechanism.put("synthetic", true);
    mechanism.put("handled", false);
    ObjectNode signal = mechanism.putObject("meta").putObject("signal");
    signal.put("number", r.signal());
    signal.put("name", names[0]);
    ArrayNode frames = x.putObject("stacktrace").putArray("frames");
    for (int i = r.frames().size() - 1; i >= 0; i--) {
      frames.addObject().put("instruction_addr", hex(r.frames().get(i)));
    }
    ObjectNode thread = e.putObject("threads").putArray("values").addObject();
    thread.put("id", r.threadId());
    thread.put("name", r.threadName());
    thread.put("crashed", true);
    thread.put("current", true);

    ArrayNode images = e.putObject("debug_meta").putArray("images");
    for (Module m : r.modules()) {
      ObjectNode image = images.addObject();
      image.put("type", "elf");
      image.put("code_file", m.path());
      image.put("image_addr", hex(m.start()));
      image.put("image_size", m.size());
      image.put("arch", "x86_64");
      if (m.buildId() != null) {
        image.put("code_id", m.buildId());
        image.put("debug_id", DebugId.fromElfBuildId(m.buildId()).sentry());
      }
    }
    return JSON.writeValueAsString(e);
  }

  private static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }
}
