package dev.crashflow.testing;

import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.PullResponse;
import com.google.pubsub.v1.PushConfig;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import dev.crashflow.io.PubsubClients;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubOptions;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Google's real Pub/Sub emulator (from the Cloud SDK on this machine) as a child process, for
 * tests of the publish command and of {@code PubsubIO}. No registry ships the emulator, so tests
 * check {@link #isAvailable()} and skip with {@link #UNAVAILABLE} when it is missing:
 *
 * <pre>{@code
 * Assumptions.assumeTrue(PubsubEmulator.isAvailable(), PubsubEmulator.UNAVAILABLE);
 * try (PubsubEmulator emulator = PubsubEmulator.start()) { ... }
 * }</pre>
 *
 * <p>Each instance listens on its own free loopback port and logs to {@code
 * target/pubsub-emulator-<port>.log}. {@link #close()} kills the whole process tree; a shutdown
 * hook does the same if a test JVM exits without closing it.
 */
public final class PubsubEmulator implements AutoCloseable {
  /**
   * The emulator's launch script: where the Cloud SDK installs it, unless the system property
   * {@code pubsub.emulator.script} names another (e.g. a user-local SDK).
   */
  public static final Path SCRIPT = Path.of(System.getProperty("pubsub.emulator.script",
      "/usr/lib/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator"));

  /** The message for {@code assumeTrue} when the emulator is missing. */
  public static final String UNAVAILABLE =
      "Pub/Sub emulator not found at " + SCRIPT + " (install the Cloud SDK component"
          + " pubsub-emulator): skipping";

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final int START_ATTEMPTS = 3;

  private final Process process;
  private final int port;
  private final Path logFile;
  private final Duration startupTime;
  private final PubsubClients clients;
  private final Thread shutdownHook;

  private PubsubEmulator(Process process, int port, Path logFile, Duration startupTime) {
    this.process = process;
    this.port = port;
    this.logFile = logFile;
    this.startupTime = startupTime;
    this.clients = PubsubClients.emulator(hostPort());
    this.shutdownHook = new Thread(() -> killTree(process), "pubsub-emulator-killer");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  public static boolean isAvailable() {
    return Files.isExecutable(SCRIPT);
  }

  /**
   * Starts an emulator and waits until it answers HTTP (usually 3-8 s). Retries on a new port if
   * the process dies first (another process may have taken the port in between).
   */
  public static PubsubEmulator start() throws IOException, InterruptedException {
    if (!isAvailable()) {
      throw new IllegalStateException(UNAVAILABLE);
    }
    IOException last = null;
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      try {
        return startOnce(freePort());
      } catch (IOException e) {
        last = e;
      }
    }
    throw last;
  }

  private static PubsubEmulator startOnce(int port) throws IOException, InterruptedException {
    Path logDir = Path.of(System.getProperty("user.dir"), "target");
    Files.createDirectories(logDir);
    Path log = logDir.resolve("pubsub-emulator-" + port + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(SCRIPT.toString(), "--host=127.0.0.1", "--port=" + port)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    // The script runs $JAVA_HOME/bin/java: pin it to the JVM running the tests (17), whatever
    // the caller's environment says, and bound its heap so it does not compete with Flink.
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("CLOUD_PUBSUB_EMULATOR_OPTS", "-Xmx512m");
    long t0 = System.nanoTime();
    Process process = builder.start();
    try {
      waitUntilReady(process, port, log);
    } catch (IOException | InterruptedException | RuntimeException e) {
      killTree(process);
      throw e;
    }
    return new PubsubEmulator(process, port, log, Duration.ofNanos(System.nanoTime() - t0));
  }

  private static void waitUntilReady(Process process, int port, Path log)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest probe = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/v1/projects/probe/topics"))
        .timeout(Duration.ofSeconds(5))
        .GET()
        .build();
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("Pub/Sub emulator exited with " + process.exitValue()
            + " before it was ready; log " + log + ":\n" + tail(log));
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Connection refused until the server binds its port.
      }
      Thread.sleep(100);
    }
    throw new IOException("Pub/Sub emulator not ready after " + STARTUP_TIMEOUT.toSeconds()
        + " s; log " + log + ":\n" + tail(log));
  }

  /** {@code 127.0.0.1:<port>}, for {@code --emulator} and {@code PUBSUB_EMULATOR_HOST}. */
  public String hostPort() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The REST root URL, what Beam's {@code --pubsubRootUrl} wants. */
  public String rootUrl() {
    return "http://" + hostPort();
  }

  /** How long this emulator took from process start to answering HTTP. */
  public Duration startupTime() {
    return startupTime;
  }

  public Path logFile() {
    return logFile;
  }

  /** Clients wired to this emulator; closed with it. */
  public PubsubClients clients() {
    return clients;
  }

  public TopicName createTopic(String project, String topic) throws IOException {
    TopicName name = TopicName.of(project, topic);
    try (TopicAdminClient admin = clients.topicAdmin()) {
      admin.createTopic(name);
    }
    return name;
  }

  /** A pull subscription with the default 10 s ack deadline. */
  public SubscriptionName createSubscription(String project, String subscription, String topic)
      throws IOException {
    SubscriptionName name = SubscriptionName.of(project, subscription);
    try (SubscriptionAdminClient admin = clients.subscriptionAdmin()) {
      admin.createSubscription(
          name, TopicName.of(project, topic), PushConfig.getDefaultInstance(), 10);
    }
    return name;
  }

  /** Pulls up to {@code max} messages that are available now, and acknowledges them. */
  @SuppressWarnings("deprecation") // returnImmediately: exactly what a test poll wants here
  public List<PubsubMessage> pull(String project, String subscription, int max)
      throws IOException {
    SubscriptionName name = SubscriptionName.of(project, subscription);
    try (SubscriptionAdminClient admin = clients.subscriptionAdmin()) {
      PullResponse response = admin.pull(PullRequest.newBuilder()
          .setSubscription(name.toString())
          .setMaxMessages(max)
          .setReturnImmediately(true)
          .build());
      List<PubsubMessage> messages = new ArrayList<>();
      List<String> ackIds = new ArrayList<>();
      for (ReceivedMessage received : response.getReceivedMessagesList()) {
        messages.add(received.getMessage());
        ackIds.add(received.getAckId());
      }
      if (!ackIds.isEmpty()) {
        admin.acknowledge(name, ackIds);
      }
      return messages;
    }
  }

  /**
   * Pulls (and acknowledges) until {@code count} messages arrived or {@code timeout} passed;
   * returns what arrived, so a test can assert on the count and see what came instead.
   */
  public List<PubsubMessage> pullUntil(
      String project, String subscription, int count, Duration timeout)
      throws IOException, InterruptedException {
    List<PubsubMessage> all = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (all.size() < count && System.nanoTime() < deadline) {
      List<PubsubMessage> batch = pull(project, subscription, count - all.size());
      all.addAll(batch);
      if (batch.isEmpty()) {
        Thread.sleep(100);
      }
    }
    return all;
  }

  /** {@link #beamOptions(PipelineOptions, String, String)} for this emulator. */
  public PubsubOptions beamOptions(PipelineOptions options, String project) {
    return beamOptions(options, rootUrl(), project);
  }

  /**
   * Points Beam's {@code PubsubIO} at an emulator. Beam's REST client asks for credentials even
   * there: a credential set directly on the options is dropped when the runner serialises them
   * (it is {@code @JsonIgnore}), and workers then fall back to application default credentials
   * with a stack-trace warning. A credential factory class survives serialisation, and Beam's
   * no-op one sends no auth header at all, which the emulator accepts.
   */
  public static PubsubOptions beamOptions(
      PipelineOptions options, String rootUrl, String project) {
    PubsubOptions pubsub = options.as(PubsubOptions.class);
    pubsub.setPubsubRootUrl(rootUrl);
    pubsub.setProject(project);
    pubsub.setCredentialFactoryClass(NoopCredentialFactory.class);
    return pubsub;
  }

  /** Kills the emulator and its descendants and waits for them to exit. */
  @Override
  public void close() {
    clients.close();
    killTree(process);
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or ran; nothing to remove.
    }
  }

  private static void killTree(Process process) {
    // The launch script execs java today, but a wrapper could fork: kill whatever it spawned.
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    for (ProcessHandle handle : tree) {
      try {
        handle.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception notDeadYet) {
        handle.destroyForcibly();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }
}
