package dev.crashflow.decode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crashflow.model.AppInfo;
import dev.crashflow.model.Breadcrumb;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.CrashException;
import dev.crashflow.model.CrashThread;
import dev.crashflow.model.DebugImage;
import dev.crashflow.model.EngineInfo;
import dev.crashflow.model.OsInfo;
import dev.crashflow.model.DeviceInfo;
import dev.crashflow.model.RawMessage;
import dev.crashflow.model.SymbolicationStatus;
import dev.crashflow.model.UserInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Reads one Sentry event object into a {@link CrashEvent}. */
final class EventReader {
  private final DecodeLimits limits;

  EventReader(DecodeLimits limits) {
    this.limits = limits;
  }

  CrashEvent read(JsonObj e, RawMessage raw, long receivedMillis) throws DecodeException {
    String eventIdText = e.str("event_id");
    if (eventIdText == null) {
      throw new DecodeException("missing_field", "event_id is missing");
    }
    String eventId = Scalars.normaliseEventId(eventIdText);
    if (eventId == null) {
      throw new DecodeException("invalid_event_id", "event_id is not 32 hex digits or a UUID: "
          + Scalars.shorten(eventIdText));
    }
    try {
      return read(e, eventId, raw, receivedMillis);
    } catch (DecodeException failure) {
      throw failure.withEventId(eventId);
    }
  }

  private CrashEvent read(JsonObj e, String eventId, RawMessage raw, long receivedMillis)
      throws DecodeException {
    long timestamp = eventTime(e.get("timestamp"), "timestamp", raw);
    EventDecoder.checkRange(timestamp, receivedMillis, limits, "event");
    String sdkPlatform = ContextReader.blankToNull(e.str("platform"));
    if (sdkPlatform == null) {
      throw new DecodeException("missing_field", "platform is missing");
    }
    String level = e.str("level");
    level = level == null || level.isBlank() ? "error" : level.trim().toLowerCase(Locale.ROOT);
    String release = e.str("release");
    String dist = e.str("dist");

    JsonObj contexts = e.obj("contexts");
    JsonObj os = context(contexts, "os");
    JsonObj device = context(contexts, "device");
    JsonObj appContext = context(contexts, "app");
    OsInfo osInfo = ContextReader.os(os);
    DeviceInfo deviceInfo = ContextReader.device(device);
    AppInfo app = ContextReader.app(ContextReader.Release.parse(release), dist, appContext,
        raw.attribute("app_id"));
    EngineInfo engine = ContextReader.engine(context(contexts, "unity"),
        context(contexts, "runtime"), context(contexts, "gpu"), device);

    JsonObj sdk = e.obj("sdk");
    String sdkName = sdk == null ? null : sdk.str("name");
    String sdkVersion = sdk == null ? null : sdk.str("version");
    UserInfo user = user(e.obj("user"));

    StackReader stacks = new StackReader(limits);
    List<CrashException> exceptions = stacks.exceptions(e);
    List<CrashThread> threads = stacks.threads(e);
    List<DebugImage> images = stacks.images(e);

    return new CrashEvent(
        eventId, timestamp, receivedMillis,
        ContextReader.platform(osInfo.name(), sdkName, sdkPlatform), sdkPlatform, level,
        release, dist, e.str("environment"),
        app, osInfo, deviceInfo, user, engine,
        ContextReader.first(deviceInfo.id(), user.id()),
        message(e), tags(e), fingerprint(e),
        exceptions, threads, images, breadcrumbs(e),
        sdkName, sdkVersion, stacks.framesTrimmed(),
        SymbolicationStatus.NOT_NEEDED, List.of(), null, raw);
  }

  /** Event time: from the event, else the publish time; never processing time. */
  static long eventTime(JsonNode value, String path, RawMessage raw) throws DecodeException {
    if (value != null) {
      return Scalars.timestampMillis(value, path);
    }
    if (raw.publishTimeMillis() != null) {
      return raw.publishTimeMillis();
    }
    throw new DecodeException("missing_field",
        path + " is missing and the message has no publish time to fall back on");
  }

  private static JsonObj context(JsonObj contexts, String name) throws DecodeException {
    return contexts == null ? null : contexts.obj(name);
  }

