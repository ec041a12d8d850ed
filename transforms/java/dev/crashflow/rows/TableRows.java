package dev.crashflow.rows;

import com.google.api.services.bigquery.model.TableRow;
import dev.crashflow.grouping.FrameOwner;
import dev.crashflow.model.Breadcrumb;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.CrashException;
import dev.crashflow.model.CrashThread;
import dev.crashflow.model.DeadLetter;
import dev.crashflow.model.DebugImage;
import dev.crashflow.model.EngineInfo;
import dev.crashflow.model.Frame;
import dev.crashflow.model.GameHardware;
import dev.crashflow.model.Grouping;
import dev.crashflow.model.SessionUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the rows of crashflow's tables (schemas in {@code schemas/*.json}) from the model. One
 * mapping serves BigQuery and the local warehouse: both take the JSON form of a {@link TableRow}
 * (timestamps as ISO-8601 UTC strings, bytes as base64, records as objects).
 */
public final class TableRows {
  private static final Set<String> LOG_CATEGORIES = Set.of("log", "console", "logcat");

  private TableRows() {}

  /** The {@code crash_events} row of a grouped event. */
  public static TableRow crashEvent(CrashEvent e) {
    Grouping g = e.grouping();
    Frame blame = g == null ? null : g.blameFrame();
    TableRow r = newRow();
    put(r, "event_id", e.eventId());
    put(r, "event_timestamp", timestamp(e.timestampMillis()));
    put(r, "received_timestamp", timestamp(e.receivedMillis()));
    put(r, "app_id", e.appIdOrUnknown());
    put(r, "bundle_identifier", e.app().appId());
    put(r, "release", e.release());
    put(r, "environment", e.environment());
    put(r, "platform", e.platform());
    put(r, "sdk_platform", e.sdkPlatform());
    put(r, "sdk_name", e.sdkName());
    put(r, "sdk_version", e.sdkVersion());
    put(r, "level", e.level());
    put(r, "error_type", ErrorTypes.of(e));
    if (g != null) {
      put(r, "issue_id", g.issueId());
      put(r, "variant_id", g.variantId());
      put(r, "fingerprint", g.fingerprint());
      put(r, "grouping_version", g.groupingVersion());
      put(r, "issue_title", g.title());
      put(r, "issue_subtitle", g.subtitle());
      put(r, "culprit", g.culprit());
    }
    put(r, "symbolication_status", e.symbolicationStatus().columnValue());
    put(r, "missing_debug_ids", e.missingDebugIds());
    put(r, "frames_trimmed", (long) e.framesTrimmed());
    put(r, "installation_uuid", e.installationId());
    put(r, "device_orientation", e.device().orientation());
    Boolean fg = e.app().inForeground();
    put(r, "process_state", fg == null ? null : fg ? "FOREGROUND" : "BACKGROUND");
    put(r, "application", record(
        "build_version", e.app().build(), "display_version", e.app().version(),
        "name", e.app().name()));
    put(r, "device", record(
        "manufacturer", e.device().manufacturer(), "model", e.device().model(),
        "architecture", e.device().arch(), "brand", e.device().brand(),
        "simulator", e.device().simulator()));
    Boolean rooted = e.os().rooted();
    put(r, "operating_system", record(
        "display_version", e.os().version(), "name", e.os().name(),
        "modification_state", rooted == null ? null : rooted ? "MODIFIED" : "UNMODIFIED",
        "type", e.platform(), "device_type", e.device().family(),
        "build", e.os().build(), "kernel_version", e.os().kernelVersion()));
    put(r, "user", record("id", e.user().id(), "email", e.user().email(), "name", e.user().username()));
    put(r, "memory", usedFree(e.device().memorySize(), e.device().freeMemory()));
    put(r, "storage", usedFree(e.device().storageSize(), e.device().freeStorage()));
    put(r, "custom_keys", keyValues(e.tags()));
    List<TableRow> logs = new ArrayList<>();
    List<TableRow> crumbs = new ArrayList<>();
    for (Breadcrumb b : e.breadcrumbs()) {
      String name = b.category() != null ? b.category() : b.type();
      if (name != null && LOG_CATEGORIES.contains(name)) {
        logs.add(record("timestamp", timestamp(b.timestampMillis()), "message", b.message()));
      }
      crumbs.add(record("timestamp", timestamp(b.timestampMillis()), "name", name,
          "message", b.message(), "level", b.level(), "params", keyValues(b.data())));
    }
    put(r, "logs", logs);
    put(r, "breadcrumbs", crumbs);
    put(r, "blame_frame", blame == null ? null
        : frame(blame, true, g.blameOwner() != null ? g.blameOwner() : owner(blame, e)));
    put(r, "exceptions", exceptions(e, g));
    put(r, "errors", errors(e, g));
    put(r, "threads", threads(e, blame));
    put(r, "debug_images", images(e.images()));
    put(r, "unity_metadata", unityMetadata(e.engine()));
    put(r, "message", e.message());
    return r;
  }

