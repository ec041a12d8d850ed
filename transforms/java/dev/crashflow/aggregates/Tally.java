package dev.crashflow.aggregates;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Additive counters plus distinct-count sketches of one aggregate row: what the aggregate
 * combines accumulate and merge. Subclasses name the counters and sketches and say what an input
 * adds. Java-serialisable (the sketches as their bytes) with value equality, since runners
 * serialise accumulators and compare them (DirectRunner's mutation checks).
 */
public abstract class Tally implements Serializable {
  private final DistinctSketch.Format format;
  private final int sketchCount;
  protected final long[] counts;
  protected transient DistinctSketch[] sketches;

  protected Tally(DistinctSketch.Format format, int counters, int sketchCount) {
    this.format = format;
    this.sketchCount = sketchCount;
    this.counts = new long[counters];
    this.sketches = new DistinctSketch[sketchCount];
    Arrays.setAll(sketches, i -> format.empty());
  }

  /** Adds {@code other}'s counters and sketches (same kind and format) to this one. */
  public void merge(Tally other) {
    if (other.getClass() != getClass() || other.format != format) {
      throw new IllegalArgumentException("cannot merge a " + other.getClass().getSimpleName()
          + " (" + other.format + ") into a " + getClass().getSimpleName() + " (" + format + ")");
    }
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    for (int i = 0; i < sketches.length; i++) {
      sketches[i].merge(other.sketches[i]);
    }
  }

  /** The sketch format (a tally only merges with one of the same format). */
  public DistinctSketch.Format format() {
    return format;
  }

  /** A copy of the counters, in the subclass's order: with {@link #sketchBytes} all the state. */
  public long[] counters() {
    return counts.clone();
  }

  /** Each sketch's bytes ({@link DistinctSketch#toBytes}), in the subclass's order. */
  public byte[][] sketchBytes() {
    byte[][] out = new byte[sketches.length][];
    for (int i = 0; i < sketches.length; i++) {
      out[i] = sketches[i].toBytes();
    }
    return out;
  }

  /**
   * Sets the state read back from {@link #counters} and {@link #sketchBytes} (what a compact
   * coder writes instead of Java serialization), replacing this tally's own; the sizes must be
   * this kind's.
   */
  public void restore(long[] counters, byte[][] sketchBytes) {
    if (counters.length != counts.length || sketchBytes.length != sketchCount) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " has " + counts.length
          + " counters and " + sketchCount + " sketches, not " + counters.length + " and "
          + sketchBytes.length);
    }
    System.arraycopy(counters, 0, counts, 0, counts.length);
    for (int i = 0; i < sketchCount; i++) {
      sketches[i] = format.fromBytes(sketchBytes[i]);
    }
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    for (DistinctSketch s : sketches) {
      byte[] bytes = s.toBytes();
      out.writeInt(bytes.length);
      out.write(bytes);
    }
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    sketches = new DistinctSketch[sketchCount];
    for (int i = 0; i < sketches.length; i++) {
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      sketches[i] = format.fromBytes(bytes);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (o == null || o.getClass() != getClass()) {
      return false;
    }
    Tally t = (Tally) o;
    if (t.format != format || !Arrays.equals(counts, t.counts)) {
      return false;
    }
    for (int i = 0; i < sketches.length; i++) {
      if (!Arrays.equals(sketches[i].toBytes(), t.sketches[i].toBytes())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(counts);
  }
}
