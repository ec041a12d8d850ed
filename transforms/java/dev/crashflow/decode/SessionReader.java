package dev.crashflow.decode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crashflow.model.AppInfo;
import dev.crashflow.model.RawMessage;
import dev.crashflow.model.SessionUpdate;
import java.util.Locale;
import java.util.Set;

/** Reads one release-health session update ({@code sid}, {@code status}, ...). */
final class SessionReader {
  static final Set<String> STATUSES = Set.of("ok", "exited", "crashed", "abnormal");

  private final DecodeLimits limits;

  SessionReader(DecodeLimits limits) {
    this.limits = limits;
  }

  SessionUpdate read(JsonObj s, RawMessage raw, long receivedMillis) throws DecodeException {
    String sid = ContextReader.blankToNull(s.str("sid"));
    if (sid == null) {
      throw new DecodeException("missing_field", "sid is missing");
    }
    String status = s.str("status");
    if (status == null) {
      throw new DecodeException("missing_field", "status is missing");
    }
    status = status.trim().toLowerCase(Locale.ROOT);
    if (!STATUSES.contains(status)) {
      throw new DecodeException("wrong_type",
          "status: expected one of ok, exited, crashed, abnormal, got " + Scalars.shorten(status));
    }
    JsonNode started = s.get("started");
    JsonNode timestamp = s.get("timestamp");
    if (started == null && timestamp == null) {
      throw new DecodeException("missing_field", "a session needs started or timestamp");
    }
    long startedMillis = started != null ? Scalars.timestampMillis(started, "started")
        : Scalars.timestampMillis(timestamp, "timestamp");
    long timestampMillis = timestamp != null ? Scalars.timestampMillis(timestamp, "timestamp")
        : startedMillis;
    EventDecoder.checkRange(timestampMillis, receivedMillis, limits, "session");

    JsonObj attrs = s.obj("attrs");
    String release = attrs == null ? null : attrs.str("release");
    String environment = attrs == null ? null : attrs.str("environment");
    ContextReader.Release r = ContextReader.Release.parse(release);
    AppInfo app = new AppInfo(ContextReader.first(r.appId(), raw.attribute("app_id")),
        r.version(), r.build(), null, null);
    String platform = ContextReader.osFamily(raw.attribute("platform"));
    if (platform == null) {
      String p = raw.attribute("platform");
      platform = p != null && ContextReader.PLATFORMS.contains(p.trim().toUpperCase(Locale.ROOT))
          ? p.trim().toUpperCase(Locale.ROOT) : "UNKNOWN";
    }
    Integer errors = s.integer("errors");
    Boolean init = s.bool("init");
    return new SessionUpdate(sid, s.str("did"), Boolean.TRUE.equals(init), startedMillis,
        timestampMillis, receivedMillis, status, errors == null ? 0 : errors, s.dbl("duration"),
        release, environment, app, platform, raw);
  }
}
