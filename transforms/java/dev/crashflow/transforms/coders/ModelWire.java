package dev.crashflow.transforms.coders;

import static dev.crashflow.transforms.coders.Wire.bool;
import static dev.crashflow.transforms.coders.Wire.integer;
import static dev.crashflow.transforms.coders.Wire.list;
import static dev.crashflow.transforms.coders.Wire.lng;
import static dev.crashflow.transforms.coders.Wire.map;
import static dev.crashflow.transforms.coders.Wire.str;

import dev.crashflow.model.AppInfo;
import dev.crashflow.model.Breadcrumb;
import dev.crashflow.model.CrashException;
import dev.crashflow.model.CrashThread;
import dev.crashflow.model.DebugImage;
import dev.crashflow.model.DeviceInfo;
import dev.crashflow.model.EngineInfo;
import dev.crashflow.model.Frame;
import dev.crashflow.model.GameHardware;
import dev.crashflow.model.Grouping;
import dev.crashflow.model.Mechanism;
import dev.crashflow.model.OsInfo;
import dev.crashflow.model.RawMessage;
import dev.crashflow.model.UserInfo;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The parts of a crash event in the compact format, field by field in declaration order. A
 * nullable part starts with a presence flag. Adding a field to a model record means adding it
 * here, at the end of its record (the round-trip test fails until it is).
 */
final class ModelWire {
  private ModelWire() {}

  static boolean present(DataOutputStream out, Object o) throws IOException {
    out.writeBoolean(o != null);
    return o != null;
  }

  static void frame(DataOutputStream out, Frame f) throws IOException {
    if (present(out, f)) {
      str(out, f.function());
      str(out, f.rawFunction());
      str(out, f.module());
      str(out, f.filename());
      str(out, f.absPath());
      integer(out, f.lineno());
      integer(out, f.colno());
      bool(out, f.inApp());
      str(out, f.pkg());
      str(out, f.platform());
      str(out, f.instructionAddr());
      str(out, f.symbolAddr());
      str(out, f.imageAddr());
      str(out, f.addrMode());
    }
  }

  static Frame frame(DataInputStream in) throws IOException {
    return !in.readBoolean() ? null : new Frame(str(in), str(in), str(in), str(in), str(in),
        integer(in), integer(in), bool(in), str(in), str(in), str(in), str(in), str(in), str(in));
  }

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

