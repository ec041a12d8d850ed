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
      FrameWire.frames(out, e.frames());
      Wire.varLong(out, e.framesOmitted());
    }
  }

  static CrashException exception(DataInputStream in) throws IOException {
    return exception(in, FrameWire::frames);
  }

  /** An exception of the event coder's format 3, each frame written whole. */
  static CrashException exceptionFormat3(DataInputStream in) throws IOException {
    return exception(in, frames -> list(frames, FrameWire::frame));
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
      FrameWire.frames(out, t.frames());
      Wire.varLong(out, t.framesOmitted());
    }
  }

  static CrashThread thread(DataInputStream in) throws IOException {
    return thread(in, FrameWire::frames);
  }

  /** A thread of the event coder's format 3, each frame written whole. */
  static CrashThread threadFormat3(DataInputStream in) throws IOException {
    return thread(in, frames -> list(frames, FrameWire::frame));
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
      FrameWire.frame(out, g.blameFrame());
      str(out, g.blameOwner());
      str(out, g.variantId());
    }
  }

  static Grouping grouping(DataInputStream in) throws IOException {
    return !in.readBoolean() ? null : new Grouping(str(in), str(in), str(in), str(in), str(in),
        str(in), FrameWire.frame(in), str(in), str(in));
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
