package dev.crashflow.transforms;

import dev.crashflow.grouping.RuleSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * Per-app grouping rules in a store on any Beam file system (local directory, {@code gs://}):
 * {@code <root>/grouping/<app id>/enhancements.txt} and {@code fingerprints.txt}. Files over
 * {@value #MAX_BYTES} bytes are refused, like a malformed file: the app keeps its last good rules.
 */
final class BeamRuleSource implements RuleSource {
  static final int MAX_BYTES = 1 << 20;

  private final String root;

  BeamRuleSource(String root) {
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  @Override
  public String read(String appId, String fileName) throws IOException {
    if (!RuleSource.usableAppId(appId)) {
      return null;
    }
    MatchResult m = FileSystems.match(describe(appId, fileName), EmptyMatchTreatment.ALLOW);
    if (m.status() == MatchResult.Status.NOT_FOUND || (m.status() == MatchResult.Status.OK
        && m.metadata().isEmpty())) {
      return null;
    }
    if (m.status() != MatchResult.Status.OK) {
      throw new IOException("cannot list " + describe(appId, fileName) + ": " + m.status());
    }
    MatchResult.Metadata file = m.metadata().get(0);
    if (file.sizeBytes() > MAX_BYTES) {
      throw new IOException(file.resourceId() + " is " + file.sizeBytes()
          + " bytes; grouping rule files are limited to " + MAX_BYTES);
    }
    try (InputStream in = Channels.newInputStream(FileSystems.open(file.resourceId()))) {
      return new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8);
    }
  }

  @Override
  public String describe(String appId, String fileName) {
    return root + "/" + RuleSource.storeKey(appId, fileName);
  }
}
