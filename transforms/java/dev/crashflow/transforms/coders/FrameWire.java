package dev.crashflow.transforms.coders;

import static dev.crashflow.transforms.coders.Wire.bool;
import static dev.crashflow.transforms.coders.Wire.integer;
import static dev.crashflow.transforms.coders.Wire.str;

import dev.crashflow.model.Frame;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Stack frames in the compact format, alone (a presence flag, then the fields in declaration
 * order) or as a stack (see {@link #frames(DataOutputStream, List)}).
 */
final class FrameWire {
  private FrameWire() {}

  // A stack's frames, each after a byte: bit 7 set for a frame (clear for null), bits 0-5 for
  // the fields that repeat the frame before's (same text), which are then not written. Frames of
  // one library share its package, image address and platform, and often file and module: a
  // native stack's package paths were most of its bytes. Read back, a repeated field is the
  // previous frame's very string, so a stack holds each once and grouping compares by reference.
  private static final int PRESENT = 0x80;
  private static final int SAME_PACKAGE = 1;
  private static final int SAME_IMAGE = 2;
  private static final int SAME_PLATFORM = 4;
  private static final int SAME_MODULE = 8;
  private static final int SAME_FILE = 16;
  private static final int SAME_PATH = 32;

  /** One frame, or null. */
  static void frame(DataOutputStream out, Frame f) throws IOException {
    out.writeBoolean(f != null);
    if (f != null) {
      fields(out, f, 0);
    }
  }

  static Frame frame(DataInputStream in) throws IOException {
    return in.readBoolean() ? fields(in, 0, null) : null;
  }

  /** A nullable list of frames, repeated fields written once (see above). */
  static void frames(DataOutputStream out, List<Frame> frames) throws IOException {
    if (frames == null) {
      out.writeByte(0);
      return;
    }
    Wire.varLong(out, frames.size() + 1L);
    Frame prev = null;
    for (Frame f : frames) {
      if (f == null) {
        out.writeByte(0);
        continue;
      }
      int mask = prev == null ? 0 : same(f.pkg(), prev.pkg(), SAME_PACKAGE)
          | same(f.imageAddr(), prev.imageAddr(), SAME_IMAGE)
          | same(f.platform(), prev.platform(), SAME_PLATFORM)
          | same(f.module(), prev.module(), SAME_MODULE)
          | same(f.filename(), prev.filename(), SAME_FILE)
          | same(f.absPath(), prev.absPath(), SAME_PATH);
      out.writeByte(PRESENT | mask);
      fields(out, f, mask);
      prev = f;
    }
  }

  /** Frames as {@link #frames(DataOutputStream, List)} wrote them, unmodifiable. */
  static List<Frame> frames(DataInputStream in) throws IOException {
    long n = Wire.varLong(in);
    if (n == 0) {
      return null;
    }
    int size = Math.toIntExact(n - 1);
    List<Frame> out = new ArrayList<>(Math.min(size, 1 << 16));
    Frame prev = null;
    for (int i = 0; i < size; i++) {
      int mask = in.readUnsignedByte();
      if ((mask & PRESENT) == 0) {
        out.add(null);
        continue;
      }
      mask &= ~PRESENT;
      if (prev == null && mask != 0) {
        throw new IOException("frame " + i + " repeats fields of a frame before it, but there is none");
      }
      prev = fields(in, mask, prev);
      out.add(prev);
    }
    return Collections.unmodifiableList(out);
  }

  private static int same(String now, String before, int bit) {
    return now != null && (now == before || now.equals(before)) ? bit : 0;
  }

  /** A frame's fields in declaration order, leaving out those {@code mask} says repeat. */
  private static void fields(DataOutputStream out, Frame f, int mask) throws IOException {
    str(out, f.function());
    str(out, f.rawFunction());
    strUnless(out, f.module(), mask, SAME_MODULE);
    strUnless(out, f.filename(), mask, SAME_FILE);
    strUnless(out, f.absPath(), mask, SAME_PATH);
    integer(out, f.lineno());
    integer(out, f.colno());
    bool(out, f.inApp());
    strUnless(out, f.pkg(), mask, SAME_PACKAGE);
    strUnless(out, f.platform(), mask, SAME_PLATFORM);
    str(out, f.instructionAddr());
    str(out, f.symbolAddr());
    strUnless(out, f.imageAddr(), mask, SAME_IMAGE);
    str(out, f.addrMode());
  }

  private static void strUnless(DataOutputStream out, String s, int mask, int bit)
      throws IOException {
    if ((mask & bit) == 0) {
      str(out, s);
    }
  }

  /** A frame's fields as {@link #fields(DataOutputStream, Frame, int)} wrote them. */
  private static Frame fields(DataInputStream in, int mask, Frame prev) throws IOException {
    String function = str(in);
    String rawFunction = str(in);
    String module = (mask & SAME_MODULE) != 0 ? prev.module() : str(in);
    String filename = (mask & SAME_FILE) != 0 ? prev.filename() : str(in);
    String absPath = (mask & SAME_PATH) != 0 ? prev.absPath() : str(in);
    Integer lineno = integer(in);
    Integer colno = integer(in);
    Boolean inApp = bool(in);
    String pkg = (mask & SAME_PACKAGE) != 0 ? prev.pkg() : str(in);
    String platform = (mask & SAME_PLATFORM) != 0 ? prev.platform() : str(in);
    String instructionAddr = str(in);
    String symbolAddr = str(in);
    String imageAddr = (mask & SAME_IMAGE) != 0 ? prev.imageAddr() : str(in);
    return new Frame(function, rawFunction, module, filename, absPath, lineno, colno, inApp, pkg,
        platform, instructionAddr, symbolAddr, imageAddr, str(in));
  }
}
