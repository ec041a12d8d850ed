package dev.crashflow.transforms.coders;

import static dev.crashflow.transforms.coders.Wire.str;

import dev.crashflow.model.SessionUpdate;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Codes release-health session updates compactly, field by field, instead of Java serialization
 * (they are shuffled into the keyed release-health combine). Not deterministic: the raw message's
 * attributes are a map written in its iteration order.
 */
public final class SessionUpdateCoder extends ModelCoder<SessionUpdate> {
  private static final SessionUpdateCoder INSTANCE = new SessionUpdateCoder();
  /** Written first, so a format change fails loudly instead of misreading. */
  private static final int FORMAT = 1;

  private SessionUpdateCoder() {}

  public static SessionUpdateCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(SessionUpdate u, OutputStream outStream) throws IOException {
    DataOutputStream out = new DataOutputStream(outStream);
    out.writeByte(FORMAT);
    str(out, u.sessionId());
    str(out, u.distinctId());
    out.writeBoolean(u.init());
    out.writeLong(u.startedMillis());
    out.writeLong(u.timestampMillis());
    out.writeLong(u.receivedMillis());
    str(out, u.status());
    Wire.integer(out, u.errors());
    if (ModelWire.present(out, u.durationSeconds())) {
      out.writeDouble(u.durationSeconds());
    }
    str(out, u.release());
    str(out, u.environment());
    ModelWire.app(out, u.app());
    str(out, u.platform());
    ModelWire.raw(out, u.raw());
    out.flush();
  }

  @Override
  public SessionUpdate decode(InputStream inStream) throws IOException {
    DataInputStream in = new DataInputStream(inStream);
    Formats.check(in, FORMAT, "session update");
    return new SessionUpdate(str(in), str(in), in.readBoolean(), in.readLong(), in.readLong(),
        in.readLong(), str(in), Wire.integer(in), in.readBoolean() ? in.readDouble() : null,
        str(in), str(in), ModelWire.app(in), str(in), ModelWire.raw(in));
  }
}
