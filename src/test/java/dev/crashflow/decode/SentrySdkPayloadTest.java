package dev.crashflow.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.CrashException;
import dev.crashflow.model.CrashThread;
import dev.crashflow.model.Frame;
import dev.crashflow.model.RawMessage;
import dev.crashflow.model.SessionUpdate;
import io.sentry.Breadcrumb;
import io.sentry.Hint;
import io.sentry.Sentry;
import io.sentry.SentryEnvelope;
import io.sentry.SentryEnvelopeItem;
import io.sentry.protocol.SentryId;
import io.sentry.protocol.User;
import io.sentry.transport.ITransport;
import io.sentry.transport.RateLimiter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real payloads from the Sentry Java SDK (8.x): real thrown exceptions captured through the
 * SDK's own pipeline and serializer, taken byte for byte from a custom transport, then decoded.
 */
class SentrySdkPayloadTest {
  /** Envelope items the SDK sent: item type ("event", "session") and the exact bytes. */
  private static final List<Map.Entry<String, byte[]>> SENT =
      Collections.synchronizedList(new ArrayList<>());

  private final EventDecoder decoder = new EventDecoder(DecodeLimits.defaults());

  @BeforeAll
  static void initSentry() {
    Sentry.init(o -> {
      o.setDsn("https://public@sentry.invalid/1"); // never contacted: the transport is ours
      o.setRelease("com.example.game@1.2.3+45");
      o.setEnvironment("qa");
      o.addInAppInclude("dev.crashflow");
      o.setAttachThreads(true);
      o.setTransportFactory((options, request) -> new CapturingTransport());
    });
  }

  @AfterAll
  static void closeSentry() {
    Sentry.close();
  }

  @BeforeEach
  void clear() {
    SENT.clear();
  }

  private List<byte[]> sent(String itemType) {
    List<byte[]> out = new ArrayList<>();
    synchronized (SENT) {
      SENT.stream().filter(e -> e.getKey().equals(itemType)).forEach(e -> out.add(e.getValue()));
    }
    return out;
  }

  @Test
  void chainedExceptionFromTheJavaSdkDecodesWithCauseFirstAndRealFrames() throws Exception {
    Sentry.setTag("level_name", "forest-2");
    User user = new User();
    user.setId("player-1");
    user.setEmail("player@example.com");
    user.setIpAddress("198.51.100.23");
    Sentry.setUser(user);
    Breadcrumb crumb = new Breadcrumb();
    crumb.setCategory("net");
    crumb.setMessage("connect 198.51.100.9 refused");
    crumb.setData("attempt", 2);
    Sentry.addBreadcrumb(crumb);

    RuntimeException thrown = null;
    try {
      loadLevel("forest-2");
    } catch (RuntimeException e) {
      thrown = e;
    }
    assertNotNull(thrown);
    SentryId id = Sentry.captureException(thrown);
    Sentry.flush(2000);

    List<byte[]> events = sent("event");
    assertEquals(1, events.size());
    long now = System.currentTimeMillis();
    CrashEvent e = decoder.decode(RawMessage.of(events.get(0)), now).event();

    assertEquals(id.toString(), e.eventId());
    assertTrue(Math.abs(now - e.timestampMillis()) < 60_000, "event time is the capture time");
    assertEquals("java", e.sdkPlatform());
    assertEquals("sentry.java", e.sdkName());
    assertEquals("com.example.game", e.app().appId());
    assertEquals("1.2.3", e.app().version());
    assertEquals("45", e.app().build());
    assertEquals("qa", e.environment());
    assertEquals("forest-2", e.tags().get("level_name"));
    assertEquals("player-1", e.user().id());
    assertNull(e.user().email(), "scrubbed");
    assertNull(e.user().ipAddress(), "scrubbed");
    var crumbSent = e.breadcrumbs().get(e.breadcrumbs().size() - 1);
    assertEquals("connect [ip] refused", crumbSent.message());
    assertEquals("2", crumbSent.data().get("attempt"));
    assertNotNull(crumbSent.timestampMillis());

    // Oldest first: the root cause, then each wrapper out to the one thrown.
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      chain.add(0, t);
    }
    assertEquals(List.of("NumberFormatException", "IllegalArgumentException", "IllegalStateException"),
        e.exceptions().stream().map(CrashException::type).toList());
    assertEquals(chain.size(), e.exceptions().size());
    for (int i = 0; i < chain.size(); i++) {
      Throwable t = chain.get(i);
      CrashException x = e.exceptions().get(i);
      assertEquals(t.getClass().getPackageName(), x.module());
      assertEquals(t.getMessage(), x.value());
      assertEquals(expectedFrames(t), x.frames().stream().map(SentrySdkPayloadTest::describe)
          .toList(), "frames of " + x.type());
      Frame crash = x.frames().get(x.frames().size() - 1);
      assertEquals(t.getStackTrace()[0].getMethodName(), crash.function(), "last frame threw");
    }
    CrashException outer = e.exceptions().get(2);
    Frame thrower = outer.frames().get(outer.frames().size() - 1);
    assertEquals(new Frame("loadLevel", null, SentrySdkPayloadTest.class.getName(),
        "SentrySdkPayloadTest.java", null, thrown.getStackTrace()[0].getLineNumber(), null, true,
        null, null, null, null, null, null), thrower);
    // The SDK links the chain: the outermost is exception 0, each cause points at its wrapper.
    for (int i = 0; i < chain.size(); i++) {
      var m = e.exceptions().get(i).mechanism();
      assertEquals(chain.size() - 1 - i, m.exceptionId());
      assertEquals(i == chain.size() - 1 ? null : chain.size() - 2 - i, m.parentId());
    }

