package dev.crashflow.cli;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.api.gax.batching.BatchingSettings;
import com.google.api.gax.batching.FlowControlSettings;
import com.google.api.gax.batching.FlowController.LimitExceededBehavior;
import com.google.api.gax.grpc.GrpcCallContext;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.Topic;
import com.google.pubsub.v1.TopicName;
import dev.crashflow.decode.DecodeException;
import dev.crashflow.decode.Envelopes;
import dev.crashflow.io.PubsubClients;
import dev.crashflow.model.RawMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code publish}: sends crash events from jsonl files to a Pub/Sub topic (real or emulator), so
 * the streaming pipeline can be fed from the same files the batch pipeline reads.
 */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    version = "crashflow publish 0.1.0",
    description = {
      "Publish crash events from jsonl files to a Pub/Sub topic.",
      "",
      "Each non-blank line is either a bare Sentry event JSON (published as-is, no attributes)"
          + " or an envelope line {\"payload\":\"<base64>\",\"attributes\":{...},"
          + "\"message_id\":...,\"publish_time\":...}: its payload bytes (e.g. gzip) and"
          + " attributes are published unchanged. message_id and publish_time are dropped:"
          + " Pub/Sub assigns new ones and a publisher cannot set them.",
      "Files may be plain or gzip; '-' reads stdin. Blank lines are skipped; envelope lines"
          + " that cannot be parsed are reported as file:line and counted as failed.",
      ""
    },
    footer = {
      "",
      "Exit status: 0 if every line was published, 1 if any failed (the first error is"
          + " printed), 2 on bad arguments.",
      "Example: publish --emulator=localhost:8085 --create-topic"
          + " --topic=projects/demo/topics/crashes events.jsonl.gz"
    })
public final class PublishCommand implements Callable<Integer> {
  /** How many bad lines are printed one by one before only counting them. */
  private static final int MAX_REPORTED_LINES = 100;
  private static final long MIN_TIMEOUT_SECONDS = 10;

  @Spec private CommandSpec spec;

  @Option(
      names = "--topic",
      required = true,
      paramLabel = "projects/<p>/topics/<t>",
      description = "Topic to publish to.")
  private String topic;

