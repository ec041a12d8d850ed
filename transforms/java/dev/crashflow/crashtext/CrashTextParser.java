package dev.crashflow.crashtext;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns crash reports written by other collectors into crashflow input events (Sentry event JSON,
 * {@code schemas/input/event.schema.json}): Android tombstones and logcat backtraces, Apple
 * {@code .ips} (JSON) and text {@code .crash} reports. The events go through the same pipeline as
 * SDK events; native frames get absolute addresses inside {@code debug_meta} images whose debug
 * ids come from the report's build-ids and UUIDs, so crashflow's symbolicator resolves them with
 * the same Breakpad symbols. How each format maps is described in {@code docs/crash-text.md}.
 *
 * <p>Plain Java; a parser is immutable and thread-safe.
 */
public final class CrashTextParser {
  /** Something odd that did not stop the report from parsing, at a 1-based line. */
  public record Warning(int line, String message) {}

  /** The events of one report (a logcat dump may hold several crashes) and any warnings. */
  public record Result(List<ObjectNode> events, List<Warning> warnings) {}

  private final String appId;
  private final Instant fallbackTime;

  /**
   * @param appId replaces the app id the report gives (process name, bundle id); null keeps it
   * @param fallbackTime the event time for reports that carry none (logcat without a year takes
   *     its year from it), e.g. the file's modification time
   */
  public CrashTextParser(String appId, Instant fallbackTime) {
    this.appId = appId == null || appId.isBlank() ? null : appId.strip();
    this.fallbackTime = Objects.requireNonNull(fallbackTime, "fallbackTime");
  }

  /**
   * Parses one report.
   *
   * @param format the format, or null to detect it from the content
   * @throws CrashTextException when the text is not a report of that format or too incomplete to
   *     make an event, naming the line
   */
  public Result parse(String text, CrashTextFormat format) throws CrashTextException {
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    if (body.isBlank()) {
      throw new CrashTextException(1, "empty report");
    }
    CrashTextFormat f = format != null ? format : CrashTextFormat.detect(body);
    if (f == null) {
      throw new CrashTextException(1, "not a recognised crash report: expected an Android "
          + "tombstone or logcat backtrace (#00 pc ...), or an Apple .ips or .crash report");
    }
    List<Warning> warnings = new ArrayList<>();
    List<NativeCrash> crashes = switch (f) {
      case TOMBSTONE -> TombstoneParser.parse(TextLines.of(body),
          !body.endsWith("\n") && !body.endsWith("\r"), fallbackTime, warnings);
      case IPS -> List.of(IpsParser.parse(body, fallbackTime, warnings));
    };
    List<ObjectNode> events = new ArrayList<>(crashes.size());
    for (NativeCrash c : crashes) {
      events.add(EventJson.of(c, appId));
    }
    return new Result(List.copyOf(events), List.copyOf(warnings));
  }
}
