package dev.crashflow.model;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One message as it arrived: the payload bytes exactly as published (maybe gzip), its
 * attributes, and where known the Pub/Sub message id and publish time. Files carry the same
 * fields as an envelope line, so every raw message can be replayed through the pipeline.
 */
public final class RawMessage implements Serializable {
  private static final long serialVersionUID = 1L;

  private final byte[] payload;
  private final Map<String, String> attributes;
  private final String messageId;
  private final Long publishTimeMillis;

  public RawMessage(
      byte[] payload, Map<String, String> attributes, String messageId, Long publishTimeMillis) {
    this.payload = Objects.requireNonNull(payload, "payload");
    this.attributes =
        attributes == null || attributes.isEmpty() ? Map.of() : new TreeMap<>(attributes);
    this.messageId = messageId;
    this.publishTimeMillis = publishTimeMillis;
  }

  public static RawMessage of(byte[] payload) {
    return new RawMessage(payload, Map.of(), null, null);
  }

  /** The payload bytes; callers must not modify the array. */
  public byte[] payload() {
    return payload;
  }

  /** Attributes in key order (immutable). */
  public Map<String, String> attributes() {
    return attributes;
  }

  public String attribute(String name) {
    return attributes.get(name);
  }

  public String messageId() {
    return messageId;
  }

  public Long publishTimeMillis() {
    return publishTimeMillis;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof RawMessage)) {
      return false;
    }
    RawMessage that = (RawMessage) o;
    return Arrays.equals(payload, that.payload)
        && attributes.equals(that.attributes)
        && Objects.equals(messageId, that.messageId)
        && Objects.equals(publishTimeMillis, that.publishTimeMillis);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(payload), attributes, messageId, publishTimeMillis);
  }

  @Override
  public String toString() {
    return "RawMessage{" + payload.length + " bytes, attributes=" + attributes
        + ", messageId=" + messageId + ", publishTime=" + publishTimeMillis + "}";
  }
}
