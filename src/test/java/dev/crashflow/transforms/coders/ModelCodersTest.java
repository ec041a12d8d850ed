package dev.crashflow.transforms.coders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashflow.decode.DecodeException;
import dev.crashflow.decode.DecodeLimits;
import dev.crashflow.decode.Decoded;
import dev.crashflow.decode.EventDecoder;
import dev.crashflow.decode.Envelopes;
import dev.crashflow.decode.Fixtures;
import dev.crashflow.grouping.Fingerprinter;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.Frame;
import dev.crashflow.model.Grouping;
import dev.crashflow.model.RawMessage;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
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

  /** A native stack of {@code n} frames in one library (or each in its own, with {@code apart}). */
  private static CrashEvent nativeStack(int n, boolean apart) {
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String lib = "/data/app/~~r4nd0m==/com.example.racer-AbC==/lib/arm64/libgame" + (apart ? i % 10 : 0)
          + ".so";
      frames.add(new Frame("Game::step" + i + "(float)", null, null, null, null, null, null, null,
          new String(lib.toCharArray()), "native", "0x7a1000" + (1000 + i), null, "0x7a10000000", "abs"));
    }
    frames.add(1, null);
    CrashEvent e = sampleEvent();
    return e.withStacks(List.of(new dev.crashflow.model.CrashException("SIGSEGV", null, null,
        null, null, frames, 0)), e.threads(), e.symbolicationStatus(), e.missingDebugIds());
  }

  private static CrashEvent sampleEvent() {
    try {
      return sampleEvents().get(0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void framesOfOneLibraryShareItsStringsAndWriteThemOnce() throws Exception {
    CrashEvent shared = nativeStack(40, false);
    CoderProperties.coderDecodeEncodeEqual(CrashEventCoder.of(), shared);
    byte[] once = CoderUtils.encodeToByteArray(CrashEventCoder.of(), shared);
    byte[] every = CoderUtils.encodeToByteArray(CrashEventCoder.of(), nativeStack(40, true));
    // 39 of 40 packages (67 bytes each) are not written again (image and platform repeat in both)
    assertTrue(every.length - once.length >= 39 * 67, once.length + " vs " + every.length);
    List<Frame> back = CoderUtils.decodeFromByteArray(CrashEventCoder.of(), once).exceptions().get(0)
        .frames();
    assertEquals(null, back.get(1), "a null frame stays null and breaks no run");
    assertTrue(back.get(0).pkg() == back.get(2).pkg() && back.get(2).pkg() == back.get(40).pkg(),
        "decoded frames share one package string");
    assertTrue(back.get(2).function() != back.get(3).function());
  }

  @Test
  void aFrameRepeatingAFrameThatIsNotThereFailsLoudly() throws Exception {
    byte[] good = CoderUtils.encodeToByteArray(CrashEventCoder.of(), nativeStack(2, false));
    // the first frame's byte says "present" only; make it claim its package repeats
    byte[] marker = "Game::step0(float)".getBytes(StandardCharsets.UTF_8);
    int at = indexOf(good, marker) - 2; // the mask, then the function's length
    assertEquals((byte) 0x80, good[at]);
    good[at] = (byte) 0x81;
    Exception e = assertThrows(Exception.class,
        () -> CoderUtils.decodeFromByteArray(CrashEventCoder.of(), good));
    Throwable cause = e.getCause() == null ? e : e.getCause();
    assertTrue(String.valueOf(cause.getMessage()).contains("repeats fields of a frame before it"),
        String.valueOf(cause.getMessage()));
  }

  private static int indexOf(byte[] in, byte[] what) {
    outer:
    for (int i = 0; i + what.length <= in.length; i++) {
      for (int k = 0; k < what.length; k++) {
        if (in[i + k] != what[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void eventsWrittenByTheVersionBeforeInFormat3StillReadBack() throws Exception {
    // written by 09379b6's coder (format 3, each frame whole) from three fixture events, grouped
    DataInputStream in = new DataInputStream(ModelCodersTest.class.getClassLoader()
        .getResourceAsStream("coders/crash-events-format3.bin"));
    EventDecoder decoder = new EventDecoder(DecodeLimits.defaults());
    Fingerprinter fingerprinter = new Fingerprinter();
    for (String name : List.of("android-ndk.json", "ios-cocoa.json", "android-java.json")) {
      byte[] record = new byte[in.readInt()];
      in.readFully(record);
      assertEquals(3, record[0], name);
      CrashEvent expected = decoder.decode(Fixtures.message(name), Fixtures.RECEIVED).event();
      expected = expected.withGrouping(fingerprinter.group(expected)).withoutRaw();
      CrashEvent read = CoderUtils.decodeFromByteArray(CrashEventCoder.of(), record);
      assertEquals(expected, read.withoutRaw(), name);
      int frames = 0;
      for (dev.crashflow.model.CrashException x : read.exceptions()) {
        frames += x.frames().size();
      }
      for (dev.crashflow.model.CrashThread t : read.threads()) {
        frames += t.frames().size();
      }
      assertTrue(frames > 1, name + ": frames to read " + frames);
    }
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