  /** The {@code sessions} row of a session update. */
  public static TableRow session(SessionUpdate s) {
    TableRow r = newRow();
    put(r, "session_id", s.sessionId());
    put(r, "distinct_id", s.distinctId());
    put(r, "init", s.init());
    put(r, "started", timestamp(s.startedMillis()));
    put(r, "session_timestamp", timestamp(s.timestampMillis()));
    put(r, "received_timestamp", timestamp(s.receivedMillis()));
    put(r, "status", s.status());
    put(r, "errors", (long) s.errors());
    put(r, "duration_seconds", s.durationSeconds());
    put(r, "app_id", s.app().appId() == null ? "_unknown" : s.app().appId());
    put(r, "app_version", s.app().version());
    put(r, "app_build", s.app().build());
    put(r, "release", s.release());
    put(r, "environment", s.environment());
    put(r, "platform", s.platform());
    return r;
  }

  /** The {@code dead_letters} row of a failure. */
  public static TableRow deadLetter(DeadLetter d) {
    TableRow r = newRow();
    put(r, "failed_timestamp", timestamp(d.failedAtMillis()));
    put(r, "step", d.step());
    put(r, "error_reason", d.reason());
    put(r, "error_class", d.errorClass());
    put(r, "error_message", d.errorMessage());
    put(r, "stack_trace", d.stackTrace());
    put(r, "event_id", d.eventId());
    put(r, "payload", Base64.getEncoder().encodeToString(d.original().payload()));
    put(r, "attributes", keyValues(d.original().attributes()));
    put(r, "message_id", d.original().messageId());
    put(r, "publish_time", d.original().publishTimeMillis() == null
        ? null : timestamp(d.original().publishTimeMillis()));
    return r;
  }

