package dev.crashflow.transforms.coders;

import dev.crashflow.aggregates.DistinctSketch;
import dev.crashflow.aggregates.Tally;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Codes an aggregate {@link Tally} compactly: sketch format, counters, then each sketch's bytes,
 * instead of Java serialization (class descriptors plus a custom readObject, paid per key in the
 * aggregate combines). Deterministic: that is exactly the state {@link Tally#equals} compares,
 * each part written one way only.
 */
public final class TallyCoder<A extends Tally> extends CustomCoder<A> {
  private static final DistinctSketch.Format[] FORMATS = DistinctSketch.Format.values();
  /** Written first, so a format change fails loudly instead of misreading. */
  private static final int FORMAT = 1;

  private final Class<A> type;
  private final SerializableFunction<DistinctSketch.Format, A> empty;

  private TallyCoder(Class<A> type, SerializableFunction<DistinctSketch.Format, A> empty) {
    this.type = type;
    this.empty = empty;
  }

  /** A coder of {@code type} tallies; {@code empty} makes an empty one of a sketch format. */
  public static <A extends Tally> TallyCoder<A> of(Class<A> type,
      SerializableFunction<DistinctSketch.Format, A> empty) {
    return new TallyCoder<>(type, empty);
  }

  @Override
  public void encode(A tally, OutputStream outStream) throws IOException {
    DataOutputStream out = new DataOutputStream(outStream);
    out.writeByte(FORMAT);
    out.writeByte(tally.format().ordinal());
    long[] counters = tally.counters();
    Wire.varLong(out, counters.length);
    for (long c : counters) {
      Wire.varLong(out, c);
    }
    byte[][] sketches = tally.sketchBytes();
    Wire.varLong(out, sketches.length);
    for (byte[] s : sketches) {
      Wire.bytes(out, s);
    }
    out.flush();
  }

  @Override
  public A decode(InputStream inStream) throws IOException {
    DataInputStream in = new DataInputStream(inStream);
    Formats.check(in, FORMAT, "tally");
    int f = in.readUnsignedByte();
    if (f >= FORMATS.length) {
      throw new IOException("unknown sketch format " + f);
    }
    A tally = empty.apply(FORMATS[f]);
    long[] counters = new long[count(in)];
    for (int i = 0; i < counters.length; i++) {
      counters[i] = Wire.varLong(in);
    }
    byte[][] sketches = new byte[count(in)][];
    for (int i = 0; i < sketches.length; i++) {
      sketches[i] = Wire.bytes(in);
    }
    try {
      tally.restore(counters, sketches);
    } catch (IllegalArgumentException e) {
      throw new IOException("cannot read a " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
    return tally;
  }

  /** A small count (counters, sketches): a tally has a handful. */
  private static int count(DataInputStream in) throws IOException {
    long n = Wire.varLong(in);
    if (n > 64) {
      throw new IOException("tally with " + n + " parts");
    }
    return (int) n;
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public TypeDescriptor<A> getEncodedTypeDescriptor() {
    return TypeDescriptor.of(type);
  }

  // Equal by the tally class: the factory only makes empty tallies of that class.
  @Override
  public boolean equals(Object o) {
    return o instanceof TallyCoder<?> c && c.type == type;
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }

  @Override
  public String toString() {
    return "TallyCoder(" + type.getSimpleName() + ")";
  }
}
