package dev.crashflow.grouping;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where per-app grouping rules come from. The core reads them through this interface so it stays
 * free of Beam: the pipeline passes a source on Beam file systems (local or {@code gs://}), tools
 * and tests a directory. Files are {@value #ENHANCEMENTS} (stack-trace rules) and {@value
 * #FINGERPRINTS} (fingerprint rules), under {@code <root>/grouping/<app id>/} in a store.
 */
public interface RuleSource {
  String ENHANCEMENTS = "enhancements.txt";
  String FINGERPRINTS = "fingerprints.txt";

  /** App ids that can be a path segment; others have no per-app rules. */
  Pattern APP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

  /** The text of an app's rule file, or null when the app has none. */
  String read(String appId, String fileName) throws IOException;

  /** Where that file is, for messages. */
  String describe(String appId, String fileName);

  /** The relative location of an app's rule file in a store: {@code grouping/<app id>/<file>}. */
  static String storeKey(String appId, String fileName) {
    return "grouping/" + appId + "/" + fileName;
  }

  /** True for app ids that may name a rules folder (no separators, no {@code ..}). */
  static boolean usableAppId(String appId) {
    return appId != null && APP_ID.matcher(appId).matches() && !appId.contains("..");
  }

  /** A store on the local disk: {@code <root>/grouping/<app id>/<file>}. */
  static RuleSource store(Path root) {
    return new RuleSource() {
      @Override
      public String read(String appId, String fileName) throws IOException {
        if (!usableAppId(appId)) {
          return null;
        }
        return readIfExists(root.resolve(storeKey(appId, fileName)));
      }

      @Override
      public String describe(String appId, String fileName) {
        return root.resolve(storeKey(appId, fileName)).toString();
      }
    };
  }

  /** One folder of rules used for every app: {@code <dir>/<file>}. */
  static RuleSource everyApp(Path dir) {
    return new RuleSource() {
      @Override
      public String read(String appId, String fileName) throws IOException {
        return readIfExists(dir.resolve(fileName));
      }

      @Override
      public String describe(String appId, String fileName) {
        return dir.resolve(fileName).toString();
      }
    };
  }

  private static String readIfExists(Path p) throws IOException {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    }
  }
}
