package dev.crashflow.crashtext;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crashflow.crashtext.CrashTextParser.Warning;
import dev.crashflow.crashtext.TextLines.Line;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Apple's text crash reports: {@code .crash} files from iOS 14 and older, macOS 11 and
 * older, Xcode's Organizer, and {@code .ips} files of {@code bug_type} 109 whose body is this text
 * after a JSON header line. Headers ({@code Incident Identifier:}, {@code OS Version:}, {@code
 * Exception Type:}, ...), then {@code Thread N Crashed:} backtraces of absolute addresses, then
 * {@code Binary Images:} with each image's range and UUID, which become {@code debug_meta}.
 *
 * <p>{@code Version:} reads {@code build (version)} on iOS and {@code version (build)} on macOS,
 * which is how each platform prints it.
 */
final class AppleCrashReportParser {
  private static final Pattern HEADER = Pattern.compile("^([A-Za-z][A-Za-z /]*?):\\s+(\\S.*)$");
  private static final Pattern THREAD_NAME = Pattern.compile("^Thread (\\d+) name:\\s*(.*)$");
  private static final Pattern THREAD = Pattern.compile("^Thread (\\d+)( Crashed)?::?\\s*(.*)$");
  private static final Pattern FRAME = Pattern.compile(
      "^(\\d+)\\s+(.+?)\\s+(0x[0-9a-fA-F]+)\\s+(.*)$");
  private static final Pattern SYMBOL = Pattern.compile(
      "^(.*?) \\+ (\\d+)(?: \\((.+):(\\d+)\\))?\\s*$");
  private static final Pattern ADDRESSES =
      Pattern.compile("^\\((0x[0-9a-fA-F]+(?:\\s+0x[0-9a-fA-F]+)*)\\)$");
  private static final Pattern IMAGE = Pattern.compile(
      "^(0x[0-9a-fA-F]+)\\s*-\\s*(0x[0-9a-fA-F]+)\\s+\\+?(.+?)\\s+(?:\\(([^)]*)\\)\\s+)?"
          + "(?:(arm64e|arm64_32|arm64|armv7[a-z]*|x86_64h?|i386)\\s+)?<([0-9a-fA-F-]+)>\\s*(.*)$");
  private static final Pattern EXCEPTION_TYPE = Pattern.compile("^(\\S+)(?:\\s+\\((\\w+)\\))?");
  private static final Pattern THREAD_NUMBER = Pattern.compile("^(\\d+)");

  private enum Section { NONE, THREAD, LAST_EXCEPTION, IMAGES, INFO }

  private record RawFrame(long address, String image, String rest) {}

  private static final class RawThread {
    final int index;
    final boolean crashed;
    String name;
    final List<RawFrame> frames = new ArrayList<>();

    RawThread(int index, boolean crashed, String name) {
      this.index = index;
      this.crashed = crashed;
      this.name = name;
    }
  }

  private AppleCrashReportParser() {}

