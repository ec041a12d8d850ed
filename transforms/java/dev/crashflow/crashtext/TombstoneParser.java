package dev.crashflow.crashtext;

import dev.crashflow.crashtext.CrashTextParser.Warning;
import dev.crashflow.crashtext.TextLines.Line;
import dev.crashflow.symbols.Architectures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Android tombstones ({@code /data/tombstones}, bugreports) and their copies in logcat into
 * {@link NativeCrash}es, one per {@code *** *** ***} banner (a logcat dump may hold several).
 *
 * <p>The crashing thread is the one in the header ({@code pid: P, tid: T, name: N >>> process
 * <<<}); its backtrace becomes the exception's stack and the other threads (after {@code --- ---
 * ---}) keep their own. Addresses: see {@link ModuleLayout} for image ranges. Every frame's
 * {@code instruction_addr} is {@code image_addr + pc}, except that caller frames (#01 and later)
 * add back the return-address delta of the architecture (4 on arm64, 2 on arm, 1 on x86): the
 * unwinder printed their pc already moved back into the call instruction, while Sentry's model,
 * and crashflow's symbolicator, expect the return address and move back themselves. The lookup
 * then lands exactly on the printed pc.
 */
final class TombstoneParser {
  private static final Pattern FINGERPRINT = Pattern.compile("^Build fingerprint: '([^']*)'");
  private static final Pattern ABI = Pattern.compile("^ABI: '([^']*)'");
  private static final Pattern TIMESTAMP = Pattern.compile("^Timestamp: (.+)$");
  private static final Pattern CMDLINE = Pattern.compile("^Cmdline: (\\S+)");
  private static final Pattern PID = Pattern.compile(
      "^pid: (\\d+), tid: (\\d+), name: (.*?)\\s*(?:>>> (.*?) <<<)?$");
  private static final Pattern SIGNAL = Pattern.compile(
      "^signal (\\d+) \\((\\w+)\\), code (-?\\d+) \\((\\w*)[^)]*\\)(?:, fault addr (\\S+))?");
  private static final Pattern FATAL = Pattern.compile(
      "Fatal signal (\\d+) \\((\\w+)\\), code (-?\\d+) \\((\\w*)[^)]*\\)(?:, fault addr (\\S+))?"
          + " in tid (\\d+) \\(([^)]*)\\), pid (\\d+) \\(([^)]*)\\)");
  private static final Pattern ABORT = Pattern.compile("^Abort message: '(.*?)'?$");
  private static final Pattern CAUSE = Pattern.compile("^Cause: (.+)$");
  private static final Pattern MEMORY_MAP = Pattern.compile("^memory map(?: \\(\\d+ entries\\))?:");

  /** One thread section as read. */
  private static final class Section {
    Long pid;
    Long tid;
    String name;
    final List<BacktraceLine> frames = new ArrayList<>();
    boolean backtraceDone;
  }

  /** Everything one banner's worth of text says. */
  private static final class Segment {
    final List<Line> lines;
    final List<Section> threads = new ArrayList<>();
    final List<ModuleLayout.MapEntry> maps = new ArrayList<>();
    String fingerprint;
    String abi;
    String timestamp;
    String process;
    String abort;
    String cause;
    Matcher signal;
    Matcher fatal;
    Line banner;
    /** True when the backtrace had logcat prefixes (a tombstone's own log tail does not count). */
    boolean logcat;

    Segment(List<Line> lines) {
      this.lines = lines;
    }
  }

  private TombstoneParser() {}

  /**
   * @param cutOff true when the text does not end with a line break, so its last line may be
   *     incomplete
   */
  static List<NativeCrash> parse(List<Line> lines, boolean cutOff, Instant fallback,
      List<Warning> warnings) throws CrashTextException {
    List<NativeCrash> out = new ArrayList<>();
    CrashTextException firstFailure = null;
    for (List<Line> part : segments(lines)) {
      Segment s = read(part, cutOff ? lines.get(lines.size() - 1).number() : -1, warnings);
      if (s.threads.stream().allMatch(t -> t.frames.isEmpty())) {
        CrashTextException e = new CrashTextException(part.get(part.size() - 1).number(),
            "no backtrace frames (#00 pc ...) in the tombstone starting at line "
                + part.get(0).number() + "; the report may be truncated");
        firstFailure = firstFailure == null ? e : firstFailure;
        warnings.add(new Warning(e.line(), e.getMessage()));
        continue;
      }
      out.add(crash(s, fallback));
    }
    if (out.isEmpty()) {
      warnings.clear(); // the failure says it all
      throw firstFailure;
    }
    return out;
  }

  /** Splits at each banner; lines before the first banner belong to the first tombstone. */
  private static List<List<Line>> segments(List<Line> lines) {
    List<List<Line>> out = new ArrayList<>();
    List<Line> current = new ArrayList<>();
    boolean bannerSeen = false;
    for (Line l : lines) {
      if (l.text().strip().startsWith("*** *** ***")) {
        if (bannerSeen) {
          out.add(current);
          current = new ArrayList<>();
        }
        bannerSeen = true;
      }
      current.add(l);
    }
    out.add(current);
    return out;
  }

  /** Reads one tombstone; {@code cutLine} is the number of a last line that may be incomplete. */
  private static Segment read(List<Line> lines, int cutLine, List<Warning> warnings) {
    Segment s = new Segment(lines);
    Section current = null;
    boolean inMap = false;
    boolean newThread = false;
    for (Line line : lines) {
      String t = line.text().strip();
      if (s.banner == null && t.startsWith("*** *** ***")) {
        s.banner = line;
      }
      if (t.startsWith("--------- tail end of log") || t.startsWith("--------- log ")) {
        break; // the process's own log appended to the tombstone (not logcat's buffer markers)
      }
      if (inMap) {
        ModuleLayout.MapEntry e = ModuleLayout.parseMapLine(t);
        if (e != null) {
          s.maps.add(e);
          continue;
        }
        inMap = t.startsWith("--->");
        if (inMap) {
          continue;
        }
      }
      if (BacktraceLine.looksLikeFrame(t)) {
        BacktraceLine f = line.number() == cutLine ? null : BacktraceLine.parse(t);
        if (f == null) {
          warnings.add(new Warning(line.number(), line.number() == cutLine
              ? "backtrace line cut off at the end of the report, skipped"
              : "unreadable backtrace line, skipped"));
          continue;
        }
        if (current == null) {
          current = new Section();
          s.threads.add(current);
        }
        if (s.threads.stream().allMatch(th -> th.frames.isEmpty())) {
          s.logcat = line.logTime() != null;
        }
        if (f.index() == 0 && !current.frames.isEmpty()) {
          current.backtraceDone = true; // a second copy of the same backtrace
        }
        if (!current.backtraceDone) {
          current.frames.add(f);
        }
        continue;
      }
      Matcher m;
      if (t.startsWith("--- --- ---")) {
        newThread = true;
      } else if ((m = PID.matcher(t)).matches()) {
        if (current == null || newThread || current.tid != null) {
          current = new Section();
          s.threads.add(current);
        }
        newThread = false;
        current.pid = Long.parseLong(m.group(1));
        current.tid = Long.parseLong(m.group(2));
        current.name = m.group(3).isEmpty() ? null : m.group(3);
        s.process = s.process == null ? m.group(4) : s.process;
      } else if (MEMORY_MAP.matcher(t).lookingAt()) {
        inMap = true;
      } else if (s.fingerprint == null && (m = FINGERPRINT.matcher(t)).lookingAt()) {
        s.fingerprint = m.group(1);
      } else if (s.abi == null && (m = ABI.matcher(t)).lookingAt()) {
        s.abi = m.group(1);
      } else if (s.timestamp == null && (m = TIMESTAMP.matcher(t)).matches()) {
        s.timestamp = m.group(1);
      } else if (s.process == null && (m = CMDLINE.matcher(t)).lookingAt()) {
        s.process = m.group(1);
      } else if (s.signal == null && (m = SIGNAL.matcher(t)).lookingAt()) {
        s.signal = m;
      } else if (s.fatal == null && (m = FATAL.matcher(t)).find()) {
        s.fatal = m;
      } else if (s.abort == null && (m = ABORT.matcher(t)).matches()) {
        s.abort = m.group(1);
      } else if (s.cause == null && (m = CAUSE.matcher(t)).matches()) {
        s.cause = m.group(1);
      }
    }
    return s;
  }

  private static NativeCrash crash(Segment s, Instant fallback) {
    NativeCrash c = new NativeCrash();
    c.format = s.logcat ? "logcat" : "tombstone";
    StringBuilder text = new StringBuilder();
    s.lines.forEach(l -> text.append(l.text()).append('\n'));
    c.source = text.toString();
    c.timestamp = timestamp(s, fallback);
    signal(s, c);
    Section crashed = crashedThread(s, c.crashedThreadId);
    c.crashedThreadId = crashed.tid != null ? crashed.tid : c.crashedThreadId;
    List<BacktraceLine> all = new ArrayList<>();
    s.threads.forEach(t -> all.addAll(t.frames));
    String arch = arch(s.abi, all);
    // Android's unwinder prints caller pcs already moved back into the call; crashflow's
    // symbolicator moves caller addresses back itself, so the printed move is undone here.
    int delta = Architectures.callInstructionSize(arch);
    ModuleLayout layout = new ModuleLayout();
    for (BacktraceLine f : all) {
      if (f.isPath()) {
        layout.need(f, f.pc() + (f.index() > 0 ? delta : 0));
      }
    }
    layout.place(s.maps);
    for (Section t : s.threads) {
      List<NativeCrash.Frame> frames = new ArrayList<>(t.frames.size());
      for (BacktraceLine f : t.frames) {
        frames.add(frame(layout, f, f.index() > 0 ? delta : 0));
      }
      boolean main = t.tid != null && t.tid.equals(t.pid);
      if (t == crashed) {
        c.exceptionFrames = frames;
        c.threads.add(new NativeCrash.Thread(t.tid, t.name, true, main, null));
      } else if (!frames.isEmpty()) {
        c.threads.add(new NativeCrash.Thread(t.tid, t.name, false, main, frames));
      }
    }
    for (ModuleLayout.Module m : layout.modules()) {
      c.images.add(new NativeCrash.Image("elf", m.name, baseName(m.name), m.buildId,
          EventJson.elfDebugId(m.buildId), m.base, m.size, arch));
    }
    AndroidFacts.apply(c, s.fingerprint, arch, s.process);
    c.tags.put("crashtext.format", c.format);
    return c;
  }

  private static NativeCrash.Frame frame(ModuleLayout layout, BacktraceLine f, int delta) {
    Long symbolOffset = f.function() == null ? null : f.functionOffset();
    if (f.isPath()) {
      long base = layout.module(f).base;
      return new NativeCrash.Frame(base + f.pc() + delta, base, f.name(), f.function(),
          symbolOffset == null ? null : base + f.pc() - symbolOffset, null, null,
          AndroidFacts.inApp(f.name()));
    }
    // Outside every image nothing is symbolicated, so the address stays as printed.
    Long address = f.anonymousAddress();
    Long symbol = address == null || symbolOffset == null ? null : address - symbolOffset;
    return new NativeCrash.Frame(address, null, f.name(), f.function(), symbol, null, null, null);
  }

  private static void signal(Segment s, NativeCrash c) {
    Matcher m = s.signal != null ? s.signal : s.fatal;
    if (m != null) {
      c.signalNumber = Integer.parseInt(m.group(1));
      c.signalName = m.group(2);
      c.signalCode = Integer.parseInt(m.group(3));
      c.signalCodeName = m.group(4).isEmpty() ? null : m.group(4);
      c.faultAddress = hex(m.group(5));
    }
    for (Section t : s.threads) {
      if (t.tid != null) {
        c.crashedThreadId = t.tid; // the header's thread
        break;
      }
    }
    if (s.fatal != null) {
      c.crashedThreadId = c.crashedThreadId != null ? c.crashedThreadId
          : Long.valueOf(s.fatal.group(6));
      s.process = s.process == null ? s.fatal.group(9) : s.process;
    }
    c.type = c.signalName != null ? c.signalName : "UNKNOWN";
    c.mechanismType = "tombstone";
    if (s.abort != null && !s.abort.isBlank()) {
      c.value = s.abort;
    } else if (s.cause != null) {
      c.value = s.cause;
    } else if (c.signalCodeName != null) {
      c.value = c.signalCodeName + (c.faultAddress == null ? ""
          : " at 0x" + Long.toHexString(c.faultAddress));
    }
  }

  /** The header's thread (or, without a header, the first with a backtrace). */
  private static Section crashedThread(Segment s, Long tid) {
    for (Section t : s.threads) {
      if (tid != null && tid.equals(t.tid) && !t.frames.isEmpty()) {
        return t;
      }
    }
    for (Section t : s.threads) {
      if (!t.frames.isEmpty()) {
        return t;
      }
    }
    throw new IllegalStateException("caller checked that some thread has frames");
  }

  private static Instant timestamp(Segment s, Instant fallback) {
    Instant t = Timestamps.parse(s.timestamp);
    if (t == null && s.banner != null) {
      t = Timestamps.parseLogcat(s.banner.logTime(), fallback);
    }
    for (int i = 0; t == null && i < s.lines.size(); i++) {
      t = Timestamps.parseLogcat(s.lines.get(i).logTime(), fallback);
    }
    return t != null ? t : fallback;
  }

  /**
   * The process's architecture: the {@code ABI:} line, else the library folder of an app
   * library ({@code lib/arm64/}), else the pc width (16 digits: arm64, 8: arm).
   */
  static String arch(String abi, List<BacktraceLine> frames) {
    if (abi != null && !abi.isBlank()) {
      return abi.strip();
    }
    for (BacktraceLine f : frames) {
      for (String a : List.of("arm64", "x86_64", "arm", "x86", "riscv64")) {
        if (f.name().contains("/lib/" + a + "/")) {
          return a;
        }
      }
    }
    return frames.isEmpty() || frames.get(0).wide() ? "arm64" : "arm";
  }

  private static Long hex(String s) {
    if (s == null) {
      return null;
    }
    String h = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
    try {
      return Long.parseUnsignedLong(h.replace("'", ""), 16);
    } catch (NumberFormatException e) {
      return null; // "--------": no fault address
    }
  }

  static String baseName(String path) {
    return dev.crashflow.model.FileNames.baseName(path);
  }
}