  /** ISO-8601 UTC, the form both BigQuery and the local warehouse read. */
  public static String timestamp(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis).toString();
  }

  /**
   * The exception chain without Apple NSErrors (those go to {@code errors}, as in the Crashlytics
   * export), oldest first; the newest carries the issue title.
   */
  private static List<TableRow> exceptions(CrashEvent e, Grouping g) {
    List<CrashException> chain = new ArrayList<>(e.exceptions().size());
    for (CrashException x : e.exceptions()) {
      if (x.mechanism() == null || !x.mechanism().isNsError()) {
        chain.add(x);
      }
    }
    List<TableRow> out = new ArrayList<>(chain.size());
    Frame blame = g == null ? null : g.blameFrame();
    for (int i = 0; i < chain.size(); i++) {
      CrashException x = chain.get(i);
      var m = x.mechanism();
      TableRow row = record(
          "type", x.type(), "exception_message", x.value(), "module", x.module(),
          "nested", i < chain.size() - 1,
          "title", i == chain.size() - 1 && g != null ? g.title() : null,
          "subtitle", i == chain.size() - 1 && g != null ? g.subtitle() : null,
          "blamed", blame != null && x.frames().contains(blame),
          "mechanism", m == null ? null : m.type(),
          "handled", m == null ? null : m.handled(),
          "signal_name", m == null ? null : m.signalName() != null ? m.signalName() : m.machException(),
          "frames_omitted", (long) x.framesOmitted());
      put(row, "frames", frames(x.frames(), blame, e));
      out.add(row);
    }
    return out;
  }

  /**
   * Apple NSErrors (non-fatal errors from Sentry's Cocoa SDK), as the Crashlytics export's {@code
   * errors}: title is the error domain, subtitle its description, code its code.
   */
  private static List<TableRow> errors(CrashEvent e, Grouping g) {
    List<TableRow> out = new ArrayList<>();
    Frame blame = g == null ? null : g.blameFrame();
    for (CrashException x : e.exceptions()) {
      var m = x.mechanism();
      if (m == null || !m.isNsError()) {
        continue;
      }
      TableRow row = record(
          "code", m.nsErrorCode(),
          "title", m.nsErrorDomain() != null ? m.nsErrorDomain() : x.type(),
          "subtitle", x.value(),
          "blamed", blame != null && x.frames().contains(blame),
          "frames_omitted", (long) x.framesOmitted());
      put(row, "frames", frames(x.frames(), blame, e));
      out.add(row);
    }
    return out;
  }

  /** The Crashlytics export's {@code unity_metadata}, from the engine and hardware facts. */
  private static TableRow unityMetadata(EngineInfo engine) {
    GameHardware h = engine.hardware() == null ? GameHardware.EMPTY : engine.hardware();
    return record(
        "unity_version", engine.engineVersion(), "engine_name", engine.engineName(),
        "debug_build", engine.debugBuild(), "processor_type", engine.processorType(),
        "processor_count", h.processorCount(),
        "processor_frequency_mhz", h.processorFrequencyMhz(),
        "system_memory_size_mb", h.systemMemoryMb(),
        "graphics_memory_size_mb", h.graphicsMemoryMb(),
        "graphics_device_id", h.graphicsDeviceId(),
        "graphics_device_vendor_id", h.graphicsDeviceVendorId(),
        "graphics_device_name", engine.graphicsDeviceName(),
        "graphics_device_vendor", engine.graphicsDeviceVendor(),
        "graphics_device_version", h.graphicsDeviceVersion(),
        "graphics_api", engine.graphicsApi(),
        "graphics_device_type", engine.graphicsApi(),
        "graphics_shader_level", h.graphicsShaderLevel(),
        "graphics_copy_texture_support", h.graphicsCopyTextureSupport(),
        "graphics_max_texture_size", h.graphicsMaxTextureSize(),
        "screen_size_px", h.screenSizePx(),
        "screen_resolution_dpi", h.screenResolutionDpi());
  }

  private static List<TableRow> threads(CrashEvent e, Frame blame) {
    List<TableRow> out = new ArrayList<>(e.threads().size());
    for (CrashThread t : e.threads()) {
      TableRow row = record("crashed", t.crashed(), "thread_name", t.name(), "thread_id", t.id(),
          "blamed", t.crashed() && blame != null && t.frames().contains(blame),
          "frames_omitted", (long) t.framesOmitted());
      put(row, "frames", frames(t.frames(), blame, e));
      out.add(row);
    }
    return out;
  }

  private static List<TableRow> frames(List<Frame> frames, Frame blame, CrashEvent e) {
    List<TableRow> out = new ArrayList<>(frames.size());
    for (Frame f : frames) {
      out.add(frame(f, f.equals(blame), owner(f, e)));
    }
    return out;
  }

  /** DEVELOPER for in-app frames, else who owns the library (see {@link FrameOwner}). */
  private static String owner(Frame f, CrashEvent e) {
    return FrameOwner.of(f, f.isInApp(), e.sdkPlatform()).name();
  }

  private static TableRow frame(Frame f, boolean blamed, String owner) {
    Long address = Hex.parse(f.instructionAddr());
    Long image = Hex.parse(f.imageAddr());
    String symbol = f.function() == null ? null
        : f.module() == null ? f.function() : f.module() + "." + f.function();
    return record(
        "line", f.lineno() == null ? null : f.lineno().longValue(),
        "file", f.filename() != null ? f.filename() : f.absPath(),
        "symbol", symbol,
        "offset", address != null && image != null ? address - image : null,
        "address", address,
        "library", f.pkg() != null ? f.pkg() : f.module(),
        "owner", owner,
        "blamed", blamed,
        "in_app", f.inApp());
  }

  private static List<TableRow> images(List<DebugImage> images) {
    List<TableRow> out = new ArrayList<>(images.size());
    for (DebugImage i : images) {
      out.add(record("type", i.type(), "debug_id", i.debugId() != null ? i.debugId() : i.uuid(),
          "debug_file", i.debugFile(), "code_id", i.codeId(), "code_file", i.codeFile(),
          "image_addr", Hex.parse(i.imageAddr()), "image_size", i.imageSize(), "arch", i.arch()));
    }
    return out;
  }

  private static TableRow usedFree(Long total, Long free) {
    return record("used", total != null && free != null ? total - free : null, "free", free);
  }

  private static List<TableRow> keyValues(Map<String, String> map) {
    List<TableRow> out = new ArrayList<>(map == null ? 0 : map.size());
    if (map != null) {
      map.forEach((k, v) -> out.add(record("key", k, "value", v)));
    }
    return out;
  }


  /**
   * A row whose fields go into an insertion-ordered hash map. {@code TableRow.set} interns every
   * field name and searches its array map linearly, which was a third of building a crash_events
   * row (some 60 fields and a record per frame). Field order, values and JSON are unchanged.
   */
  static TableRow newRow() {
    TableRow r = new TableRow();
    r.setUnknownKeys(new java.util.LinkedHashMap<>());
    return r;
  }

  /** Sets a field of a row made by {@link #newRow} (a null value is kept, as {@code set} does). */
  static void put(TableRow r, String name, Object value) {
    r.getUnknownKeys().put(name, value);
  }

  /** A record from name/value pairs, leaving out null values (absent NULLABLE fields). */
  static TableRow record(Object... namesAndValues) {
    TableRow row = newRow();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      Object v = namesAndValues[i + 1];
      if (v instanceof Integer n) {
        v = n.longValue();
      }
      if (v != null) {
        put(row, (String) namesAndValues[i], v);
      }
    }
    return row;
  }
}
