package dev.crashflow.aggregates;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/** Java serialisation of sketch fields (tallies are accumulators that runners serialise). */
final class SketchIo {
  private SketchIo() {}

  static void write(ObjectOutputStream out, DistinctSketch sketch) throws IOException {
    byte[] bytes = sketch.toBytes();
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  static DistinctSketch read(ObjectInputStream in, DistinctSketch.Format format) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return format.fromBytes(bytes);
  }
}
