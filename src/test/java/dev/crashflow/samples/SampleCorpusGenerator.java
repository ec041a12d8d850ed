package dev.crashflow.samples;

import static dev.crashflow.samples.SampleKit.obj;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crashflow.samples.SamplePopulation.App;
import dev.crashflow.samples.SamplePopulation.Bug;
import dev.crashflow.samples.SamplePopulation.Ctx;
import dev.crashflow.samples.SamplePopulation.Release;
import dev.crashflow.samples.SamplePopulation.User;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes the bundled sample corpus that {@code crashflow run} processes without arguments:
 * newline-delimited envelopes ({@code payload} base64, {@code attributes}, {@code message_id},
 * {@code publish_time}) holding Sentry-model crash events of four apps, release-health
 * sessions, re-published duplicates and one bad message of each kind. Deterministic per seed.
 *
 * <p>Regenerate the committed resource (see docs/samples.md):
 * {@code java -cp <test classpath> dev.crashflow.samples.SampleCorpusGenerator
 * pipelines/resources/samples/sample-events.jsonl 20261120}.
 */
public final class SampleCorpusGenerator {
  public static final long DEFAULT_SEED = 20261120L;
  /** Classpath name of the committed corpus. */
  public static final String RESOURCE = "samples/sample-events.jsonl";
  /** Where the committed corpus lives in the source tree. */
  public static final String SOURCE_PATH = "pipelines/resources/" + RESOURCE;

  static final String EVENT = "event";
  static final String SESSION = "session";
  static final String DUPLICATE = "duplicate";

  /**
   * One output line. {@code kind} is {@code event}, {@code session}, {@code duplicate} or the
   * dead-letter reason of a bad line; {@code rawLine} replaces the envelope when set.
   */
  record Line(String kind, Instant publish, String payload, Map<String, String> attributes,
      String rawLine) {
    static Line of(String kind, Instant publish, byte[] payload, Map<String, String> attrs) {
      return new Line(kind, publish, Base64.getEncoder().encodeToString(payload), attrs, null);
    }
  }

  /** A generated event before encoding. */
  record Sample(Ctx ctx, ObjectNode event) {}

  /** The corpus bytes and, line by line, what each line is. */
  record Corpus(byte[] bytes, List<String> kinds) {}

