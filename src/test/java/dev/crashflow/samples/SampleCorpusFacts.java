package dev.crashflow.samples;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the committed sample corpus ({@value #RESOURCE}, seed {@value #SEED}) contains, for
 * tests that run the pipeline on it. Conservation: {@code TOTAL_LINES = GOOD_EVENTS + SESSIONS +
 * DUPLICATES + BAD_LINES}, i.e. lines in = events written + sessions written + dead letters +
 * duplicates dropped. {@code SampleCorpusTest} checks every number here against the file.
 */
public final class SampleCorpusFacts {
  public static final String RESOURCE = SampleCorpusGenerator.RESOURCE;
  public static final long SEED = SampleCorpusGenerator.DEFAULT_SEED;

  /** Distinct crash events (unique event ids) that must reach crash_events. */
  public static final int GOOD_EVENTS = 371;
  /** Release-health session updates (attribute item_type=session), one per session. */
  public static final int SESSIONS = 40;
  /** Re-published copies of good events: same payload and event id, new message id. */
  public static final int DUPLICATES = 15;
  /** Lines the decoder must dead-letter, one per kind below (two missing_field, two envelope). */
  public static final int BAD_LINES = 12;
  public static final int TOTAL_LINES = GOOD_EVENTS + SESSIONS + DUPLICATES + BAD_LINES;

  // Dead-letter reason codes the decoder reports.
  public static final String MALFORMED_JSON = "malformed_json";
  public static final String INVALID_UTF8 = "invalid_utf8";
  public static final String BAD_GZIP = "bad_gzip";
  public static final String GZIP_BOMB = "gzip_bomb";
  public static final String MISSING_FIELD = "missing_field";
  public static final String INVALID_EVENT_ID = "invalid_event_id";
  public static final String WRONG_TYPE = "wrong_type";
  public static final String TOO_MANY_FRAMES = "too_many_frames";
  public static final String TIMESTAMP_OUT_OF_RANGE = "timestamp_out_of_range";
  public static final String BAD_ENVELOPE = "bad_envelope";

  /** Expected dead letters per reason code. */
  public static final Map<String, Integer> DEAD_LETTERS_BY_REASON = sorted(
      MALFORMED_JSON, 2, INVALID_UTF8, 1, BAD_GZIP, 1, GZIP_BOMB, 1, MISSING_FIELD, 2,
      INVALID_EVENT_ID, 1, WRONG_TYPE, 1, TOO_MANY_FRAMES, 1, TIMESTAMP_OUT_OF_RANGE, 1,
      BAD_ENVELOPE, 1);

  /** Each bad line by its 1-based line number in the file, with its reason code. */
  public static final Map<Integer, String> BAD_LINE_REASONS = sorted(
      43, GZIP_BOMB, 112, BAD_ENVELOPE, 145, MISSING_FIELD, 175, TOO_MANY_FRAMES, 200, WRONG_TYPE,
      220, MALFORMED_JSON, 222, MALFORMED_JSON, 225, INVALID_EVENT_ID, 291, INVALID_UTF8,
      300, BAD_GZIP, 407, TIMESTAMP_OUT_OF_RANGE, 421, MISSING_FIELD);

  /** Good events per app id. */
  public static final Map<String, Integer> EVENTS_BY_APP = sorted(
      "com.example.puzzle", 123, "com.example.racer", 84, "com.example.tower", 72,
      "com.example.arena", 92);

  /** Good events per Sentry {@code platform} as sent. */
  public static final Map<String, Integer> EVENTS_BY_SDK_PLATFORM = sorted(
      "java", 123, "native", 84, "cocoa", 72, "csharp", 92);

  /** Good events per OS family ({@code contexts.os.name} normalised: ANDROID, IOS). */
  public static final Map<String, Integer> EVENTS_BY_OS = sorted("ANDROID", 265, "IOS", 106);

  /** Good events per release ({@code pkg@version+build}). */
  public static final Map<String, Integer> EVENTS_BY_RELEASE = sorted(
      "com.example.arena@5.2.0+520", 23, "com.example.arena@5.2.1+521", 42,
      "com.example.arena@5.3.0+530", 27, "com.example.puzzle@2.3.0+230", 27,
      "com.example.puzzle@2.3.1+231", 66, "com.example.puzzle@2.4.0+240", 30,
      "com.example.racer@1.8.2+1082", 20, "com.example.racer@1.8.3+1083", 41,
      "com.example.racer@1.9.0+1090", 23, "com.example.tower@3.1.0+310", 17,
      "com.example.tower@3.1.1+315", 43, "com.example.tower@3.2.0+320", 12);

  /** Session updates per status. */
  public static final Map<String, Integer> SESSIONS_BY_STATUS = sorted(
      "exited", 24, "crashed", 8, "abnormal", 4, "ok", 4);

  /** Good events whose stack trace is over Sentry's 250-frame limit (trimmed, not rejected). */
  public static final int EVENTS_OVER_250_FRAMES = 1;
  /** Frames in that event's trace. */
  public static final int LONGEST_VALID_TRACE = JvmSamples.LONG_TRACE_FRAMES;

  private SampleCorpusFacts() {}

  @SuppressWarnings("unchecked")
  private static <K, V> Map<K, V> sorted(Object... kv) {
    Map<K, V> m = new TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((K) kv[i], (V) kv[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(m);
  }
}
