package dev.crashflow.transforms.coders;

import dev.crashflow.model.RawMessage;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Codes raw messages compactly: payload bytes, attributes, message id and publish time. */
public final class RawMessageCoder extends ModelCoder<RawMessage> {
  private static final RawMessageCoder INSTANCE = new RawMessageCoder();

  private RawMessageCoder() {}

  public static RawMessageCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(RawMessage m, OutputStream outStream) throws IOException {
    DataOutputStream out = new DataOutputStream(outStream);
    ModelWire.raw(out, m);
    out.flush();
  }

  @Override
  public RawMessage decode(InputStream inStream) throws IOException {
    return ModelWire.raw(new DataInputStream(inStream));
  }
}