    CrashThread current = e.threads().stream().filter(CrashThread::crashed).findFirst()
        .orElseThrow();
    assertEquals(Thread.currentThread().getName(), current.name());
    assertEquals(Thread.currentThread().getId(), current.id());
  }

  @Test
  void sessionUpdatesFromTheJavaSdkDecode() throws Exception {
    Sentry.startSession();
    Sentry.captureException(new IllegalStateException("counted in the session"));
    Sentry.endSession();
    Sentry.flush(2000);

    List<byte[]> sessions = sent("session");
    assertTrue(sessions.size() >= 2, "start and end updates, got " + sessions.size());
    long now = System.currentTimeMillis();
    List<SessionUpdate> decoded = new ArrayList<>();
    for (byte[] s : sessions) {
      // With the attribute, and without it (recognised by sid and no event_id).
      RawMessage tagged = new RawMessage(s, Map.of("item_type", "session"), null, null);
      SessionUpdate a = decoder.decode(tagged, now).session();
      SessionUpdate b = decoder.decode(RawMessage.of(s), now).session();
      assertEquals(a.withoutRaw(), b.withoutRaw());
      decoded.add(a);
    }
    SessionUpdate first = decoded.get(0);
    SessionUpdate last = decoded.get(decoded.size() - 1);
    assertTrue(first.init());
    assertEquals("ok", first.status());
    assertEquals("exited", last.status());
    assertEquals(1, last.errors());
    assertEquals(first.sessionId(), last.sessionId());
    assertEquals("com.example.game", last.app().appId());
    assertEquals("qa", last.environment());
    assertNotNull(last.durationSeconds());
    assertTrue(last.timestampMillis() >= last.startedMillis());
  }

  /** The frames Sentry should send for {@code t}: caller first, {@code module.function:line}. */
  private static List<String> expectedFrames(Throwable t) {
    List<StackTraceElement> frames = new ArrayList<>(Arrays.asList(t.getStackTrace()));
    Collections.reverse(frames);
    return frames.stream()
        .map(f -> f.getClassName() + "." + f.getMethodName() + ":"
            + (f.getLineNumber() >= 0 ? f.getLineNumber() : null) + ":"
            + f.getClassName().startsWith("dev.crashflow"))
        .toList();
  }

  private static String describe(Frame f) {
    return f.module() + "." + f.function() + ":" + f.lineno() + ":" + f.isInApp();
  }

  private static void loadLevel(String name) {
    try {
      parseLevel(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("cannot load level " + name, e);
    }
  }

  private static void parseLevel(String name) {
    try {
      Integer.parseInt(name);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad level id", e);
    }
  }

  /** Hands every envelope item to {@link #SENT} instead of the network. */
  private static final class CapturingTransport implements ITransport {
    @Override
    public void send(SentryEnvelope envelope, Hint hint) {
      for (SentryEnvelopeItem item : envelope.getItems()) {
        try {
          SENT.add(Map.entry(item.getHeader().getType().getItemType(), item.getData()));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }

    @Override
    public void flush(long timeoutMillis) {}

    @Override
    public RateLimiter getRateLimiter() {
      return null;
    }

    @Override
    public void close(boolean isRestarting) {}

    @Override
    public void close() {}
  }
}
