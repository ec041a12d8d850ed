package org.apache.beam.sdk.io.gcp.pubsub;

import com.google.api.client.util.Clock;
import java.io.Serializable;

/**
 * Test access to {@code PubsubIO.Read.withClock}, which is package-private: Beam's {@link
 * PubsubTestClient} insists that the reader's clock equals the one it was built with.
 */
public final class PubsubTestReads {
  private PubsubTestReads() {}

  public static PubsubIO.Read<PubsubMessage> withClock(PubsubIO.Read<PubsubMessage> read, Clock clock) {
    return read.withClock(clock);
  }

  /** A clock frozen at one instant, serialisable so it travels with the read transform. */
  public static final class FixedClock implements Clock, Serializable {
    private final long millis;

    public FixedClock(long millis) {
      this.millis = millis;
    }

    @Override
    public long currentTimeMillis() {
      return millis;
    }
  }
}