  private SampleCorpusGenerator() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : SOURCE_PATH);
    long seed = args.length > 1 ? Long.parseLong(args[1]) : DEFAULT_SEED;
    Corpus corpus = generate(seed);
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Files.write(out, corpus.bytes());
    System.out.println("wrote " + corpus.kinds().size() + " lines to " + out);
  }

  public static byte[] generateBytes(long seed) {
    return generate(seed).bytes();
  }

  static Corpus generate(long seed) {
    SampleKit kit = new SampleKit(seed);
    App puzzle = JvmSamples.puzzle(kit);
    App racer = NativeSamples.racer(kit);
    App tower = NativeSamples.tower(kit);
    App arena = JvmSamples.arena(kit);
    List<Bug> bugs = Stream.of(JvmSamples.puzzleBugs(puzzle), NativeSamples.racerBugs(racer),
        NativeSamples.towerBugs(tower), JvmSamples.arenaBugs(arena))
        .flatMap(List::stream).toList();

    List<Sample> samples = new ArrayList<>();
    for (Bug bug : bugs) {
      for (int i = 0; i < bug.count(); i++) {
        samples.add(sample(kit, bug));
      }
    }
    List<Line> lines = new ArrayList<>();
    List<Line> eventLines = new ArrayList<>();
    for (Sample s : samples) {
      Line line = encode(kit, s);
      lines.add(line);
      eventLines.add(line);
    }
    for (App app : List.of(puzzle, racer, tower, arena)) {
      lines.addAll(sessions(kit, app, samples));
    }
    lines.addAll(duplicates(kit, eventLines, samples));
    lines.addAll(BadSamples.lines(kit, bugs));
    return render(kit, lines);
  }

  /** One event of {@code bug}: a time, then a release live at that time, then a user. */
  static Sample sample(SampleKit kit, Bug bug) {
    App app = bug.app();
    Instant t;
    Release r;
    do {
      t = SamplePopulation.pickTime(kit);
      r = SamplePopulation.pickRelease(kit, app, t, bug.versions());
    } while (r == null);
    User u;
    do {
      u = SamplePopulation.pickUser(kit, app);
    } while (!bug.who().test(u));
    Ctx c = new Ctx(kit, app, u, r, t);
    ObjectNode event = SamplePopulation.baseEvent(c, "error");
    event.setAll(bug.body().apply(c));
    return new Sample(c, event);
  }

  /**
   * The envelope of a good event. Native SDKs' payloads arrive gzip-compressed, the others
   * about half the time; a quarter carry the {@code app_id} attribute an edge gateway adds.
   */
  private static Line encode(SampleKit kit, Sample s) {
    App app = s.ctx().app();
    boolean nativeSdk = "native".equals(app.sdkPlatform()) || "cocoa".equals(app.sdkPlatform());
    byte[] json = SampleKit.bytes(s.event());
    byte[] payload = nativeSdk || kit.chance(0.5) ? SampleKit.gzip(json) : json;
    Map<String, String> attrs = kit.chance(0.25) ? Map.of("app_id", app.id()) : Map.of();
    return Line.of(EVENT, publishAfter(kit, s.ctx().time(), nativeSdk), payload, attrs);
  }

  /**
   * Publish time follows event time: seconds for managed SDKs that send at once, up to a quarter
   * hour for native crashes, which are sent on the next launch.
   */
  static Instant publishAfter(SampleKit kit, Instant eventTime, boolean nextLaunch) {
    int seconds = nextLaunch ? kit.between(20, 900) : kit.between(1, 90);
    return eventTime.plusMillis(seconds * 1000L + kit.between(0, 999));
  }

  /**
   * Ten release-health sessions per app, each a single update with {@code init: true}: six
   * exited, two crashed, one abnormal and one still running. A crashed session belongs to a
   * fatal event's user, release and time; Unity's C# exceptions are not fatal, so the arena's
   * crashed sessions stand for engine crashes the corpus holds no event for.
   */
  private static List<Line> sessions(SampleKit kit, App app, List<Sample> samples) {
    List<Sample> fatal = samples.stream().filter(s -> s.ctx().app() == app)
        .filter(s -> "fatal".equals(s.event().path("level").asText())).toList();
    List<Line> out = new ArrayList<>();
    for (String status : List.of("exited", "exited", "crashed", "exited", "abnormal", "exited",
        "ok", "exited", "crashed", "exited")) {
      User u;
      Release r;
      Instant t;
      if ("crashed".equals(status) && !fatal.isEmpty()) {
        Ctx crash = kit.pick(fatal).ctx();
        u = crash.user();
        r = crash.release();
        t = crash.time().plusSeconds(kit.between(1, 5));
      } else {
        do {
          t = SamplePopulation.pickTime(kit);
          r = SamplePopulation.pickRelease(kit, app, t, List.of());
        } while (r == null);
        u = SamplePopulation.pickUser(kit, app);
      }
      Instant started = t.minusSeconds(kit.between(45, 2400));
      boolean running = "ok".equals(status);
      int errors = "crashed".equals(status) ? 1 : "exited".equals(status) && kit.chance(0.15)
          ? 1 : 0;
      BigDecimal duration = running ? null
          : BigDecimal.valueOf(t.toEpochMilli() - started.toEpochMilli(), 3);
      ObjectNode session = obj("sid", kit.uuid(), "did", u.userId(), "init", true,
          "started", SampleKit.isoMillis(started), "timestamp", SampleKit.isoMillis(t),
          "status", status, "errors", errors, "duration", duration,
          "attrs", obj("release", app.release(r), "environment", "production"));
      byte[] json = SampleKit.bytes(session);
      Map<String, String> attrs = new LinkedHashMap<>();
      attrs.put("item_type", "session");
      attrs.put("platform", u.ios() ? "IOS" : "ANDROID");
      out.add(Line.of(SESSION, t.plusSeconds(kit.between(1, 60)),
          kit.chance(0.3) ? SampleKit.gzip(json) : json, attrs));
    }
    return out;
  }

  /** The same payload published again (client retry, redelivery): new message id, later. */
  private static List<Line> duplicates(SampleKit kit, List<Line> events, List<Sample> samples) {
    Set<Integer> chosen = new LinkedHashSet<>();
    while (chosen.size() < SampleCorpusFacts.DUPLICATES) {
      int i = kit.rng.nextInt(events.size());
      if (samples.get(i).event().path("exception").path("values").path(0).path("stacktrace")
          .path("frames").size() <= 250) {
        chosen.add(i);
      }
    }
    List<Line> out = new ArrayList<>();
    for (int i : chosen) {
      Line original = events.get(i);
      out.add(new Line(DUPLICATE, original.publish().plusSeconds(kit.between(1, 300)),
          original.payload(), original.attributes(), null));
    }
    return out;
  }

  /**
   * Orders lines by publish time as an archive would, puts the raw garbage line among them,
   * and numbers message ids upwards like Pub/Sub does.
   */
  private static Corpus render(SampleKit kit, List<Line> lines) {
    List<Line> enveloped = new ArrayList<>(lines.stream().filter(l -> l.rawLine() == null)
        .sorted(Comparator.comparing(Line::publish)).toList());
    List<Line> raw = lines.stream().filter(l -> l.rawLine() != null).toList();
    for (Line l : raw) {
      enveloped.add(kit.between(enveloped.size() / 3, enveloped.size() * 2 / 3), l);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> kinds = new ArrayList<>();
    long messageId = 17_834_520_193_847_000L;
    for (Line l : enveloped) {
      String text;
      if (l.rawLine() != null) {
        text = l.rawLine();
      } else {
        messageId += kit.between(1, 40_000);
        ObjectNode attrs = obj();
        l.attributes().forEach(attrs::put);
        text = new String(SampleKit.bytes(obj("payload", l.payload(), "attributes", attrs,
            "message_id", Long.toString(messageId),
            "publish_time", SampleKit.isoMillis(l.publish()))), StandardCharsets.UTF_8);
      }
      out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
      out.write('\n');
      kinds.add(l.kind());
    }
    return new Corpus(out.toByteArray(), kinds);
  }
}
