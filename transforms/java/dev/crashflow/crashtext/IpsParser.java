package dev.crashflow.crashtext;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crashflow.crashtext.CrashTextParser.Warning;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Apple's {@code .ips} crash reports (iOS 15+, macOS 12+): a one-line JSON header ({@code
 * bug_type}, {@code os_version}, {@code bundleID}, {@code incident_id}, ...) followed by a JSON
 * body ({@code exception}, {@code termination}, {@code threads}, {@code usedImages}, ...). An
 * {@code .ips} whose body is the older text report goes to {@link AppleCrashReportParser}.
 *
 * <p>Frames are {@code {imageIndex, imageOffset}}; the absolute address is the image's {@code
 * base} plus the offset, exactly what the device had, so no synthetic layout is needed. Apple
 * prints return addresses for caller frames, as Sentry expects. When the app died of an uncaught
 * Objective-C/Swift exception, {@code lastExceptionBacktrace} (where it was thrown) is the
 * exception's stack, and the crashed thread keeps its own (the abort).
 */
final class IpsParser {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private IpsParser() {}

  static NativeCrash parse(String text, Instant fallback, List<Warning> warnings)
      throws CrashTextException {
    int start = 0;
    int lineNo = 1;
    while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
      lineNo += text.charAt(start) == '\n' ? 1 : 0;
      start++;
    }
    if (start == text.length() || text.charAt(start) != '{') {
      return AppleCrashReportParser.parse(text, 0, null, fallback, warnings);
    }
    int end = text.indexOf('\n', start);
    end = end < 0 ? text.length() : end;
    JsonNode header = tryObject(text.substring(start, end));
    if (header == null) { // no one-line header: the whole text may be a body on its own
      return fromBody(null, json(text, 0), text, fallback);
    }
    String rest = end >= text.length() ? "" : text.substring(end + 1);
    if (rest.isBlank()) {
      if (header.has("threads")) {
        return fromBody(null, header, text, fallback); // a body written on one line
      }
      throw new CrashTextException(lineNo, "only the .ips header line (bug_type "
          + header.path("bug_type").asText("?") + "); the report body is missing or was cut off");
    }
    if (!rest.stripLeading().startsWith("{")) {
      return AppleCrashReportParser.parse(rest, lineNo, header, fallback, warnings);
    }
    return fromBody(header, json(rest, lineNo), text, fallback);
  }

  private static JsonNode tryObject(String line) {
    try {
      JsonNode n = MAPPER.readTree(line);
      return n != null && n.isObject() ? n : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** Parses a JSON object whose first line is line {@code lineOffset + 1} of the report. */
  private static JsonNode json(String text, int lineOffset) throws CrashTextException {
    try {
      JsonNode n = MAPPER.readTree(text);
      if (n == null || !n.isObject()) {
        throw new CrashTextException(lineOffset + 1, "the .ips body is not a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
      throw new CrashTextException(lineOffset + line, "malformed .ips JSON (truncated?): "
          + e.getOriginalMessage(), e);
    }
  }

  private static NativeCrash fromBody(JsonNode header, JsonNode body, String source,
      Instant fallback) throws CrashTextException {
    JsonNode h = header == null ? MAPPER.createObjectNode() : header;
    if (!body.path("threads").isArray()) {
      String bugType = text(h, "bug_type", text(body, "bug_type", "?"));
      throw new CrashTextException(1, "the .ips report has no threads: bug_type " + bugType
          + " is not a crash report (crash reports have bug_type 309)");
    }
    NativeCrash c = new NativeCrash();
    c.format = "ips";
    c.source = source;
    c.eventId = text(h, "incident_id", text(body, "incident", null));
    Instant t = Timestamps.parse(text(h, "timestamp", text(body, "captureTime", null)));
    c.timestamp = t != null ? t : fallback;

    List<Loaded> loaded = images(body, c);
    List<List<NativeCrash.Frame>> stacks = new ArrayList<>();
    JsonNode threads = body.get("threads");
    int faulting = body.path("faultingThread").asInt(-1);
    int crashed = -1;
    for (int i = 0; i < threads.size(); i++) {
      JsonNode th = threads.get(i);
      stacks.add(frames(th.path("frames"), loaded));
      if (crashed < 0 && (th.path("triggered").asBoolean(false) || i == faulting)) {
        crashed = i;
      }
    }
    crashed = crashed < 0 ? 0 : crashed;
    for (int i = 0; i < threads.size(); i++) {
      JsonNode th = threads.get(i);
      String name = text(th, "name", text(th, "queue", null));
      c.threads.add(new NativeCrash.Thread((long) i, name, i == crashed, i == 0, stacks.get(i)));
    }
    c.crashedThreadId = (long) crashed;
    JsonNode thrown = body.path("lastExceptionBacktrace");
    if (thrown.isArray() && !thrown.isEmpty()) {
      c.exceptionFrames = frames(thrown, loaded);
      c.exceptionIsCrashedThread = false;
    } else {
      c.exceptionFrames = stacks.isEmpty() ? List.of() : stacks.get(crashed);
    }
    exception(body, c);

    JsonNode os = body.path("osVersion");
    String train = text(os, "train", null);
    String build = text(os, "build", null);
    AppleFacts.os(c, text(h, "os_version",
        train == null ? null : build == null ? train : train + " (" + build + ")"));
    c.deviceModel = text(body, "modelCode", null);
    c.deviceManufacturer = "Apple";
    c.deviceBrand = "Apple";
    if (c.deviceArch == null) {
      c.deviceArch = AppleFacts.arch(text(body, "cpuType", null));
    }
    JsonNode bundle = body.path("bundleInfo");
    c.appId = text(h, "bundleID", text(bundle, "CFBundleIdentifier", null));
    c.appVersion = text(h, "app_version", text(bundle, "CFBundleShortVersionString", null));
    c.appBuild = text(h, "build_version", text(bundle, "CFBundleVersion", null));
    c.appName = text(h, "app_name", text(body, "procName", null));
    String role = text(body, "procRole", null);
    c.inForeground = role == null ? null : role.equalsIgnoreCase("Foreground");
    c.tags.put("crashtext.format", c.format);
    String bugType = text(h, "bug_type", text(body, "bug_type", null));
    if (bugType != null) {
      c.tags.put("ips.bug_type", bugType);
    }
    return c;
  }

  /** A used image: where it was loaded, and its image in the event (null if it has none). */
  private record Loaded(long base, String path, NativeCrash.Image image) {}

  private static List<Loaded> images(JsonNode body, NativeCrash c) {
    List<Loaded> out = new ArrayList<>();
    String procPath = text(body, "procPath", null);
    for (JsonNode i : body.path("usedImages")) {
      long base = i.path("base").asLong(0);
      long size = i.path("size").asLong(0);
      String path = text(i, "path", null);
      String name = text(i, "name", path == null ? null : TombstoneParser.baseName(path));
      String debugId = EventJson.machODebugId(text(i, "uuid", null));
      boolean real = size > 0 && (path != null || debugId != null)
          && !"00000000-0000-0000-0000-000000000000".equals(debugId);
      NativeCrash.Image image = real ? new NativeCrash.Image("macho", path, name, null,
          debugId, base, size, text(i, "arch", null)) : null;
      if (image != null) {
        c.images.add(image);
        if (path != null && path.equals(procPath)) {
          c.deviceArch = image.arch();
        }
      }
      out.add(new Loaded(base, path != null ? path : name, image));
    }
    return out;
  }

  /** Frames as listed (innermost first). */
  private static List<NativeCrash.Frame> frames(JsonNode frames, List<Loaded> loaded) {
    List<NativeCrash.Frame> out = new ArrayList<>();
    for (JsonNode f : frames) {
      int index = f.path("imageIndex").asInt(-1);
      Loaded img = index >= 0 && index < loaded.size() ? loaded.get(index) : null;
      long address = (img == null ? 0 : img.base()) + f.path("imageOffset").asLong(0);
      String symbol = text(f, "symbol", null);
      Long symbolAddr = symbol != null && f.has("symbolLocation")
          ? address - f.path("symbolLocation").asLong() : null;
      String pkg = img == null ? null : img.path();
      Integer line = f.has("sourceLine") ? f.get("sourceLine").asInt() : null;
      out.add(new NativeCrash.Frame(address, img == null || img.image() == null ? null
          : img.image().addr(), pkg, symbol, symbolAddr, text(f, "sourceFile", null), line,
          AppleFacts.inApp(pkg)));
    }
    return out;
  }

  private static void exception(JsonNode body, NativeCrash c) {
    JsonNode x = body.path("exception");
    JsonNode term = body.path("termination");
    c.machException = text(x, "type", null);
    c.signalName = text(x, "signal", null);
    c.type = c.machException != null ? c.machException
        : c.signalName != null ? c.signalName : "UNKNOWN";
    c.mechanismType = "mach";
    c.signalNumber = "SIGNAL".equals(text(term, "namespace", null)) && term.has("code")
        ? Integer.valueOf(term.get("code").asInt()) : AppleFacts.signalNumber(c.signalName);
    String subtype = text(x, "subtype", null);
    c.faultAddress = AppleFacts.faultAddress(subtype);
    String asi = null;
    String uncaught = null;
    for (JsonNode messages : body.path("asi")) {
      for (JsonNode m : messages) {
        String t = m.asText();
        uncaught = uncaught == null && t.contains("uncaught exception") ? t : uncaught;
        asi = asi == null ? t : asi + "\n" + t;
      }
    }
    asi = uncaught != null ? uncaught : asi; // the reason says more than "abort() called"
    c.value = subtype != null ? subtype
        : asi != null ? asi : text(term, "indicator", text(x, "codes", null));
  }

  /** A field as text, or {@code otherwise} when absent, null or blank. */
  static String text(JsonNode o, String field, String otherwise) {
    JsonNode v = o == null ? null : o.get(field);
    if (v == null || v.isNull() || v.isContainerNode() || v.asText().isBlank()) {
      return otherwise;
    }
    return v.asText();
  }
}
