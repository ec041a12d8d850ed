package dev.crashflow.aggregates;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;

/** Events of one aggregate row, with sketches of their distinct users and installations. */
public final class CrashTally implements Serializable {
  private final DistinctSketch.Format format;
  private long events;
  private transient DistinctSketch users;
  private transient DistinctSketch installations;

  public CrashTally(DistinctSketch.Format format) {
    this.format = format;
    this.users = format.empty();
    this.installations = format.empty();
  }

  public void add(String user, String installation) {
    events++;
    users.add(user);
    installations.add(installation);
  }

  public void merge(CrashTally other) {
    events += other.events;
    users.merge(other.users);
    installations.merge(other.installations);
  }

  public long events() {
    return events;
  }

  public DistinctSketch users() {
    return users;
  }

  public DistinctSketch installations() {
    return installations;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    SketchIo.write(out, users);
    SketchIo.write(out, installations);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    users = SketchIo.read(in, format);
    installations = SketchIo.read(in, format);
  }

  // Value equality: runners compare accumulators by value (DirectRunner's mutation checks).
  @Override
  public boolean equals(Object o) {
    return o instanceof CrashTally t && events == t.events && format == t.format
        && Arrays.equals(users.toBytes(), t.users.toBytes())
        && Arrays.equals(installations.toBytes(), t.installations.toBytes());
  }

  @Override
  public int hashCode() {
    return Long.hashCode(events) * 31 + Arrays.hashCode(users.toBytes());
  }
}
