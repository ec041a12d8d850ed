package dev.crashflow.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared fixtures ({@code ../shared/data}: R8 retrace cases, Breakpad symbol files, ProGuard
 * mappings) that CI puts beside the checkout. Tests that read them are {@link NeedsSharedData}.
 */
public final class SharedData {
  public static final Path DIR = Path.of("../shared/data");

  private SharedData() {}

  /** True when the fixtures are beside the checkout. */
  public static boolean present() {
    return Files.isDirectory(DIR);
  }
}
