package dev.crashflow.cli;

import dev.crashflow.decode.DecodeException;
import dev.crashflow.decode.DecodeLimits;
import dev.crashflow.decode.Decoded;
import dev.crashflow.decode.Envelopes;
import dev.crashflow.decode.EventDecoder;
import dev.crashflow.grouping.Fingerprinter;
import dev.crashflow.grouping.GroupingConfig;
import dev.crashflow.grouping.GroupingConfigs;
import dev.crashflow.grouping.RuleSource;
import dev.crashflow.model.CrashEvent;
import dev.crashflow.model.RawMessage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code group} and {@code explain} share: decoding one input line or file the way the
 * pipeline does (but accepting events of any age, so old archives can be inspected), and the
 * grouping rules of {@code --rules}.
 */
final class GroupingCli {
  private static final Duration FOREVER = Duration.ofDays(365L * 200);

  private GroupingCli() {}

  /** The pipeline's decoder with the event-time window opened wide. */
  static EventDecoder decoder() {
    DecodeLimits d = DecodeLimits.defaults();
    return new EventDecoder(new DecodeLimits(d.maxPayloadBytes(), d.maxCompressedBytes(),
        d.maxCompressionRatio(), d.maxFrames(), d.keepFrames(), FOREVER, FOREVER, d.scrubPii()));
  }

  /**
   * The crash event of one line or file (a bare event or an envelope); null for a session update.
   *
   * @throws DecodeException for input the pipeline would dead-letter
   */
  static CrashEvent decode(EventDecoder decoder, String text) throws DecodeException {
    RawMessage raw = Envelopes.parseLine(text);
    long received = raw.publishTimeMillis() != null ? raw.publishTimeMillis() : System.currentTimeMillis();
    Decoded d = decoder.decode(raw, received);
    return d.event();
  }

  /**
   * The fingerprinter for {@code --rules}: none means the built-in rules; a folder holding {@code
   * enhancements.txt} and/or {@code fingerprints.txt} applies to every event; a store root with
   * {@code grouping/<app id>/} folders applies per app. Every rule file is checked up front, so a
   * bad line is one clear error (file and line) before any event is read.
   */
  static Fingerprinter fingerprinter(Path rules) throws IOException {
    if (rules == null) {
      return new Fingerprinter();
    }
    if (!Files.isDirectory(rules)) {
      throw new IllegalArgumentException("--rules: no such directory: " + rules);
    }
    if (Files.exists(rules.resolve(RuleSource.ENHANCEMENTS))
        || Files.exists(rules.resolve(RuleSource.FINGERPRINTS))) {
      return new Fingerprinter(GroupingConfig.load(RuleSource.everyApp(rules), null));
    }
    Path apps = rules.resolve("grouping");
    if (!Files.isDirectory(apps)) {
      throw new IllegalArgumentException("--rules: " + rules + " holds neither "
          + RuleSource.ENHANCEMENTS + " / " + RuleSource.FINGERPRINTS
          + " nor grouping/<app id>/ folders");
    }
    RuleSource source = RuleSource.store(rules);
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(apps, Files::isDirectory)) {
      for (Path app : dirs) {
        GroupingConfig.load(source, app.getFileName().toString()); // throws on a bad line
      }
    }
    GroupingConfigs configs = new GroupingConfigs(source, Long.MAX_VALUE, System::currentTimeMillis,
        (app, e) -> {
          throw new IllegalArgumentException("--rules: " + e.getMessage(), e);
        });
    return new Fingerprinter(configs);
  }
}