  private static int same(String now, String before, int bit) {
    return now != null && (now == before || now.equals(before)) ? bit : 0;
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
      int mask = PRESENT;
      if (prev != null) {
        mask |= same(f.pkg(), prev.pkg(), SAME_PACKAGE)
            | same(f.imageAddr(), prev.imageAddr(), SAME_IMAGE)
            | same(f.platform(), prev.platform(), SAME_PLATFORM)
            | same(f.module(), prev.module(), SAME_MODULE)
            | same(f.filename(), prev.filename(), SAME_FILE)
            | same(f.absPath(), prev.absPath(), SAME_PATH);
      }
      out.writeByte(mask);
      str(out, f.function());
      str(out, f.rawFunction());
      if ((mask & SAME_MODULE) == 0) {
        str(out, f.module());
      }
      if ((mask & SAME_FILE) == 0) {
        str(out, f.filename());
      }
      if ((mask & SAME_PATH) == 0) {
        str(out, f.absPath());
      }
      integer(out, f.lineno());
      integer(out, f.colno());
      bool(out, f.inApp());
      if ((mask & SAME_PACKAGE) == 0) {
        str(out, f.pkg());
      }
      if ((mask & SAME_PLATFORM) == 0) {
        str(out, f.platform());
      }
      str(out, f.instructionAddr());
      str(out, f.symbolAddr());
      if ((mask & SAME_IMAGE) == 0) {
        str(out, f.imageAddr());
      }
      str(out, f.addrMode());
      prev = f;
    }
  }

  /** Frames as {@link #frames(DataOutputStream, java.util.List)} wrote them, unmodifiable. */
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
      if (prev == null && (mask & ~PRESENT) != 0) {
        throw new IOException("frame " + i + " repeats fields of a frame before it, but there is none");
      }
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
      Frame f = new Frame(function, rawFunction, module, filename, absPath, lineno, colno, inApp,
          pkg, platform, instructionAddr, symbolAddr, imageAddr, str(in));
      out.add(f);
      prev = f;
    }
    return Collections.unmodifiableList(out);
  }

  static void mechanism(DataOutputStream out, Mechanism m) throws IOException {
    if (present(out, m)) {
      str(out, m.type());
      bool(out, m.handled());
      bool(out, m.synthetic());
      integer(out, m.exceptionId());
      integer(out, m.parentId());
      str(out, m.signalName());
      integer(out, m.signalNumber());
      integer(out, m.signalCode());
      str(out, m.machException());
      str(out, m.faultAddress());
      str(out, m.nsErrorDomain());
      lng(out, m.nsErrorCode());
    }
  }

  static Mechanism mechanism(DataInputStream in) throws IOException {
    return !in.readBoolean() ? null : new Mechanism(str(in), bool(in), bool(in), integer(in),
        integer(in), str(in), integer(in), integer(in), str(in), str(in), str(in), lng(in));
  }

  static void exception(DataOutputStream out, CrashException e) throws IOException {
    if (present(out, e)) {
      str(out, e.type());
      str(out, e.value());
      str(out, e.module());
      lng(out, e.threadId());
      mechanism(out, e.mechanism());
      frames(out, e.frames());
      Wire.varLong(out, e.framesOmitted());
    }
  }

  static CrashException exception(DataInputStream in) throws IOException {
    return exception(in, ModelWire::frames);
  }

  /** An exception of the event coder's format 3, each frame written whole. */
  static CrashException exceptionFormat3(DataInputStream in) throws IOException {
    return exception(in, frames -> list(frames, ModelWire::frame));
  }

  private static CrashException exception(DataInputStream in, Wire.Reader<List<Frame>> frames)
      throws IOException {
    return !in.readBoolean() ? null : new CrashException(str(in), str(in), str(in), lng(in),
        mechanism(in), frames.read(in), (int) Wire.varLong(in));
  }

  static void thread(DataOutputStream out, CrashThread t) throws IOException {
    if (present(out, t)) {
      lng(out, t.id());
      str(out, t.name());
      out.writeByte((t.crashed() ? 1 : 0) | (t.current() ? 2 : 0) | (t.main() ? 4 : 0));
      str(out, t.state());
      frames(out, t.frames());
      Wire.varLong(out, t.framesOmitted());
    }
  }

  static CrashThread thread(DataInputStream in) throws IOException {
    return thread(in, ModelWire::frames);
  }

  /** A thread of the event coder's format 3, each frame written whole. */
  static CrashThread threadFormat3(DataInputStream in) throws IOException {
    return thread(in, frames -> list(frames, ModelWire::frame));
  }

  private static CrashThread thread(DataInputStream in, Wire.Reader<List<Frame>> frames)
      throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    Long id = lng(in);
    String name = str(in);
    int flags = in.readUnsignedByte();
    return new CrashThread(id, name, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0,
        str(in), frames.read(in), (int) Wire.varLong(in));
  }

  static void image(DataOutputStream out, DebugImage i) throws IOException {
    if (present(out, i)) {
      str(out, i.type());
      str(out, i.debugId());
      str(out, i.debugFile());
      str(out, i.codeId());
      str(out, i.codeFile());
      str(out, i.imageAddr());
      lng(out, i.imageSize());
      str(out, i.arch());
      str(out, i.uuid());
    }
  }

  static DebugImage image(DataInputStream in) throws IOException {
    return !in.readBoolean() ? null : new DebugImage(str(in), str(in), str(in), str(in), str(in),
        str(in), lng(in), str(in), str(in));
  }

  static void breadcrumb(DataOutputStream out, Breadcrumb b) throws IOException {
    if (present(out, b)) {
      lng(out, b.timestampMillis());
      str(out, b.type());
      str(out, b.category());
      str(out, b.message());
      str(out, b.level());
      map(out, b.data());
    }
  }

  static Breadcrumb breadcrumb(DataInputStream in) throws IOException {
    return !in.readBoolean() ? null
        : new Breadcrumb(lng(in), str(in), str(in), str(in), str(in), map(in));
  }

  static void app(DataOutputStream out, AppInfo a) throws IOException {
    if (present(out, a)) {
      str(out, a.appId());
      str(out, a.version());
      str(out, a.build());
      str(out, a.name());
      bool(out, a.inForeground());
    }
  }

  static AppInfo app(DataInputStream in) throws IOException {
    return !in.readBoolean() ? null : new AppInfo(str(in), str(in), str(in), str(in), bool(in));
  }

  static void os(DataOutputStream out, OsInfo o) throws IOException {
    if (present(out, o)) {
      str(out, o.name());
      str(out, o.version());
      str(out, o.build());
      str(out, o.kernelVersion());
      bool(out, o.rooted());
    }
  }

  static OsInfo os(DataInputStream in) throws IOException {
    return !in.readBoolean() ? null : new OsInfo(str(in), str(in), str(in), str(in), bool(in));
  }

  static void device(DataOutputStream out, DeviceInfo d) throws IOException {
    if (present(out, d)) {
      str(out, d.id());
      str(out, d.model());
      str(out, d.manufacturer());
      str(out, d.brand());
      str(out, d.family());
      str(out, d.arch());
      str(out, d.orientation());
      lng(out, d.memorySize());
      lng(out, d.freeMemory());
      lng(out, d.storageSize());
      lng(out, d.freeStorage());
      bool(out, d.simulator());
    }
  }

  static DeviceInfo device(DataInputStream in) throws IOException {
    return !in.readBoolean() ? null : new DeviceInfo(str(in), str(in), str(in), str(in), str(in),
        str(in), str(in), lng(in), lng(in), lng(in), lng(in), bool(in));
  }

  static void user(DataOutputStream out, UserInfo u) throws IOException {
    if (present(out, u)) {
      str(out, u.id());
      str(out, u.username());
      str(out, u.email());
      str(out, u.ipAddress());
    }
  }

  static UserInfo user(DataInputStream in) throws IOException {
    return !in.readBoolean() ? null : new UserInfo(str(in), str(in), str(in), str(in));
  }

  static void engine(DataOutputStream out, EngineInfo e) throws IOException {
    if (present(out, e)) {
      str(out, e.engineName());
      str(out, e.engineVersion());
      bool(out, e.debugBuild());
      str(out, e.processorType());
      str(out, e.graphicsDeviceName());
      str(out, e.graphicsDeviceVendor());
      str(out, e.graphicsApi());
      hardware(out, e.hardware());
    }
  }

  static void hardware(DataOutputStream out, GameHardware h) throws IOException {
    if (present(out, h)) {
      lng(out, h.processorCount());
      lng(out, h.processorFrequencyMhz());
      lng(out, h.systemMemoryMb());
      lng(out, h.graphicsMemoryMb());
      lng(out, h.graphicsDeviceId());
      lng(out, h.graphicsDeviceVendorId());
      str(out, h.graphicsDeviceVersion());
      lng(out, h.graphicsShaderLevel());
      lng(out, h.graphicsMaxTextureSize());
      str(out, h.graphicsCopyTextureSupport());
      str(out, h.screenSizePx());
      str(out, h.screenResolutionDpi());
    }
  }

  static GameHardware hardware(DataInputStream in) throws IOException {
    return !in.readBoolean() ? null : new GameHardware(lng(in), lng(in), lng(in), lng(in),
        lng(in), lng(in), str(in), lng(in), lng(in), str(in), str(in), str(in));
  }

  static EngineInfo engine(DataInputStream in) throws IOException {
    return !in.readBoolean() ? null : new EngineInfo(str(in), str(in), bool(in), str(in),
        str(in), str(in), str(in), hardware(in));
  }

  static void grouping(DataOutputStream out, Grouping g) throws IOException {
    if (present(out, g)) {
      str(out, g.issueId());
      str(out, g.fingerprint());
      str(out, g.groupingVersion());
      str(out, g.title());
      str(out, g.subtitle());
      str(out, g.culprit());
      frame(out, g.blameFrame());
      str(out, g.blameOwner());
      str(out, g.variantId());
    }
  }

  static Grouping grouping(DataInputStream in) throws IOException {
    return !in.readBoolean() ? null : new Grouping(str(in), str(in), str(in), str(in), str(in),
        str(in), frame(in), str(in), str(in));
  }

  static void raw(DataOutputStream out, RawMessage m) throws IOException {
    if (present(out, m)) {
      Wire.bytes(out, m.payload());
      map(out, m.attributes());
      str(out, m.messageId());
      lng(out, m.publishTimeMillis());
    }
  }

  static RawMessage raw(DataInputStream in) throws IOException {
    return !in.readBoolean() ? null
        : new RawMessage(Wire.bytes(in), map(in), str(in), lng(in));
  }
}
