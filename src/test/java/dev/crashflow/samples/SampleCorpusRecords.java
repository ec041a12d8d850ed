package dev.crashflow.samples;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The good events and the sessions of the committed sample corpus, read straight from the file
 * with the test oracle {@link SampleLineClassifier} (not with the pipeline's decoder), so tests
 * can compute expected answers of queries independently of the pipeline and of the SQL.
 */
public final class SampleCorpusRecords {

  /** One decoded record: the Sentry JSON as sent, and its event time. */
  public record Record(JsonNode json, Instant time) {}

  private static List<Record> events;
  private static List<Record> sessions;

  private SampleCorpusRecords() {}

  /** Unique crash events (first copy of each event id), in file order. */
  public static synchronized List<Record> events() {
    load();
    return events;
  }

  /** Session updates, in file order. */
  public static synchronized List<Record> sessions() {
    load();
    return sessions;
  }

  private static void load() {
    if (events != null) {
      return;
    }
    List<Record> e = new ArrayList<>();
    List<Record> s = new ArrayList<>();
    SampleLineClassifier classifier = new SampleLineClassifier();
    try (InputStream in = SampleCorpusRecords.class.getClassLoader()
        .getResourceAsStream(SampleCorpusFacts.RESOURCE)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        SampleLineClassifier.Verdict v = classifier.classify(line);
        if (v.kind().equals(SampleCorpusGenerator.EVENT)) {
          e.add(new Record(v.event(), v.eventTime()));
        } else if (v.kind().equals(SampleCorpusGenerator.SESSION)) {
          s.add(new Record(v.event(), v.eventTime()));
        }
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    if (e.size() != SampleCorpusFacts.GOOD_EVENTS || s.size() != SampleCorpusFacts.SESSIONS) {
      throw new IllegalStateException("corpus reader found " + e.size() + " events and "
          + s.size() + " sessions");
    }
    events = List.copyOf(e);
    sessions = List.copyOf(s);
  }
}
