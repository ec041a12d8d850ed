package dev.crashflow.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The optional per-app copies of {@code crash_events} ({@code --perAppTables}), named as the
 * Crashlytics export names its tables: the app id with every character other than a letter, digit
 * or underscore made {@code _}, then {@code _} and the platform in upper case
 * ({@code com.example.game} on Android: {@code com_example_game_ANDROID}). Same schema,
 * partitioning and clustering as {@code crash_events}.
 */
public final class AppTables {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+_[A-Z][A-Z0-9]*");

  private AppTables() {}

  /** The per-app table of an event of {@code appId} on {@code platform} (either may be null). */
  public static String name(String appId, String platform) {
    String app = appId == null || appId.isEmpty() ? "_unknown" : appId.replaceAll("[^A-Za-z0-9_]", "_");
    String os = platform == null || platform.isEmpty() ? "UNKNOWN"
        : platform.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    return app + "_" + os;
  }

  /** Whether {@code table} has the shape of a per-app table name (never a crashflow table). */
  public static boolean isAppTable(String table) {
    return NAME.matcher(table).matches() && !Tables.ALL.contains(table);
  }

  /** The per-app tables with a folder in a local warehouse, sorted. */
  public static List<String> discover(Path warehouse) {
    if (!Files.isDirectory(warehouse)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(warehouse)) {
      return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString())
          .filter(AppTables::isAppTable).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + warehouse, e);
    }
  }
}
