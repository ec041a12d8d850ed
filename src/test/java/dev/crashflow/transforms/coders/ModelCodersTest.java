package dev.crashflow.transforms.coders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashflow.decode.DecodeException;
import dev.crashflow.decode.DecodeLimits;
import dev.crashflow.decode.Decoded;
import dev.crashflow.decode.EventDecoder;
import dev.crashflow.decode.Envelopes;
import dev.crashflow.grouping.Fingerprinter;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.Frame;
import dev.crashflow.model.Grouping;
import dev.crashflow.model.RawMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/**
 * The compact coders give back equal records for every event of the bundled sample corpus (all
 * SDKs, sessions aside), with grouping and raw message attached, and for records full of nulls.
 */
class ModelCodersTest {
  static List<CrashEvent> sampleEvents() throws IOException {
    List<CrashEvent> out = new ArrayList<>();
    EventDecoder decoder = new EventDecoder(DecodeLimits.defaults());
    Fingerprinter fingerprinter = new Fingerprinter();
    try (InputStream in = ModelCodersTest.class.getClassLoader()
        .getResourceAsStream("samples/sample-events.jsonl")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        try {
          RawMessage m = Envelopes.parseLine(line);
          Decoded d = decoder.decode(m, m.publishTimeMillis() == null ? 0 : m.publishTimeMillis());
          if (d.event() != null) {
            out.add(d.event().withGrouping(fingerprinter.group(d.event())));
          }
        } catch (DecodeException | RuntimeException e) {
          // bad lines of the corpus: not events
        }
      }
    }
    return out;
  }

  @Test
  void everySampleEventComesBackEqualAndSmallerThanJavaSerialization() throws Exception {
    List<CrashEvent> events = sampleEvents();
    assertTrue(events.size() > 300, "sample events decoded: " + events.size());
    long compact = 0;
    long java = 0;
    for (CrashEvent e : events) {
      CoderProperties.coderDecodeEncodeEqual(CrashEventCoder.of(), e);
      CoderProperties.coderDecodeEncodeEqual(CrashEventCoder.of(), e.withoutRaw());
      compact += CoderUtils.encodeToByteArray(CrashEventCoder.of(), e.withoutRaw()).length;
      java += CoderUtils.encodeToByteArray(SerializableCoder.of(CrashEvent.class), e.withoutRaw()).length;
    }
    assertTrue(compact * 2 < java, "compact " + compact + " bytes vs Java serialization " + java);
  }

  @Test
  void nullsEverywhereComeBackAsNulls() throws Exception {
    CrashEvent empty = new CrashEvent(null, 0, -1, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null, null, null, 0, null,
        null, new Grouping(null, null, null, null, null, null,
            new Frame(null, null, null, null, null, null, null, null, null, null, null, null, null, null),
            null, null), null);
    CoderProperties.coderDecodeEncodeEqual(CrashEventCoder.of(), empty);
    RawMessage raw = new RawMessage(new byte[] {0, -1, 10}, Map.of("app_id", "a", "k", ""),
        null, -5L);
    CoderProperties.coderDecodeEncodeEqual(RawMessageCoder.of(), raw);
    CoderProperties.coderDecodeEncodeEqual(RawMessageCoder.of(), RawMessage.of(new byte[0]));
    CoderProperties.coderSerializable(CrashEventCoder.of());
  }

  @Test
  void aRecordInAnotherFormatFailsLoudly() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(99);
    Coder<CrashEvent> coder = CrashEventCoder.of();
    Exception e = assertThrows(Exception.class,
        () -> CoderUtils.decodeFromByteArray(coder, out.toByteArray()));
    Throwable cause = e.getCause() == null ? e : e.getCause();
    assertTrue(cause.getMessage().contains("format 99"), cause.getMessage());
    assertEquals(CrashEventCoder.of(), CrashEventCoder.of());
  }
}