  /** Parses {@code text}, whose first line is line {@code lineOffset + 1} of the report. */
  static NativeCrash parse(String text, int lineOffset, JsonNode header, Instant fallback,
      List<Warning> warnings) throws CrashTextException {
    Map<String, String> fields = new HashMap<>();
    Map<Integer, String> names = new HashMap<>();
    List<RawThread> threads = new ArrayList<>();
    List<RawFrame> thrown = new ArrayList<>();
    StringBuilder info = new StringBuilder();
    NativeCrash c = new NativeCrash();
    Section section = Section.NONE;
    RawThread current = null;
    int last = lineOffset;
    for (Line line : TextLines.of(text)) {
      last = line.number() + lineOffset;
      String t = line.text().strip();
      Matcher m;
      if (t.isEmpty()) {
        section = section == Section.IMAGES ? section : Section.NONE;
      } else if (t.equals("Binary Images:")) {
        section = Section.IMAGES;
      } else if (t.startsWith("Last Exception Backtrace:")) {
        section = Section.LAST_EXCEPTION;
      } else if (t.equals("Application Specific Information:")) {
        section = Section.INFO;
      } else if (section == Section.IMAGES) {
        image(t, c);
      } else if ((m = THREAD_NAME.matcher(t)).matches()) {
        names.put(Integer.parseInt(m.group(1)), m.group(2));
      } else if ((m = THREAD.matcher(t)).matches()) {
        current = new RawThread(Integer.parseInt(m.group(1)), m.group(2) != null,
            m.group(3).isEmpty() ? null : m.group(3));
        threads.add(current);
        section = Section.THREAD;
      } else if ((section == Section.THREAD || section == Section.LAST_EXCEPTION)
          && (m = FRAME.matcher(t)).matches()) {
        RawFrame f = new RawFrame(Long.parseUnsignedLong(m.group(3).substring(2), 16),
            m.group(2), m.group(4));
        (section == Section.THREAD ? current.frames : thrown).add(f);
      } else if (section == Section.LAST_EXCEPTION && (m = ADDRESSES.matcher(t)).matches()) {
        for (String a : m.group(1).split("\\s+")) {
          thrown.add(new RawFrame(Long.parseUnsignedLong(a.substring(2), 16), null, null));
        }
      } else if (section == Section.INFO) {
        info.append(info.length() == 0 ? "" : "\n").append(t);
      } else if ((m = HEADER.matcher(t)).matches()) {
        fields.putIfAbsent(m.group(1), m.group(2).strip());
      }
    }
    if (threads.stream().allMatch(th -> th.frames.isEmpty())) {
      boolean apple = header != null || fields.containsKey("Incident Identifier")
          || fields.containsKey("Exception Type") || fields.containsKey("OS Version");
      throw apple
          ? new CrashTextException(last, "no thread backtraces in the Apple crash report; it may "
              + "be truncated")
          : new CrashTextException(1, "not an Apple crash report (no Incident Identifier, "
              + "OS Version or Exception Type header, no thread backtraces)");
    }
    if (c.images.isEmpty()) {
      warnings.add(new Warning(last, "no Binary Images section (truncated report?): frames "
          + "keep their addresses but cannot be symbolicated"));
    }
    facts(c, fields, header, fallback, text);
    int crashed = crashedThread(fields, threads);
    c.crashedThreadId = (long) crashed;
    for (RawThread th : threads) {
      String name = th.name != null ? th.name : names.get(th.index);
      if (name != null && name.startsWith("Dispatch queue: ")) {
        name = name.substring("Dispatch queue: ".length());
      }
      List<NativeCrash.Frame> frames = frames(th.frames, c.images);
      c.threads.add(new NativeCrash.Thread((long) th.index, name, th.index == crashed,
          th.index == 0, frames));
      if (th.index == crashed) {
        c.exceptionFrames = frames;
      }
    }
    if (!thrown.isEmpty()) {
      c.exceptionFrames = frames(thrown, c.images);
      c.exceptionIsCrashedThread = false;
    }
    exception(c, fields, info.toString());
    return c;
  }

  private static void image(String t, NativeCrash c) {
    Matcher m = IMAGE.matcher(t);
    if (!m.matches()) {
      return;
    }
    long start = Long.parseUnsignedLong(m.group(1).substring(2), 16);
    long end = Long.parseUnsignedLong(m.group(2).substring(2), 16);
    String path = m.group(7).isBlank() ? null : m.group(7).strip();
    String name = path != null ? TombstoneParser.baseName(path) : m.group(3);
    c.images.add(new NativeCrash.Image("macho", path != null ? path : m.group(3), name, null,
        EventJson.machODebugId(m.group(6)), start, end - start + 1, m.group(5)));
  }

