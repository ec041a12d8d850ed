package dev.crashflow.crashtext;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crashflow.symbols.DebugId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link NativeCrash} as a Sentry event in crashflow's input contract ({@code
 * schemas/input/event.schema.json}): platform {@code native}, level {@code fatal}, one exception
 * (signal or Mach exception) with the crashed thread's frames caller first, the other threads,
 * {@code debug_meta.images} and the os/device/app contexts the report had.
 */
final class EventJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  /** Named in {@code sdk.name}, so events from parsed text can be told from SDK events. */
  static final String SDK_NAME = "crashflow.crashtext";
  static final String SDK_VERSION = "1";

  private EventJson() {}

  /** The event; {@code appId}, when not null, replaces the app id the report gave. */
  static ObjectNode of(NativeCrash c, String appId) {
    ObjectNode e = JSON.objectNode();
    String id = c.eventId == null ? ""
        : c.eventId.strip().replace("-", "").toLowerCase(Locale.ROOT);
    e.put("event_id", id.matches("[0-9a-f]{32}") ? id : hash(c.source));
    e.put("timestamp", c.timestamp.toString());
    e.put("platform", "native");
    e.put("level", "fatal");
    String app = appId != null ? appId : c.appId;
    if (app != null && c.appVersion != null) {
      e.put("release", app + "@" + c.appVersion + (c.appBuild == null ? "" : "+" + c.appBuild));
    }
    e.putObject("sdk").put("name", SDK_NAME).put("version", SDK_VERSION);
    ObjectNode tags = e.putObject("tags");
    for (Map.Entry<String, String> t : c.tags.entrySet()) {
      tags.put(t.getKey(), t.getValue());
    }
    contexts(e.putObject("contexts"), c, app);
    exception(e.putObject("exception").putArray("values").addObject(), c);
    ArrayNode threads = e.putObject("threads").putArray("values");
    for (NativeCrash.Thread t : c.threads) {
      ObjectNode o = threads.addObject();
      putLong(o, "id", t.id());
      putText(o, "name", t.name());
      o.put("crashed", t.crashed());
      o.put("current", t.crashed());
      o.put("main", t.main());
      boolean skip = t.crashed() && c.exceptionIsCrashedThread;
      if (t.frames() != null && !skip) {
        o.set("stacktrace", stacktrace(t.frames()));
      }
    }
    ArrayNode images = e.putObject("debug_meta").putArray("images");
    for (NativeCrash.Image i : c.images) {
      ObjectNode o = images.addObject();
      o.put("type", i.type());
      putText(o, "code_file", i.codeFile());
      putText(o, "debug_file", i.debugFile());
      putText(o, "code_id", i.codeId());
      putText(o, "debug_id", i.debugId());
      o.put("image_addr", hex(i.addr()));
      o.put("image_size", i.size());
      putText(o, "arch", i.arch());
    }
    return e;
  }

  private static void contexts(ObjectNode ctx, NativeCrash c, String app) {
    ObjectNode os = JSON.objectNode();
    putText(os, "name", c.osName);
    putText(os, "version", c.osVersion);
    putText(os, "build", c.osBuild);
    putIfAny(ctx, "os", os);
    ObjectNode device = JSON.objectNode();
    putText(device, "model", c.deviceModel);
    putText(device, "manufacturer", c.deviceManufacturer);
    putText(device, "brand", c.deviceBrand);
    putText(device, "arch", c.deviceArch);
    putIfAny(ctx, "device", device);
    ObjectNode a = JSON.objectNode();
    putText(a, "app_identifier", app);
    putText(a, "app_name", c.appName);
    putText(a, "app_version", c.appVersion);
    putText(a, "app_build", c.appBuild);
    if (c.inForeground != null) {
      a.put("in_foreground", c.inForeground);
    }
    putIfAny(ctx, "app", a);
  }

  private static void exception(ObjectNode x, NativeCrash c) {
    x.put("type", c.type);
    putText(x, "value", c.value);
    putLong(x, "thread_id", c.crashedThreadId);
    ObjectNode m = x.putObject("mechanism");
    m.put("type", c.mechanismType);
    m.put("handled", false);
    ObjectNode meta = JSON.objectNode();
    if (c.signalNumber != null || c.signalName != null) {
      ObjectNode signal = meta.putObject("signal");
      if (c.signalNumber != null) {
        signal.put("number", c.signalNumber);
      }
      if (c.signalCode != null) {
        signal.put("code", c.signalCode);
      }
      putText(signal, "name", c.signalName);
      putText(signal, "code_name", c.signalCodeName);
    }
    if (c.machException != null) {
      meta.putObject("mach_exception").put("name", c.machException);
    }
    putIfAny(m, "meta", meta);
    if (c.faultAddress != null) {
      m.putObject("data").put("relevant_address", hex(c.faultAddress));
    }
    x.set("stacktrace", stacktrace(c.exceptionFrames));
  }

  /** Frames caller first: the reports list the crashing frame first. */
  private static ObjectNode stacktrace(List<NativeCrash.Frame> calleeFirst) {
    ObjectNode st = JSON.objectNode();
    ArrayNode frames = st.putArray("frames");
    for (int i = calleeFirst.size() - 1; i >= 0; i--) {
      NativeCrash.Frame f = calleeFirst.get(i);
      ObjectNode o = frames.addObject();
      putText(o, "function", f.function());
      putText(o, "filename", f.file());
      if (f.line() != null) {
        o.put("lineno", f.line());
      }
      putText(o, "package", f.pkg());
      if (f.address() != null) {
        o.put("instruction_addr", hex(f.address()));
      }
      if (f.symbolAddr() != null) {
        o.put("symbol_addr", hex(f.symbolAddr()));
      }
      if (f.imageAddr() != null) {
        o.put("image_addr", hex(f.imageAddr()));
      }
      if (f.inApp() != null) {
        o.put("in_app", f.inApp());
      }
    }
    return st;
  }

  /** Sentry's debug id of an ELF image from its build-id; null when there is none or it is bad. */
  static String elfDebugId(String buildId) {
    try {
      return buildId == null ? null : DebugId.fromElfBuildId(buildId).sentry();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Sentry's debug id of a Mach-O image from its UUID; null when there is none or it is bad. */
  static String machODebugId(String uuid) {
    try {
      return uuid == null ? null : DebugId.fromMachOUuid(uuid).sentry();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }

  /** 32 hex digits from the report text: the same report always gets the same event id. */
  static String hash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void putText(ObjectNode o, String field, String value) {
    if (value != null && !value.isBlank()) {
      o.put(field, value);
    }
  }

  private static void putLong(ObjectNode o, String field, Long value) {
    if (value != null) {
      o.put(field, value);
    }
  }

  private static void putIfAny(ObjectNode parent, String field, ObjectNode child) {
    if (!child.isEmpty()) {
      parent.set(field, child);
    }
  }
}
