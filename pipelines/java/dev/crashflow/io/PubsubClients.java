package dev.crashflow.io;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.pubsub.v1.TopicName;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Builds google-cloud-pubsub clients for either real Pub/Sub or the local emulator, so the CLI,
 * the pipeline and the tests share one place that knows the emulator needs a plaintext channel
 * and no credentials.
 *
 * <p>Against real Pub/Sub the clients keep their own defaults (TLS, application default
 * credentials). Against the emulator one plaintext channel is shared by every client this
 * instance builds; {@link #close()} shuts it down, so close this only after the clients.
 */
public final class PubsubClients implements AutoCloseable {
  /** The variable the Google client libraries and gcloud use to point at an emulator. */
  public static final String EMULATOR_ENV = "PUBSUB_EMULATOR_HOST";

  private final String emulatorHostPort;
  private final ManagedChannel channel;

  private PubsubClients(String emulatorHostPort) {
    this.emulatorHostPort = emulatorHostPort;
    this.channel =
        emulatorHostPort == null
            ? null
            : ManagedChannelBuilder.forTarget(emulatorHostPort).usePlaintext().build();
  }

  /** Clients for real Pub/Sub with application default credentials. */
  public static PubsubClients real() {
    return new PubsubClients(null);
  }

  /** Clients for the emulator at {@code host:port}. */
  public static PubsubClients emulator(String hostPort) {
    if (hostPort == null || hostPort.isBlank()) {
      throw new IllegalArgumentException("emulator host:port is empty");
    }
    return new PubsubClients(hostPort.trim());
  }

  /**
   * The emulator at {@code hostPort} if given, else the one named by {@code
   * PUBSUB_EMULATOR_HOST} if set, else real Pub/Sub.
   */
  public static PubsubClients of(String hostPort) {
    if (hostPort != null && !hostPort.isBlank()) {
      return emulator(hostPort);
    }
    String fromEnv = System.getenv(EMULATOR_ENV);
    return fromEnv == null || fromEnv.isBlank() ? real() : emulator(fromEnv);
  }

  public boolean isEmulator() {
    return emulatorHostPort != null;
  }

  /** The emulator's {@code host:port}, or null for real Pub/Sub. */
  public String emulatorHostPort() {
    return emulatorHostPort;
  }

  /** The channel provider to give a client, or null to keep the client's default (real). */
  public TransportChannelProvider channelProvider() {
    return channel == null
        ? null
        : FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
  }

  /** The credentials provider to give a client, or null to keep the client's default (real). */
  public CredentialsProvider credentialsProvider() {
    return channel == null ? null : NoCredentialsProvider.create();
  }

  /** A publisher builder for {@code topic}, wired to the emulator when there is one. */
  public Publisher.Builder publisher(TopicName topic) {
    Publisher.Builder builder = Publisher.newBuilder(topic);
    if (channel != null) {
      builder.setChannelProvider(channelProvider()).setCredentialsProvider(credentialsProvider());
    }
    return builder;
  }

  public TopicAdminClient topicAdmin() throws IOException {
    TopicAdminSettings.Builder settings = TopicAdminSettings.newBuilder();
    if (channel != null) {
      settings.setTransportChannelProvider(channelProvider());
      settings.setCredentialsProvider(credentialsProvider());
    }
    return TopicAdminClient.create(settings.build());
  }

  public SubscriptionAdminClient subscriptionAdmin() throws IOException {
    SubscriptionAdminSettings.Builder settings = SubscriptionAdminSettings.newBuilder();
    if (channel != null) {
      settings.setTransportChannelProvider(channelProvider());
      settings.setCredentialsProvider(credentialsProvider());
    }
    return SubscriptionAdminClient.create(settings.build());
  }

  /** Shuts the emulator channel down; clients built from it stop working. */
  @Override
  public void close() {
    if (channel != null) {
      channel.shutdown();
      try {
        if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
          channel.shutdownNow();
        }
      } catch (InterruptedException e) {
        channel.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }
}
