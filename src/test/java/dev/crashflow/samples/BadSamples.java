package dev.crashflow.samples;

import static dev.crashflow.samples.SampleCorpusFacts.BAD_ENVELOPE;
import static dev.crashflow.samples.SampleCorpusFacts.BAD_GZIP;
import static dev.crashflow.samples.SampleCorpusFacts.GZIP_BOMB;
import static dev.crashflow.samples.SampleCorpusFacts.INVALID_EVENT_ID;
import static dev.crashflow.samples.SampleCorpusFacts.INVALID_UTF8;
import static dev.crashflow.samples.SampleCorpusFacts.MALFORMED_JSON;
import static dev.crashflow.samples.SampleCorpusFacts.MISSING_FIELD;
import static dev.crashflow.samples.SampleCorpusFacts.TIMESTAMP_OUT_OF_RANGE;
import static dev.crashflow.samples.SampleCorpusFacts.TOO_MANY_FRAMES;
import static dev.crashflow.samples.SampleCorpusFacts.WRONG_TYPE;
import static dev.crashflow.samples.SampleKit.obj;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crashflow.samples.SampleCorpusGenerator.Line;
import dev.crashflow.samples.SampleCorpusGenerator.Sample;
import dev.crashflow.samples.SamplePopulation.Bug;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One bad message of each kind the decoder must dead-letter. Each is a realistic event broken
 * in exactly one way, so it fails for one documented reason only.
 */
final class BadSamples {
  /** Frames in the over-long stack trace: over the decoder's hard cap of 10,000. */
  static final int TOO_MANY_FRAMES_DEPTH = 10_050;
  /** Decompressed size of the gzip bomb: well over 1 MiB, from a few KiB. */
  static final int BOMB_BYTES = 3 * 1024 * 1024;

  private BadSamples() {}

  static List<Line> lines(SampleKit kit, List<Bug> bugs) {
    Map<String, Bug> bug = bugs.stream().collect(Collectors.toMap(Bug::key, Function.identity()));
    List<Line> out = new ArrayList<>();

    // An upload cut off mid-body.
    Sample s = SampleCorpusGenerator.sample(kit, bug.get("puzzle-npe-draw-tile"));
    byte[] json = SampleKit.bytes(s.event());
    out.add(Line.of(MALFORMED_JSON, publish(kit, s), Arrays.copyOf(json, json.length * 55 / 100),
        Map.of()));

    // A C string cut mid-character by a fixed-size buffer: E6 97 starts a 3-byte sequence.
    s = SampleCorpusGenerator.sample(kit, bug.get("racer-segv-render-queue"));
    ((ArrayNode) s.event().path("breadcrumbs").path("values")).add(obj(
        "timestamp", SamplePopulation.timestamp(s.ctx().app(), s.ctx().time().minusSeconds(1)),
        "type", "default", "category", "game", "level", "info",
        "message", "Loaded track 'Shinjuku @@'"));
    out.add(Line.of(INVALID_UTF8, publish(kit, s),
        replace(SampleKit.bytes(s.event()), "@@", new byte[] {(byte) 0xE6, (byte) 0x97}),
        Map.of()));

    // A gzip stream whose first deflate block has the reserved block type 3.
    s = SampleCorpusGenerator.sample(kit, bug.get("arena-nre-player-update"));
    byte[] gz = SampleKit.gzip(SampleKit.bytes(s.event()));
    gz[10] = 0x07;
    out.add(Line.of(BAD_GZIP, publish(kit, s), gz, Map.of()));

    s = SampleCorpusGenerator.sample(kit, bug.get("racer-abort-physics"));
    s.event().set("extra", obj("blob", "A".repeat(BOMB_BYTES)));
    out.add(Line.of(GZIP_BOMB, publish(kit, s), SampleKit.gzip(SampleKit.bytes(s.event())),
        Map.of()));

    s = SampleCorpusGenerator.sample(kit, bug.get("arena-argument-inventory"));
    s.event().remove("event_id");
    out.add(Line.of(MISSING_FIELD, publish(kit, s), SampleKit.bytes(s.event()), Map.of()));

    s = SampleCorpusGenerator.sample(kit, bug.get("puzzle-oom-bitmap"));
    s.event().remove("platform");
    out.add(Line.of(MISSING_FIELD, publish(kit, s), SampleKit.bytes(s.event()), Map.of()));

    s = SampleCorpusGenerator.sample(kit, bug.get("tower-range-leaderboard"));
    s.event().put("event_id", "evt-" + kit.hex(28));
    out.add(Line.of(INVALID_EVENT_ID, publish(kit, s),
        SampleKit.gzip(SampleKit.bytes(s.event())), Map.of()));

    // A hand-rolled client that sends the exception as its printed form.
    s = SampleCorpusGenerator.sample(kit, bug.get("puzzle-ise-level-load"));
    s.event().put("exception", "java.lang.IllegalStateException: Failed to load level 17");
    out.add(Line.of(WRONG_TYPE, publish(kit, s), SampleKit.bytes(s.event()), Map.of()));

    s = SampleCorpusGenerator.sample(kit, bug.get("racer-segv-render-queue"));
    s.event().setAll(NativeSamples.racerStackOverflow(s.ctx(), TOO_MANY_FRAMES_DEPTH));
    out.add(Line.of(TOO_MANY_FRAMES, publish(kit, s), SampleKit.gzip(SampleKit.bytes(s.event())),
        Map.of()));

    // A device clock set years ahead: out of range whenever the corpus is replayed, also by the
    // streaming tests that publish it again today (their receive time is now, not 2026-11).
    s = SampleCorpusGenerator.sample(kit, bug.get("tower-bad-access-enemy-wave"));
    Instant published = publish(kit, s);
    s.event().put("timestamp",
        SampleKit.unixSeconds(published.plus(Duration.ofDays(20L * 365))));
    out.add(Line.of(TIMESTAMP_OUT_OF_RANGE, published,
        SampleKit.gzip(SampleKit.bytes(s.event())), Map.of()));

    // A payload mangled on the way: not base64.
    out.add(new Line(BAD_ENVELOPE, SamplePopulation.pickTime(kit),
        "eyJldmVudF9pZCI6ImQ0ZjY!!<truncated by proxy>##", Map.of(), null));

    // A proxy's error page written where a message should be: not an envelope, so a bare
    // payload that is not JSON.
    out.add(new Line(MALFORMED_JSON, null, null, null, "<html><head><title>502 Bad Gateway"
        + "</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx"
        + "</center></body></html>"));
    return out;
  }

  private static Instant publish(SampleKit kit, Sample s) {
    return SampleCorpusGenerator.publishAfter(kit, s.ctx().time(), false);
  }

  private static byte[] replace(byte[] haystack, String needle, byte[] with) {
    String text = new String(haystack, StandardCharsets.ISO_8859_1);
    int at = text.indexOf(needle);
    byte[] out = new byte[haystack.length - needle.length() + with.length];
    System.arraycopy(haystack, 0, out, 0, at);
    System.arraycopy(with, 0, out, at, with.length);
    System.arraycopy(haystack, at + needle.length(), out, at + with.length,
        haystack.length - at - needle.length());
    return out;
  }
}
