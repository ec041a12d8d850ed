package dev.crashflow.pipelines;

import dev.crashflow.transforms.ReadKafkaMessages;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.joda.time.Duration;

/** The Kafka source's settings from {@link KafkaOptions}, and what is wrong with them. */
final class KafkaInput {
  private static final Pattern SERVER = Pattern.compile("[A-Za-z0-9._\\-]+|\\[[0-9A-Fa-f:.]+\\]");
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._\\-]{1,249}");
  /** Consumer settings crashflow owns; a config file may not change them. */
  private static final Set<String> OWNED = Set.of("bootstrap.servers", "group.id",
      "auto.offset.reset", "enable.auto.commit", "key.deserializer", "value.deserializer");
  /** How far the watermark trails the newest record: Kafka appends in order, producers nearly so. */
  static final Duration MAX_DELAY = Duration.standardSeconds(30);

  private KafkaInput() {}

  static ReadKafkaMessages.Settings settings(CrashflowOptions o) {
    return new ReadKafkaMessages.Settings(o.getKafkaBootstrapServers().trim(), o.getKafkaTopic().trim(),
        o.getKafkaConsumerGroup(), o.getKafkaStartOffset(), consumerConfig(o.getKafkaConsumerConfigFile()),
        o.getKafkaMaxRecords(), MAX_DELAY);
  }

  /** Every problem with the Kafka options, or none. */
  static List<String> problems(CrashflowOptions o) {
    List<String> problems = new ArrayList<>();
    boolean kafka = o.getInputType() == CrashflowOptions.InputType.kafka;
    if (!kafka) {
      if (!isEmpty(o.getKafkaBootstrapServers()) || !isEmpty(o.getKafkaTopic())) {
        problems.add("--kafkaBootstrapServers/--kafkaTopic are set but --inputType="
            + o.getInputType() + ": add --inputType=kafka");
      }
      return problems;
    }
    if (isEmpty(o.getKafkaBootstrapServers())) {
      problems.add("--inputType=kafka needs --kafkaBootstrapServers=<host:port>[,<host:port>...]");
    } else {
      for (String server : o.getKafkaBootstrapServers().split(",", -1)) {
        String problem = serverProblem(server.trim());
        if (problem != null) {
          problems.add("--kafkaBootstrapServers: " + problem);
        }
      }
    }
    if (isEmpty(o.getKafkaTopic())) {
      problems.add("--inputType=kafka needs --kafkaTopic=<topic>");
    } else if (!TOPIC.matcher(o.getKafkaTopic().trim()).matches()) {
      problems.add("--kafkaTopic: '" + o.getKafkaTopic() + "' is not a Kafka topic name"
          + " (letters, digits, '.', '_', '-'; at most 249)");
    }
    if (!"earliest".equals(o.getKafkaStartOffset()) && !"latest".equals(o.getKafkaStartOffset())) {
      problems.add("--kafkaStartOffset must be 'earliest' or 'latest' (got '" + o.getKafkaStartOffset() + "')");
    }
    if (o.getKafkaMaxRecords() < 0) {
      problems.add("--kafkaMaxRecords must be 0 (read forever) or more (got " + o.getKafkaMaxRecords() + ")");
    }
    if (!isEmpty(o.getKafkaConsumerConfigFile())) {
      try {
        Map<String, String> config = consumerConfig(o.getKafkaConsumerConfigFile());
        for (String key : config.keySet()) {
          if (OWNED.contains(key)) {
            problems.add("--kafkaConsumerConfigFile: '" + key + "' is set by crashflow itself;"
                + " remove it (use --kafkaBootstrapServers, --kafkaConsumerGroup, --kafkaStartOffset)");
          }
        }
      } catch (IllegalArgumentException e) {
        problems.add("--kafkaConsumerConfigFile: " + e.getMessage());
      }
    }
    return problems;
  }

  /** {@code host:port} with a port in range, or why not. */
  static String serverProblem(String server) {
    int colon = server.lastIndexOf(':');
    if (colon <= 0 || colon == server.length() - 1) {
      return "'" + server + "' is not host:port";
    }
    if (!SERVER.matcher(server.substring(0, colon)).matches()) {
      return "'" + server + "' has no valid host name";
    }
    try {
      int port = Integer.parseInt(server.substring(colon + 1));
      return port >= 1 && port <= 65535 ? null : "'" + server + "' has a port outside 1-65535";
    } catch (NumberFormatException e) {
      return "'" + server + "' has no numeric port";
    }
  }

  /** The properties file's settings; an empty path gives none. */
  static Map<String, String> consumerConfig(String file) {
    Map<String, String> config = new TreeMap<>();
    if (isEmpty(file)) {
      return config;
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(Path.of(file))) {
      p.load(r);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot read '" + file + "': " + e.getMessage(), e);
    }
    p.stringPropertyNames().forEach(k -> config.put(k, p.getProperty(k)));
    return config;
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isBlank();
  }
}
