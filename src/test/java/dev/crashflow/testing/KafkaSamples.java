package dev.crashflow.testing;

import dev.crashflow.decode.DecodeException;
import dev.crashflow.decode.Envelopes;
import dev.crashflow.model.RawMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Turns crashflow input lines into Kafka records the way an ingestion edge would publish them:
 * an envelope's payload becomes the value, its attributes the headers and its publish time the
 * record timestamp; a bare line is the value as it is.
 */
public final class KafkaSamples {
  private KafkaSamples() {}

  /** A record for one message; {@code timestamp} null lets the producer stamp it. */
  public static ProducerRecord<byte[], byte[]> record(String topic, RawMessage m) {
    List<org.apache.kafka.common.header.Header> headers = new ArrayList<>();
    for (Map.Entry<String, String> a : m.attributes().entrySet()) {
      headers.add(new RecordHeader(a.getKey(), a.getValue().getBytes(StandardCharsets.UTF_8)));
    }
    return new ProducerRecord<>(topic, null, m.publishTimeMillis(), null, m.payload(), headers);
  }

  /**
   * One record per line of {@code lines} that can be a message; an envelope that does not parse
   * (its payload is not base64) cannot be published and is left out.
   */
  public static List<ProducerRecord<byte[], byte[]>> records(String topic, InputStream lines) throws IOException {
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
    for (byte[] line : splitLines(lines.readAllBytes())) {
      String text = new String(line, StandardCharsets.UTF_8);
      if (text.startsWith("{\"payload\"")) {
        try {
          out.add(record(topic, Envelopes.parseLine(text)));
        } catch (DecodeException e) {
          continue;
        }
      } else {
        out.add(record(topic, RawMessage.of(line)));
      }
    }
    return out;
  }

  static List<byte[]> splitLines(byte[] bytes) {
    List<byte[]> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (byte b : bytes) {
      if (b == '\n') {
        if (line.size() > 0) {
          lines.add(line.toByteArray());
        }
        line.reset();
      } else {
        line.write(b);
      }
    }
    if (line.size() > 0) {
      lines.add(line.toByteArray());
    }
    return lines;
  }
}
