package dev.crashflow.symbolicate;

import dev.crashflow.model.FileNames;
import dev.crashflow.symbols.DebugId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where each kind of symbol file lives in a symbol store, relative to its root. The one definition
 * of the layout, used by the pipeline's {@link SymbolStore} to read and by {@code crashflow
 * symbols upload} to write:
 *
 * <pre>
 * proguard/&lt;uuid&gt;/mapping.txt                       by the id SDKs send (debug_meta image, type proguard)
 * proguard/&lt;app id&gt;/&lt;version&gt;+&lt;build&gt;/mapping.txt  by release, for SDKs that send no id
 * &lt;debug file&gt;/&lt;DEBUG_ID&gt;/&lt;debug file&gt;.sym           Breakpad symbols (".pdb" dropped from the .sym name)
 * </pre>
 */
public final class StoreLayout {
  /** Ids and release parts that can be path segments: no separators, no dot-only names. */
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");

  private StoreLayout() {}

  /** The key of a mapping by the id an SDK sends (a UUID or R8's {@code pg_map_id}). */
  public static String mapping(String id) {
    String key = segment("mapping id", id).toLowerCase(Locale.ROOT);
    return "proguard/" + key + "/mapping.txt";
  }

  /** The key of a release's mapping; {@code build} may be null. */
  public static String releaseMapping(String appId, String version, String build) {
    String release = segment("app version", version)
        + (build == null ? "" : "+" + segment("build", build));
    return "proguard/" + segment("app id", appId) + "/" + release + "/mapping.txt";
  }

  /** The key of a Breakpad symbol file for a module's debug id and debug file name or path. */
  public static String symbols(DebugId debugId, String debugFile) {
    String name = FileNames.baseName(debugFile);
    if (name == null || name.isEmpty()) {
      name = "unknown";
    }
    String sym = name.toLowerCase(Locale.ROOT).endsWith(".pdb")
        ? name.substring(0, name.length() - 4) : name;
    return name + "/" + debugId.breakpad() + "/" + sym + ".sym";
  }

  /**
   * The UUID Sentry's tools give a mapping file that comes without one: a name-based (version 5)
   * UUID of the file's bytes in the namespace {@code uuid5(DNS, "guardsquare.com")}. Uploading
   * under it lets events that carry this id find the mapping.
   */
  public static UUID sentryMappingUuid(InputStream content) throws IOException {
    UUID namespace = uuid5(uuidBytes(DNS_NAMESPACE),
        new java.io.ByteArrayInputStream("guardsquare.com".getBytes(StandardCharsets.UTF_8)));
    return uuid5(uuidBytes(namespace), content);
  }

  private static final UUID DNS_NAMESPACE =
      UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

  private static UUID uuid5(byte[] namespace, InputStream name) throws IOException {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-1", e);
    }
    sha1.update(namespace);
    byte[] buffer = new byte[1 << 16];
    for (int n; (n = name.read(buffer)) > 0; ) {
      sha1.update(buffer, 0, n);
    }
    byte[] h = sha1.digest();
    h[6] = (byte) ((h[6] & 0x0f) | 0x50); // version 5
    h[8] = (byte) ((h[8] & 0x3f) | 0x80); // IETF variant
    ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
    return new UUID(b.getLong(), b.getLong());
  }

  private static byte[] uuidBytes(UUID u) {
    return ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
        .putLong(u.getLeastSignificantBits()).array();
  }

  private static String segment(String what, String value) {
    if (value == null || !SEGMENT.matcher(value).matches() || value.contains("..")) {
      throw new IllegalArgumentException("invalid " + what + " for a symbol store path: '" + value
          + "' (letters, digits and . _ + - only, at most 128)");
    }
    return value;
  }
}
