package dev.crashflow.grouping.corpus;

import io.sentry.Hint;
import io.sentry.Sentry;
import io.sentry.SentryEnvelope;
import io.sentry.SentryEnvelopeItem;
import io.sentry.SentryLevel;
import io.sentry.hints.DiskFlushNotification;
import io.sentry.protocol.Device;
import io.sentry.protocol.OperatingSystem;
import io.sentry.transport.ITransport;
import io.sentry.transport.RateLimiter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The child-JVM side of {@link JvmCorpus}: runs the obfuscated sample shop's scenarios under the
 * real Sentry Java SDK and writes every event the SDK sends, byte for byte, to a file as {@code
 * <label>TAB<event json>} lines. Not a test; {@code main} runs in a JVM of its own whose classpath
 * is the obfuscated jar, the test classes and the Sentry jar.
 *
 * <p>Arguments: the output file, the Sentry release, the ProGuard mapping uuid (what the Sentry
 * Gradle plugin embeds) and a file of cases, one a line: {@code label mode thread device os
 * scenario arg}, tab-separated. Modes: {@code caught} (the app code catches, {@code
 * Sentry.captureException}), {@code uncaught} (the exception escapes its thread and the SDK's
 * uncaught-exception handler reports it), {@code pool} (the same, from the worker thread of a
 * real {@code ThreadPoolExecutor}), {@code log} (the app logs an error; the harness forwards
 * it as a message event, with no stack, as Sentry's logging integrations do). Exceptions are sent
 * with every thread attached ({@code attachThreads}), so thread names reach the events.
 */
public final class SentryCorpusHarness {
  private static volatile String label = "";
  private static volatile String[] device = {"", ""};
  private static volatile String[] os = {"", ""};

  private SentryCorpusHarness() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    String release = args[1];
    String proguardUuid = args[2];
    List<String> cases = Files.readAllLines(Path.of(args[3]));
    Files.writeString(out, "");
    Boolean logConfig = null;
    Consumer<String> errorLog = message -> Sentry.captureMessage(message, SentryLevel.ERROR);
    for (String line : cases) {
      String[] c = line.split("\t", -1);
      boolean log = c[1].equals("log");
      if (logConfig == null || logConfig != log) {
        Sentry.close();
        init(out, release, proguardUuid, !log);
        logConfig = log;
      }
      label = c[0];
      device = c[3].split("/", 2);
      os = c[4].split("/", 2);
      Runnable shop = (Runnable) Class.forName("com.example.shop.Shop")
          .getConstructor(Consumer.class, String[].class)
          .newInstance(errorLog, new String[] {c[5], c[6]});
      switch (c[1]) {
        case "caught" -> runOn(c[2], () -> runAndCapture(shop));
        case "pool" -> {
          // A real pool thread: the exception escapes ThreadPoolExecutor's worker uncaught. The
          // pool terminates before the thread's uncaught handler runs, so wait for the thread.
          List<Thread> workers = new ArrayList<>();
          ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, c[2]);
            workers.add(t);
            return t;
          });
          pool.execute(shop);
          pool.shutdown();
          if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the pool did not finish: " + line);
          }
          for (Thread t : workers) {
            t.join();
          }
        }
        default -> runOn(c[2], shop); // uncaught or log
      }
      Sentry.flush(5000);
    }
    Sentry.close();
  }

  /** Runs {@code r} on the main thread, or on a new thread of that name and waits for it. */
  private static void runOn(String thread, Runnable r) throws InterruptedException {
    if (thread.equals("main")) {
      r.run();
    } else {
      Thread t = new Thread(r, thread);
      t.start();
      t.join();
    }
  }

  /** What app code does in a catch-all: report and carry on. */
  private static void runAndCapture(Runnable shop) {
    try {
      shop.run();
    } catch (RuntimeException e) {
      Sentry.captureException(e);
    }
  }

  private static void init(Path out, String release, String proguardUuid, boolean threads) {
    Sentry.init(o -> {
      o.setDsn("https://public@sentry.invalid/1"); // never contacted: the transport is ours
      o.setRelease(release);
      o.setEnvironment("production");
      o.setProguardUuid(proguardUuid);
      o.addInAppInclude("com.example.shop");
      o.setAttachThreads(threads);
      o.setAttachStacktrace(false);
      o.setPrintUncaughtStackTrace(false);
      o.setSendClientReports(false);
      o.setEnableExternalConfiguration(false);
      o.setFlushTimeoutMillis(2000);
      o.setBeforeSend((event, hint) -> {
        // The device the case pretends to run on; everything else is what the SDK collected.
        Device d = new Device();
        d.setManufacturer(device[0]);
        d.setModel(device[1]);
        event.getContexts().setDevice(d);
        OperatingSystem system = new OperatingSystem();
        system.setName(os[0]);
        system.setVersion(os[1]);
        event.getContexts().setOperatingSystem(system);
        return event;
      });
      o.setTransportFactory((options, request) -> new FileTransport(out));
    });
  }

  /** Appends each event item to the output file with the current case's label. */
  private static final class FileTransport implements ITransport {
    private final Path out;

    FileTransport(Path out) {
      this.out = out;
    }

    @Override
    public void send(SentryEnvelope envelope, Hint hint) throws IOException {
      for (SentryEnvelopeItem item : envelope.getItems()) {
        if (!item.getHeader().getType().getItemType().equals("event")) {
          continue;
        }
        String json;
        try {
          json = new String(item.getData(), StandardCharsets.UTF_8);
        } catch (Exception e) {
          throw new IOException(e);
        }
        if (json.contains("\n")) {
          throw new IOException("an event serialized over several lines");
        }
        synchronized (SentryCorpusHarness.class) {
          try (Writer w = Files.newBufferedWriter(out, StandardOpenOption.APPEND)) {
            w.write(label + "\t" + json + "\n");
          }
        }
      }
      // The uncaught-exception handler waits for this before it lets the thread die.
      Object sdkHint = hint == null ? null : io.sentry.util.HintUtils.getSentrySdkHint(hint);
      if (sdkHint instanceof DiskFlushNotification flushed) {
        flushed.markFlushed();
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
