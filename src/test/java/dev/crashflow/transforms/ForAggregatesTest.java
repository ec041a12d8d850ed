package dev.crashflow.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashflow.decode.DecodeLimits;
import dev.crashflow.decode.EventDecoder;
import dev.crashflow.decode.Fixtures;
import dev.crashflow.grouping.Fingerprinter;
import dev.crashflow.issues.IssueEvent;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.DebugImage;
import dev.crashflow.model.SymbolicationStatus;
import dev.crashflow.rows.ErrorTypes;
import dev.crashflow.transforms.coders.CrashEventCoder;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/**
 * The pipeline hands the aggregates and issue tracking {@link CrashEvent#forAggregates()}, not the
 * whole event: on every fixture platform, with and without missing symbols, every dimension,
 * who-counter, missing-symbol key and issue event they derive is the same as from the whole
 * event, and the projection is a fraction of its size on the wire.
 */
class ForAggregatesTest {
  private static final String[] FIXTURES = {"android-java.json", "android-ndk.json", "ios-cocoa.json",
      "unity-csharp.json", "maximal-event.json", "alternate-forms-event.json"};

  @Test
  void aggregatesDeriveTheSameFromTheProjection() throws Exception {
    EventDecoder decoder = new EventDecoder(DecodeLimits.defaults());
    Fingerprinter fingerprinter = new Fingerprinter();
    long whole = 0;
    long projected = 0;
    List<String> kinds = new ArrayList<>();
    for (String name : FIXTURES) {
      CrashEvent decoded = decoder.decode(Fixtures.message(name), Fixtures.RECEIVED).event();
      List<DebugImage> images = new ArrayList<>(decoded.images() == null ? List.of() : decoded.images());
      images.add(new DebugImage("proguard", null, null, null, null, null, null, null,
          "A1B2C3D4-0000-4000-8000-00000000CAFE"));
      List<CrashEvent> variants = List.of(decoded,
          decoded.withStacks(decoded.exceptions(), decoded.threads(), SymbolicationStatus.MISSING_SYMBOLS,
              List.of("a1b2c3d4-0000-4000-8000-00000000cafe", "0123456789abcdef0123456789abcdef0")));
      for (CrashEvent v : variants) {
        CrashEvent e = withImages(v, images).withGrouping(fingerprinter.group(v));
        CrashEvent slim = e.forAggregates();
        String what = name + " " + e.symbolicationStatus();
        assertEquals(CountCrashesPerWindow.dimensions(e), CountCrashesPerWindow.dimensions(slim), what);
        assertEquals(CountCrashesPerWindow.rollupDimensions(e),
            CountCrashesPerWindow.rollupDimensions(slim), what);
        assertEquals(ErrorTypes.of(e), ErrorTypes.of(slim), what);
        assertEquals(IssueEvent.of(e), IssueEvent.of(slim), what);
        assertNotNull(IssueEvent.of(slim), what);
        assertEquals(e.user(), slim.user(), what);
        assertEquals(e.installationId(), slim.installationId(), what);
        assertEquals(e.timestampMillis(), slim.timestampMillis(), what);
        assertEquals(e.symbolicationStatus(), slim.symbolicationStatus(), what);
        assertEquals(e.missingDebugIds(), slim.missingDebugIds(), what);
        if (e.missingDebugIds() != null) {
          for (String key : e.missingDebugIds()) {
            assertEquals(MissingSymbols.kind(e, key), MissingSymbols.kind(slim, key), what + " " + key);
            kinds.add(MissingSymbols.kind(slim, key));
          }
        }
        assertNull(slim.raw(), what);
        assertTrue(slim.breadcrumbs().isEmpty() && slim.threads().isEmpty(), what);
        assertEquals(slim, CoderUtils.decodeFromByteArray(CrashEventCoder.of(),
            CoderUtils.encodeToByteArray(CrashEventCoder.of(), slim)), what);
        whole += CoderUtils.encodeToByteArray(CrashEventCoder.of(), e.withoutRaw()).length;
        projected += CoderUtils.encodeToByteArray(CrashEventCoder.of(), slim).length;
      }
    }
    assertEquals(FIXTURES.length, kinds.stream().filter("proguard"::equals).count());
    assertEquals(FIXTURES.length, kinds.stream().filter("breakpad"::equals).count());
    // these fixtures are small events, whose frames the coder already writes compactly (a
    // library's strings once per stack); the projection still leaves out 40% of them or more
    assertTrue(projected * 10 < whole * 6, "projection " + projected + " bytes, whole events " + whole);
  }

  private static CrashEvent withImages(CrashEvent e, List<DebugImage> images) {
    return new CrashEvent(e.eventId(), e.timestampMillis(), e.receivedMillis(), e.platform(),
        e.sdkPlatform(), e.level(), e.release(), e.dist(), e.environment(), e.app(), e.os(),
        e.device(), e.user(), e.engine(), e.installationId(), e.message(), e.tags(),
        e.sdkFingerprint(), e.exceptions(), e.threads(), images, e.breadcrumbs(), e.sdkName(),
        e.sdkVersion(), e.framesTrimmed(), e.symbolicationStatus(), e.missingDebugIds(),
        e.grouping(), e.raw());
  }
}
