package dev.crashflow.decode;

import java.io.Serializable;
import java.time.Duration;

/**
 * What the decoder accepts: payload sizes (decompressed, compressed, and the ratio between them
 * that marks a gzip bomb), stack-trace lengths (a hard cap that dead-letters, and how many frames
 * nearest the crash are kept), the event-time window around the receive time, and PII scrubbing.
 *
 * @param maxPayloadBytes largest decompressed payload; more is {@code oversize_payload}
 * @param maxCompressedBytes largest payload as received (gzip or not); more is {@code
 *     oversize_payload}
 * @param maxCompressionRatio decompressed / compressed bytes above this is {@code gzip_bomb}
 * @param maxFrames a stack trace with more frames is {@code too_many_frames}
 * @param keepFrames longer stack traces keep only their last (crash-side) frames
 * @param maxEventAge events older than the receive time minus this are {@code
 *     timestamp_out_of_range}
 * @param maxFutureSkew events newer than the receive time plus this are {@code
 *     timestamp_out_of_range}
 * @param scrubPii drop user email and IP address, mask emails and IPs in free text
 */
public record DecodeLimits(
    int maxPayloadBytes,
    int maxCompressedBytes,
    int maxCompressionRatio,
    int maxFrames,
    int keepFrames,
    Duration maxEventAge,
    Duration maxFutureSkew,
    boolean scrubPii)
    implements Serializable {

  public DecodeLimits {
    if (maxPayloadBytes <= 0 || maxCompressedBytes <= 0 || maxCompressionRatio <= 0) {
      throw new IllegalArgumentException("payload limits must be positive");
    }
    if (keepFrames <= 0 || maxFrames < keepFrames) {
      throw new IllegalArgumentException(
          "need 0 < keepFrames <= maxFrames, got keepFrames=" + keepFrames
              + " maxFrames=" + maxFrames);
    }
    if (maxEventAge == null || maxEventAge.isNegative()
        || maxFutureSkew == null || maxFutureSkew.isNegative()) {
      throw new IllegalArgumentException("maxEventAge and maxFutureSkew must be >= 0");
    }
  }

  /**
   * 1 MiB decompressed and compressed, ratio 100, at most 10,000 frames per stack trace of which
   * the 250 nearest the crash are kept, events up to 30 days old or 1 day in the future, PII
   * scrubbed.
   */
  public static DecodeLimits defaults() {
    return new DecodeLimits(
        1 << 20, 1 << 20, 100, 10_000, 250, Duration.ofDays(30), Duration.ofDays(1), true);
  }
}