  private UserInfo user(JsonObj u) throws DecodeException {
    if (u == null) {
      return UserInfo.EMPTY;
    }
    String email = u.str("email");
    String ip = u.str("ip_address");
    String username = u.str("username");
    if (limits.scrubPii()) {
      email = null;
      ip = null;
      username = PiiScrubber.scrub(username); // usernames are often email addresses
    }
    UserInfo user = new UserInfo(u.str("id"), username, email, ip);
    return user.equals(UserInfo.EMPTY) ? UserInfo.EMPTY : user;
  }

  /** {@code logentry.formatted}, {@code logentry.message}, else {@code message} (text or object). */
  private String message(JsonObj e) throws DecodeException {
    String text = null;
    JsonObj logentry = e.obj("logentry");
    if (logentry != null) {
      text = ContextReader.first(logentry.str("formatted"), logentry.str("message"));
    }
    JsonNode message = e.get("message");
    if (message != null && message.isObject()) {
      JsonObj m = e.child("message", message);
      text = ContextReader.first(text, m.str("formatted"), m.str("message"));
    } else if (message != null) {
      text = ContextReader.first(text, e.str("message"));
    }
    return limits.scrubPii() ? PiiScrubber.scrub(text) : text;
  }

  /** {@code tags} as an object or a list of {@code [key, value]} pairs; values stringified. */
  private static Map<String, String> tags(JsonObj e) throws DecodeException {
    JsonNode tags = e.get("tags");
    if (tags == null) {
      return Map.of();
    }
    Map<String, String> out = new TreeMap<>();
    if (tags.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = tags.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> t = it.next();
        putText(out, t.getKey(), t.getValue());
      }
    } else if (tags.isArray()) {
      for (int i = 0; i < tags.size(); i++) {
        JsonNode pair = tags.get(i);
        if (pair.isNull()) {
          continue;
        }
        if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual()) {
          throw new DecodeException("wrong_type", "tags[" + i + "]: expected a [key, value] pair");
        }
        putText(out, pair.get(0).asText(), pair.get(1));
      }
    } else {
      throw e.wrongType("tags", "an object or a list of pairs", tags);
    }
    return out.isEmpty() ? Map.of() : Collections.unmodifiableMap(out);
  }

  private static List<String> fingerprint(JsonObj e) throws DecodeException {
    JsonNode fp = e.array("fingerprint");
    if (fp == null || fp.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>(fp.size());
    for (int i = 0; i < fp.size(); i++) {
      JsonNode v = fp.get(i);
      if (v.isContainerNode()) {
        throw new DecodeException("wrong_type", "fingerprint[" + i + "]: expected a string");
      }
      if (!v.isNull()) {
        out.add(v.asText());
      }
    }
    return List.copyOf(out);
  }

  private List<Breadcrumb> breadcrumbs(JsonObj e) throws DecodeException {
    List<JsonObj> crumbs = e.valuesList("breadcrumbs");
    if (crumbs.isEmpty()) {
      return List.of();
    }
    List<Breadcrumb> out = new ArrayList<>(crumbs.size());
    for (JsonObj b : crumbs) {
      JsonNode ts = b.get("timestamp");
      Long millis = ts == null ? null : Scalars.timestampMillis(ts, b.pathOf("timestamp"));
      String message = b.str("message");
      JsonNode data = b.get("data");
      Map<String, String> values = Map.of();
      if (data != null) {
        if (!data.isObject()) {
          throw b.wrongType("data", "an object", data);
        }
        Map<String, String> d = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> kv = it.next();
          putText(d, kv.getKey(), kv.getValue());
        }
        if (limits.scrubPii()) {
          d.replaceAll((k, v) -> PiiScrubber.scrub(v));
        }
        values = d.isEmpty() ? Map.of() : Collections.unmodifiableMap(d);
      }
      String level = b.str("level");
      out.add(new Breadcrumb(millis, b.str("type"), b.str("category"),
          limits.scrubPii() ? PiiScrubber.scrub(message) : message,
          level == null ? null : level.toLowerCase(Locale.ROOT), values));
    }
    return List.copyOf(out);
  }

  /** Strings as they are, other scalars as text, containers as compact JSON; nulls skipped. */
  private static void putText(Map<String, String> out, String key, JsonNode value) {
    if (value == null || value.isNull()) {
      return;
    }
    out.put(key, value.isValueNode() ? value.asText() : value.toString());
  }
}
