package dev.crashflow.model;

/** File names in the paths crash SDKs send. */
public final class FileNames {
  private FileNames() {}

  /**
   * The file name after the last {@code /}, {@code \} or {@code !}: Android's random install
   * folders and {@code base.apk!libgame.so} both reduce to {@code libgame.so}. Null for null.
   */
  public static String baseName(String path) {
    if (path == null) {
      return null;
    }
    int cut = Math.max(path.lastIndexOf('/'), Math.max(path.lastIndexOf('\\'), path.lastIndexOf('!')));
    return path.substring(cut + 1);
  }
}
