package dev.crashflow.transforms.coders;

import static dev.crashflow.transforms.coders.Wire.list;
import static dev.crashflow.transforms.coders.Wire.map;
import static dev.crashflow.transforms.coders.Wire.str;

import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.CrashException;
import dev.crashflow.model.CrashThread;
import dev.crashflow.model.SymbolicationStatus;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Codes crash events between pipeline steps in a compact binary form, field by field, instead of
 * Java serialization (which writes class descriptors and boxes every nullable field, and was the
 * largest single cost of moving events through shuffles). Not deterministic: never use it for keys.
 */
public final class CrashEventCoder extends ModelCoder<CrashEvent> {
  private static final CrashEventCoder INSTANCE = new CrashEventCoder();
  private static final SymbolicationStatus[] STATUS = SymbolicationStatus.values();
  /**
   * Written first, so a format change fails loudly instead of misreading. Format 3 (before frames
   * of one library wrote their shared fields once) is still read: records in flight between
   * steps can sit in a savepoint taken by the version before.
   */
  private static final int FORMAT = 4;
  private static final int FORMAT_EACH_FRAME_WHOLE = 3;

  private CrashEventCoder() {}

  public static CrashEventCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(CrashEvent e, OutputStream outStream) throws IOException {
    DataOutputStream out = new DataOutputStream(outStream);
    out.writeByte(FORMAT);
    str(out, e.eventId());
    out.writeLong(e.timestampMillis());
    out.writeLong(e.receivedMillis());
    str(out, e.platform());
    str(out, e.sdkPlatform());
    str(out, e.level());
    str(out, e.release());
    str(out, e.dist());
    str(out, e.environment());
    ModelWire.app(out, e.app());
    ModelWire.os(out, e.os());
    ModelWire.device(out, e.device());
    ModelWire.user(out, e.user());
    ModelWire.engine(out, e.engine());
    str(out, e.installationId());
    str(out, e.message());
    map(out, e.tags());
    list(out, e.sdkFingerprint(), Wire::str);
    list(out, e.exceptions(), ModelWire::exception);
    list(out, e.threads(), ModelWire::thread);
    list(out, e.images(), ModelWire::image);
    list(out, e.breadcrumbs(), ModelWire::breadcrumb);
    str(out, e.sdkName());
    str(out, e.sdkVersion());
    Wire.varLong(out, e.framesTrimmed());
    out.writeByte(e.symbolicationStatus() == null ? 0 : e.symbolicationStatus().ordinal() + 1);
    list(out, e.missingDebugIds(), Wire::str);
    ModelWire.grouping(out, e.grouping());
    ModelWire.raw(out, e.raw());
    out.flush();
  }

  @Override
  public CrashEvent decode(InputStream inStream) throws IOException {
    DataInputStream in = new DataInputStream(inStream);
    boolean compact = Formats.read(in, "crash event", FORMAT, FORMAT_EACH_FRAME_WHOLE) == FORMAT;
    Wire.Reader<CrashException> exception =
        compact ? ModelWire::exception : ModelWire::exceptionFormat3;
    Wire.Reader<CrashThread> thread = compact ? ModelWire::thread : ModelWire::threadFormat3;
    return new CrashEvent(str(in), in.readLong(), in.readLong(), str(in), str(in), str(in),
        str(in), str(in), str(in), ModelWire.app(in), ModelWire.os(in), ModelWire.device(in),
        ModelWire.user(in), ModelWire.engine(in), str(in), str(in), map(in),
        list(in, Wire::str), list(in, exception), list(in, thread),
        list(in, ModelWire::image), list(in, ModelWire::breadcrumb), str(in), str(in),
        (int) Wire.varLong(in), status(in.readUnsignedByte()), list(in, Wire::str),
        ModelWire.grouping(in), ModelWire.raw(in));
  }

  private static SymbolicationStatus status(int b) throws IOException {
    if (b > STATUS.length) {
      throw new IOException("unknown symbolication status " + b);
    }
    return b == 0 ? null : STATUS[b - 1];
  }
}
