package dev.crashflow.grouping;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The rules one app's events are grouped by: crashflow's built-in stack-trace rules (Android,
 * NDK, iOS, Unity, Unreal, JVM libraries; classpath {@code /grouping/*.txt}) followed by the app's
 * own {@code enhancements.txt}, and the app's {@code fingerprints.txt}. App rules come after the
 * built-ins, so where both act on a frame the app's rule wins.
 */
public final class GroupingConfig {
  /** The built-in rule files, in the order they run. */
  public static final List<String> BUILT_IN = List.of("jvm", "android", "ndk", "ios", "unity", "unreal");

  private static final GroupingConfig BUILT_INS = loadBuiltIns();

  private final StackRules stackRules;
  private final FingerprintRules fingerprintRules;
  private final String origin;

  private GroupingConfig(StackRules stackRules, FingerprintRules fingerprintRules, String origin) {
    this.stackRules = stackRules;
    this.fingerprintRules = fingerprintRules;
    this.origin = origin;
  }

  /** The built-in rules alone (shared: its frame cache serves every app without own rules). */
  public static GroupingConfig builtIn() {
    return BUILT_INS;
  }

  /**
   * The built-ins plus an app's rules; null texts mean no such file.
   *
   * @throws RuleSyntaxException for a bad line, naming the file and line
   */
  public static GroupingConfig withAppRules(String enhancements, String enhancementsSource,
      String fingerprints, String fingerprintsSource) {
    if (enhancements == null && fingerprints == null) {
      return BUILT_INS;
    }
    StackRules stack = enhancements == null ? BUILT_INS.stackRules
        : BUILT_INS.stackRules.then(StackRules.parse(enhancementsSource, enhancements));
    FingerprintRules fp = fingerprints == null ? FingerprintRules.empty()
        : FingerprintRules.parse(fingerprintsSource, fingerprints);
    String origin = "built-in rules" + (enhancements == null ? "" : " + " + enhancementsSource)
        + (fingerprints == null ? "" : " + " + fingerprintsSource);
    return new GroupingConfig(stack, fp, origin);
  }

  /** The built-ins plus what {@code source} holds for the app. */
  public static GroupingConfig load(RuleSource source, String appId) throws IOException {
    String e = source.read(appId, RuleSource.ENHANCEMENTS);
    String f = source.read(appId, RuleSource.FINGERPRINTS);
    return withAppRules(e, source.describe(appId, RuleSource.ENHANCEMENTS),
        f, source.describe(appId, RuleSource.FINGERPRINTS));
  }

  public StackRules stackRules() {
    return stackRules;
  }

  public FingerprintRules fingerprintRules() {
    return fingerprintRules;
  }

  /** Which files the rules came from. */
  public String origin() {
    return origin;
  }

  private static GroupingConfig loadBuiltIns() {
    StackRules all = StackRules.empty();
    for (String name : BUILT_IN) {
      String resource = "/grouping/" + name + ".txt";
      try (InputStream in = GroupingConfig.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("built-in grouping rules missing from the classpath: " + resource);
        }
        all = all.then(StackRules.parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + resource, e);
      }
    }
    return new GroupingConfig(all.withCache(StackRules.SHARED_CACHE_BITS), FingerprintRules.empty(),
        "built-in rules");
  }
}
