package dev.crashflow.decode;

import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.SessionUpdate;

/** What one message decodes to: exactly one of a crash event or a session update. */
public record Decoded(CrashEvent event, SessionUpdate session) {

  public Decoded {
    if ((event == null) == (session == null)) {
      throw new IllegalArgumentException("exactly one of event and session must be set");
    }
  }

  /** Event time in epoch milliseconds, whichever item this is. */
  public long eventTimeMillis() {
    return event != null ? event.timestampMillis() : session.timestampMillis();
  }
}
