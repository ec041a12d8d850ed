package dev.crashflow.aggregates;

import dev.crashflow.model.SessionUpdate;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Release health of one (window, app, platform, version, environment): sessions started, how many
 * ended crashed, abnormal or errored, and sketches of their users. Each session counts once
 * however many updates it sends: as started on its first update ({@code init}), and by outcome on
 * its final one (any status other than {@code ok}). The Sentry session protocol sends each of those
 * once; a repeated one (an SDK retry) would count twice, which the exact {@code
 * crash_free_by_version} view over {@code sessions} does not.
 */
public final class SessionTally implements Serializable {
  private final DistinctSketch.Format format;
  private long sessions;
  private long crashed;
  private long abnormal;
  private long errored;
  private transient DistinctSketch users;
  private transient DistinctSketch crashedUsers;

  public SessionTally(DistinctSketch.Format format) {
    this.format = format;
    this.users = format.empty();
    this.crashedUsers = format.empty();
  }

  /** Whether an update changes any release-health figure (ongoing {@code ok} updates do not). */
  public static boolean counts(SessionUpdate u) {
    return u.init() || isFinal(u);
  }

  private static boolean isFinal(SessionUpdate u) {
    return u.status() != null && !u.status().equals("ok");
  }

  public void add(SessionUpdate u) {
    if (u.init()) {
      sessions++;
      users.add(u.distinctId());
    }
    if (isFinal(u)) {
      boolean isCrashed = u.status().equals("crashed");
      boolean isAbnormal = u.status().equals("abnormal");
      if (isCrashed) {
        crashed++;
        crashedUsers.add(u.distinctId());
      }
      if (isAbnormal) {
        abnormal++;
      }
      if (isCrashed || isAbnormal || u.errors() > 0) {
        errored++;
      }
    }
  }

  public void merge(SessionTally o) {
    sessions += o.sessions;
    crashed += o.crashed;
    abnormal += o.abnormal;
    errored += o.errored;
    users.merge(o.users);
    crashedUsers.merge(o.crashedUsers);
  }

  public long sessions() {
    return sessions;
  }

  public long crashed() {
    return crashed;
  }

  public long abnormal() {
    return abnormal;
  }

  public long errored() {
    return errored;
  }

  public DistinctSketch users() {
    return users;
  }

  public DistinctSketch crashedUsers() {
    return crashedUsers;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    SketchIo.write(out, users);
    SketchIo.write(out, crashedUsers);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    users = SketchIo.read(in, format);
    crashedUsers = SketchIo.read(in, format);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SessionTally t && format == t.format && sessions == t.sessions
        && crashed == t.crashed && abnormal == t.abnormal && errored == t.errored
        && Arrays.equals(users.toBytes(), t.users.toBytes())
        && Arrays.equals(crashedUsers.toBytes(), t.crashedUsers.toBytes());
  }

  @Override
  public int hashCode() {
    return Long.hashCode(sessions) * 31 + Long.hashCode(crashed);
  }
}
