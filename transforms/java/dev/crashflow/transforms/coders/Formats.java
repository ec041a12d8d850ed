package dev.crashflow.transforms.coders;

import java.io.DataInputStream;
import java.io.IOException;

/** The leading format byte of the compact coders: a record of another format fails loudly. */
public final class Formats {
  private Formats() {}

  /**
   * Reads the format byte and returns it: {@code current}, or an older format this coder still
   * reads ({@code older}); an IOException naming the formats otherwise.
   */
  public static int read(DataInputStream in, String what, int current, int... older)
      throws IOException {
    int format = in.readUnsignedByte();
    if (format == current) {
      return format;
    }
    for (int f : older) {
      if (format == f) {
        return format;
      }
    }
    throw new IOException(what + " written in format " + format + ", this coder reads " + current
        + (older.length == 0 ? "" : " and " + java.util.Arrays.toString(older)));
  }

  /** Reads the format byte; an IOException naming both formats when it is not {@code expected}. */
  public static void check(DataInputStream in, int expected, String what) throws IOException {
    read(in, what, expected);
  }
}