  private static List<NativeCrash.Frame> frames(List<RawFrame> raw,
      List<NativeCrash.Image> images) {
    List<NativeCrash.Frame> out = new ArrayList<>(raw.size());
    for (RawFrame f : raw) {
      NativeCrash.Image image = null;
      for (NativeCrash.Image i : images) {
        if (i.contains(f.address())) {
          image = i;
        }
      }
      for (int i = 0; image == null && f.image() != null && i < images.size(); i++) {
        image = f.image().equals(images.get(i).debugFile()) ? images.get(i) : null;
      }
      String function = null;
      Long symbolAddr = null;
      String file = null;
      Integer line = null;
      Matcher m = f.rest() == null ? null : SYMBOL.matcher(f.rest());
      if (m != null && m.matches() && !m.group(1).startsWith("0x")) {
        function = m.group(1);
        symbolAddr = f.address() - Long.parseLong(m.group(2));
        file = m.group(3);
        line = m.group(4) == null ? null : Integer.valueOf(m.group(4));
      }
      String pkg = image != null ? image.codeFile() : f.image();
      out.add(new NativeCrash.Frame(f.address(), image == null ? null : image.addr(), pkg,
          function, symbolAddr, file, line, AppleFacts.inApp(image == null ? null : pkg)));
    }
    return out;
  }

  private static void facts(NativeCrash c, Map<String, String> f, JsonNode h, Instant fallback,
      String text) {
    c.format = "apple-crash";
    c.source = text;
    c.eventId = IpsParser.text(h, "incident_id", f.get("Incident Identifier"));
    Instant t = Timestamps.parse(IpsParser.text(h, "timestamp", f.get("Date/Time")));
    c.timestamp = t != null ? t : fallback;
    AppleFacts.os(c, IpsParser.text(h, "os_version", f.get("OS Version")));
    String model = f.containsKey("Hardware Model") ? f.get("Hardware Model") : f.get("Model");
    c.deviceModel = model == null ? null : model.split(",\\s")[0].strip();
    c.deviceManufacturer = "Apple";
    c.deviceBrand = "Apple";
    c.deviceArch = AppleFacts.arch(f.get("Code Type"));
    c.appId = IpsParser.text(h, "bundleID", f.get("Identifier"));
    String process = f.get("Process");
    c.appName = IpsParser.text(h, "app_name",
        process == null ? null : process.replaceAll("\\s*\\[\\d+]$", ""));
    String version = f.get("Version");
    if (version != null) {
      Matcher v = Pattern.compile("^(\\S+)(?:\\s+\\(([^)]+)\\))?").matcher(version);
      if (v.find()) {
        boolean mac = AppleFacts.isMac(c);
        c.appVersion = mac || v.group(2) == null ? v.group(1) : v.group(2);
        c.appBuild = v.group(2) == null ? null : mac ? v.group(2) : v.group(1);
      }
    }
    c.appVersion = IpsParser.text(h, "app_version", c.appVersion);
    c.appBuild = IpsParser.text(h, "build_version", c.appBuild);
    String role = f.get("Role");
    c.inForeground = role == null ? null : role.equalsIgnoreCase("Foreground");
    c.tags.put("crashtext.format", c.format);
  }

  private static int crashedThread(Map<String, String> f, List<RawThread> threads) {
    String n = f.containsKey("Triggered by Thread") ? f.get("Triggered by Thread")
        : f.get("Crashed Thread");
    Matcher m = n == null ? null : THREAD_NUMBER.matcher(n);
    if (m != null && m.find()) {
      return Integer.parseInt(m.group(1));
    }
    for (RawThread t : threads) {
      if (t.crashed) {
        return t.index;
      }
    }
    return threads.get(0).index;
  }

  private static void exception(NativeCrash c, Map<String, String> f, String info) {
    Matcher m = EXCEPTION_TYPE.matcher(f.getOrDefault("Exception Type", ""));
    if (m.find()) {
      c.machException = m.group(1);
      c.signalName = m.group(2);
    }
    c.type = c.machException != null ? c.machException : "UNKNOWN";
    c.mechanismType = "mach";
    c.signalNumber = AppleFacts.signalNumber(c.signalName);
    String codes = f.get("Exception Codes");
    boolean codesSayMore = codes != null
        && codes.replaceAll("0x[0-9a-fA-F]+", "").matches("(?s).*[A-Za-z_].*");
    String detail = f.containsKey("Exception Subtype") ? f.get("Exception Subtype")
        : codesSayMore ? codes : null;
    c.faultAddress = AppleFacts.faultAddress(detail);
    c.value = detail != null ? detail
        : f.containsKey("Exception Reason") ? f.get("Exception Reason")
        : !info.isEmpty() ? info : f.get("Termination Reason");
  }
}
