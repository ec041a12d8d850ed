package dev.crashflow.transforms.coders;

import static dev.crashflow.transforms.coders.Wire.str;

import dev.crashflow.issues.AppVersion;
import dev.crashflow.issues.IssueEvent;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * Codes the issue-tracking projection of an event compactly (one per grouped event goes through
 * the keyed window step, where Java serialization's class descriptors cost more than the few
 * strings themselves). Every field is a string, a long or an {@link AppVersion} of two strings,
 * each written one way only, so equal events encode equally: deterministic.
 */
public final class IssueEventCoder extends AtomicCoder<IssueEvent> {
  private static final IssueEventCoder INSTANCE = new IssueEventCoder();
  /** Written first, so a format change fails loudly instead of misreading. */
  private static final int FORMAT = 1;

  private IssueEventCoder() {}

  public static IssueEventCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(IssueEvent e, OutputStream outStream) throws IOException {
    DataOutputStream out = new DataOutputStream(outStream);
    out.writeByte(FORMAT);
    str(out, e.eventId());
    out.writeLong(e.timestampMillis());
    str(out, e.appId());
    str(out, e.issueId());
    str(out, e.title());
    str(out, e.groupingVersion());
    version(out, e.version());
    out.flush();
  }

  @Override
  public IssueEvent decode(InputStream inStream) throws IOException {
    DataInputStream in = new DataInputStream(inStream);
    Formats.check(in, FORMAT, "issue event");
    return new IssueEvent(str(in), in.readLong(), str(in), str(in), str(in), str(in), version(in));
  }

  /** A nullable version: a presence flag, then version and build (already trimmed, or null). */
  static void version(DataOutputStream out, AppVersion v) throws IOException {
    if (ModelWire.present(out, v)) {
      str(out, v.version());
      str(out, v.build());
    }
  }

  static AppVersion version(DataInputStream in) throws IOException {
    return !in.readBoolean() ? null : new AppVersion(str(in), str(in));
  }

  @Override
  public void verifyDeterministic() {}

  /** Records compare by value, so runners may compare decoded events instead of their bytes. */
  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