  @Option(
      names = "--emulator",
      paramLabel = "HOST:PORT",
      description =
          "Pub/Sub emulator to publish to (plaintext, no credentials). Default: the"
              + " PUBSUB_EMULATOR_HOST environment variable; if unset, real Pub/Sub with"
              + " application default credentials.")
  private String emulator;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      defaultValue = "100",
      description = "Messages per publish request, 1-1000 (default: ${DEFAULT-VALUE}).")
  private int batchSize;

  @Option(
      names = "--batch-bytes",
      paramLabel = "BYTES",
      defaultValue = "4000000",
      description = "Bytes per publish request before it is sent (default: ${DEFAULT-VALUE}).")
  private long batchBytes;

  @Option(
      names = "--batch-delay-ms",
      paramLabel = "MS",
      defaultValue = "50",
      description = "Longest wait for a batch to fill (default: ${DEFAULT-VALUE}).")
  private long batchDelayMs;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description =
          "Give up on a message after this long, retries included; at least 10"
              + " (default: ${DEFAULT-VALUE}).")
  private long timeoutSeconds;

  @Option(names = "--create-topic", description = "Create the topic if it does not exist.")
  private boolean createTopic;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress bar (it is also off when the console is not a terminal).")
  private boolean quiet;

  @Parameters(
      arity = "1..*",
      paramLabel = "EVENTS.jsonl",
      description = "Input files (plain or .gz), or '-' for stdin.")
  private List<String> files;

  public static void main(String[] args) {
    CommandLine cmd = new CommandLine(new PublishCommand());
    // An unreachable server or bad credentials deserve one line, not a stack trace.
    cmd.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("publish: " + e);
      return 1;
    });
    System.exit(cmd.execute(args));
  }

  @Override
  public Integer call() throws Exception {
    TopicName topicName = validate();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PublishStats stats = new PublishStats(err, MAX_REPORTED_LINES);
    AtomicLong bytesRead = new AtomicLong();
    try (PubsubClients clients = PubsubClients.of(emulator)) {
      if (createTopic) {
        createTopicIfMissing(clients, topicName, out);
      }
      Publisher publisher = clients.publisher(topicName)
          .setBatchingSettings(batching())
          .setRetrySettings(retries())
          .build();
      try (PublishProgress progress =
          PublishProgress.start(!quiet, InputFiles.totalSize(files), bytesRead, stats)) {
        try {
          for (String file : files) {
            publishFile(publisher, file, bytesRead, stats, progress);
          }
        } finally {
          // Shutdown flushes what is batched; callbacks may still run after termination.
          publisher.shutdown();
          publisher.awaitTermination(timeoutSeconds + 30, TimeUnit.SECONDS);
        }
        if (!stats.awaitSettled(Duration.ofSeconds(timeoutSeconds + 30))) {
          stats.error("(publisher)", "timed out waiting for " + stats.pending() + " messages");
        }
      }
    }
    out.printf("published %d, failed %d to %s%n", stats.published(), stats.failed(), topicName);
    if (stats.failed() > 0 || stats.firstError() != null) {
      err.println("first error: " + stats.firstError());
      out.flush();
      err.flush();
      return 1;
    }
    out.flush();
    return 0;
  }

  private TopicName validate() {
    if (!TopicName.isParsableFrom(topic) || TopicName.parse(topic).getProject().isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "--topic must look like projects/<p>/topics/<t>, got: " + topic);
    }
    if (batchSize < 1 || batchSize > Publisher.getApiMaxRequestElementCount()) {
      throw new ParameterException(spec.commandLine(), "--batch-size must be 1-1000");
    }
    if (batchBytes < 1 || batchBytes > Publisher.getApiMaxRequestBytes()) {
      throw new ParameterException(
          spec.commandLine(), "--batch-bytes must be 1-" + Publisher.getApiMaxRequestBytes());
    }
    if (batchDelayMs < 1) {
      throw new ParameterException(spec.commandLine(), "--batch-delay-ms must be positive");
    }
    if (timeoutSeconds < MIN_TIMEOUT_SECONDS) {
      // The publisher client rejects retry settings with a shorter total timeout.
      throw new ParameterException(
          spec.commandLine(), "--timeout must be at least " + MIN_TIMEOUT_SECONDS + " seconds");
    }
    for (String file : files) {
      if (!InputFiles.isStdin(file) && !Files.isReadable(Path.of(file))) {
        throw new ParameterException(spec.commandLine(), "cannot read input file: " + file);
      }
    }
    return TopicName.parse(topic);
  }

  private BatchingSettings batching() {
    // Blocking flow control bounds memory when the files are much faster than the network.
    FlowControlSettings flow = FlowControlSettings.newBuilder()
        .setMaxOutstandingElementCount(Math.max(10L * batchSize, 1000L))
        .setMaxOutstandingRequestBytes(64L << 20)
        .setLimitExceededBehavior(LimitExceededBehavior.Block)
        .build();
    return BatchingSettings.newBuilder()
        .setElementCountThreshold((long) batchSize)
        .setRequestByteThreshold(batchBytes)
        .setDelayThresholdDuration(Duration.ofMillis(batchDelayMs))
        .setFlowControlSettings(flow)
        .build();
  }

  private RetrySettings retries() {
    // The client's default keeps retrying an unreachable server for 10 minutes; a CLI should
    // fail sooner and say so.
    Duration total = Duration.ofSeconds(timeoutSeconds);
    return RetrySettings.newBuilder()
        .setInitialRetryDelayDuration(Duration.ofMillis(100))
        .setRetryDelayMultiplier(2.0)
        .setMaxRetryDelayDuration(Duration.ofSeconds(5))
        .setInitialRpcTimeoutDuration(total)
        .setRpcTimeoutMultiplier(1.0)
        .setMaxRpcTimeoutDuration(total)
        .setTotalTimeoutDuration(total)
        .build();
  }

  private void createTopicIfMissing(
      PubsubClients clients, TopicName topicName, PrintWriter out) throws IOException {
    try (TopicAdminClient admin = clients.topicAdmin()) {
      // Same deadline as publishing, instead of the admin client's default minute of retries.
      admin.createTopicCallable().call(
          Topic.newBuilder().setName(topicName.toString()).build(),
          GrpcCallContext.createDefault().withRetrySettings(retries()));
      out.println("created topic " + topicName);
    } catch (AlreadyExistsException e) {
      // Wanted state already; creating and catching avoids a get-then-create race.
    }
  }

  private void publishFile(
      Publisher publisher,
      String file,
      AtomicLong bytesRead,
      PublishStats stats,
      PublishProgress progress) {
    String label = InputFiles.isStdin(file) ? "<stdin>" : file;
    long lineNo = 0;
    try (BufferedReader reader = InputFiles.openLines(file, bytesRead)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String where = label + ":" + lineNo;
        RawMessage message;
        try {
          message = Envelopes.parseLine(line);
        } catch (DecodeException e) {
          stats.failedLine(where, e.reason() + ": " + e.getMessage());
          continue;
        }
        String invalid = checkLimits(message);
        if (invalid != null) {
          // Rejected locally: one bad message would otherwise fail its whole batch.
          stats.failedLine(where, invalid);
          continue;
        }
        publish(publisher, message, where, stats);
        progress.update();
      }
    } catch (IOException | RuntimeException e) {
      stats.error(label + ":" + lineNo, "cannot read: " + e);
    }
  }

  /** Pub/Sub's documented per-message limits; null when {@code m} is within them. */
  static String checkLimits(RawMessage m) {
    if (m.payload().length == 0 && m.attributes().isEmpty()) {
      return "empty message: Pub/Sub needs a payload or at least one attribute";
    }
    if (m.attributes().size() > 100) {
      return "more than 100 attributes";
    }
    long size = m.payload().length;
    for (var e : m.attributes().entrySet()) {
      int key = e.getKey().getBytes(StandardCharsets.UTF_8).length;
      int value = e.getValue().getBytes(StandardCharsets.UTF_8).length;
      if (key == 0 || key > 256 || value > 1024 || e.getKey().startsWith("goog")) {
        return "attribute not allowed by Pub/Sub (key 1-256 bytes, not goog*, value <= 1024"
            + " bytes): " + e.getKey();
      }
      size += key + value;
    }
    return size > 10_000_000 ? "message of " + size + " bytes is over Pub/Sub's 10 MB" : null;
  }

  private static void publish(
      Publisher publisher, RawMessage message, String where, PublishStats stats) {
    PubsubMessage pubsubMessage = PubsubMessage.newBuilder()
        .setData(ByteString.copyFrom(message.payload()))
        .putAllAttributes(message.attributes())
        .build();
    stats.submitted();
    ApiFuture<String> future;
    try {
      future = publisher.publish(pubsubMessage);
    } catch (RuntimeException e) {
      stats.failedPublish(where, e);
      return;
    }
    ApiFutures.addCallback(
        future,
        new ApiFutureCallback<>() {
          @Override
          public void onSuccess(String messageId) {
            stats.succeeded();
          }

          @Override
          public void onFailure(Throwable t) {
            stats.failedPublish(where, t);
          }
        },
        MoreExecutors.directExecutor());
  }
}
