package dev.crashflow.transforms.coders;

import dev.crashflow.issues.WindowSummary;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * Codes an issue's window summary in {@link WindowSummary#writeTo}'s binary form after a format
 * byte, instead of Java serialization. Deterministic: the summary writes its fields in a fixed
 * order and its versions sorted, so equal summaries encode equally.
 */
public final class WindowSummaryCoder extends AtomicCoder<WindowSummary> {
  private static final WindowSummaryCoder INSTANCE = new WindowSummaryCoder();
  /** Written first, so a format change fails loudly instead of misreading. */
  private static final int FORMAT = 1;

  private WindowSummaryCoder() {}

  public static WindowSummaryCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(WindowSummary s, OutputStream outStream) throws IOException {
    DataOutputStream out = new DataOutputStream(outStream);
    out.writeByte(FORMAT);
    s.writeTo(out);
    out.flush();
  }

  @Override
  public WindowSummary decode(InputStream inStream) throws IOException {
    DataInputStream in = new DataInputStream(inStream);
    Formats.check(in, FORMAT, "window summary");
    return WindowSummary.readFrom(in);
  }

  @Override
  public void verifyDeterministic() {}
}
