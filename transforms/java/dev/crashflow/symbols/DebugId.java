package dev.crashflow.symbols;

import java.io.Serializable;
import java.util.Locale;

/**
 * A native image's debug id, normalised to one key whatever form it arrived in.
 *
 * <p>The same id travels in several spellings: Breakpad writes 32 upper-case hex digits plus the
 * age in hex ({@code 67E9247C814E392BA027DBDE6748FCBF0}); Sentry writes a lower-case UUID,
 * optionally followed by {@code -<age>} ({@code d665f42f-232b-ab29-cc97-6f26786733b8}); ELF images
 * only carry a GNU build-id (the "code id") from which the debug id is derived; Mach-O images carry
 * an LC_UUID that is the debug id with age 0. All of them parse into the same value, so a {@code
 * DebugId} is a safe map key for symbol stores.
 */
public final class DebugId implements Serializable, Comparable<DebugId> {
  private static final long serialVersionUID = 1L;
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final long hi;
  private final long lo;
  private final long age;

  private DebugId(long hi, long lo, long age) {
    this.hi = hi;
    this.lo = lo;
    this.age = age;
  }

  /** A debug id from its 16 UUID bytes (in Breakpad/text order) and age. */
  public static DebugId of(byte[] uuid16, long age) {
    if (uuid16.length != 16) {
      throw new IllegalArgumentException("debug id needs 16 bytes, got " + uuid16.length);
    }
    if (age < 0 || age > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("debug id age out of range: " + age);
    }
    return new DebugId(bytesToLong(uuid16, 0), bytesToLong(uuid16, 8), age);
  }

  /**
   * Parses any textual form: Breakpad's (32 hex digits + hex age, case-insensitive), a UUID with
   * dashes optionally followed by {@code -<hex age>} (Sentry), or 32 bare hex digits (age 0).
   *
   * @throws IllegalArgumentException with the offending text when it is none of these
   */
  public static DebugId parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("debug id is missing");
    }
    String s = text.trim();
    String hex;
    String ageHex;
    if (s.length() >= 36 && s.charAt(8) == '-' && s.charAt(13) == '-' && s.charAt(18) == '-'
        && s.charAt(23) == '-') {
      hex = s.substring(0, 8) + s.substring(9, 13) + s.substring(14, 18) + s.substring(19, 23)
          + s.substring(24, 36);
      if (s.length() == 36) {
        ageHex = "";
      } else if (s.charAt(36) == '-' && s.length() > 37) {
        ageHex = s.substring(37);
      } else {
        throw new IllegalArgumentException("not a debug id: '" + text + "'");
      }
    } else if (s.length() >= 32 && s.indexOf('-') < 0) {
      hex = s.substring(0, 32);
      ageHex = s.substring(32);
    } else {
      throw new IllegalArgumentException("not a debug id: '" + text + "'");
    }
    // An age beyond 8 hex digits is not a PDB age; reject rather than silently truncate.
    if (ageHex.length() > 8 || !isHex(hex) || !isHex(ageHex)) {
      throw new IllegalArgumentException("not a debug id: '" + text + "'");
    }
    long age = ageHex.isEmpty() ? 0 : Long.parseLong(ageHex, 16);
    return new DebugId(Long.parseUnsignedLong(hex.substring(0, 16), 16),
        Long.parseUnsignedLong(hex.substring(16), 16), age);
  }

  /**
   * The debug id of an ELF image from its GNU build-id (what Android tombstones and Sentry call the
   * code id): the first 16 bytes (zero-padded when shorter), with bytes 0-3, 4-5 and 6-7 each
   * reversed because Breakpad reads them as a little-endian GUID, and age 0.
   */
  public static DebugId fromElfBuildId(String buildIdHex) {
    byte[] b = hexBytes(buildIdHex, "build-id");
    byte[] u = new byte[16];
    System.arraycopy(b, 0, u, 0, Math.min(16, b.length));
    reverse(u, 0, 4);
    reverse(u, 4, 2);
    reverse(u, 6, 2);
    return of(u, 0);
  }

  /** The debug id of a Mach-O image from its LC_UUID (with or without dashes): unchanged, age 0. */
  public static DebugId fromMachOUuid(String uuid) {
    byte[] b = hexBytes(uuid.replace("-", ""), "Mach-O UUID");
    if (b.length != 16) {
      throw new IllegalArgumentException("a Mach-O UUID has 16 bytes: '" + uuid + "'");
    }
    return of(b, 0);
  }

  /**
   * A debug id from whatever an event carries: {@code debugId} when present, else derived from the
   * ELF {@code codeId}. Returns null when neither is usable, so callers can mark the image rather
   * than fail the event.
   */
  public static DebugId fromImage(String debugId, String codeId) {
    try {
      if (debugId != null && !debugId.isBlank()) {
        return parse(debugId);
      }
      if (codeId != null && !codeId.isBlank()) {
        return fromElfBuildId(codeId);
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
    return null;
  }

  /** Breakpad's form: 32 upper-case hex digits followed by the age in upper-case hex. */
  public String breakpad() {
    StringBuilder sb = new StringBuilder(33);
    appendHex(sb, hi, 16);
    appendHex(sb, lo, 16);
    sb.append(Long.toHexString(age).toUpperCase(Locale.ROOT));
    return sb.toString();
  }

  /** Sentry's form: a lower-case UUID, with {@code -<hex age>} only when the age is not 0. */
  public String sentry() {
    StringBuilder sb = new StringBuilder(45);
    appendHex(sb, hi >>> 32, 8);
    sb.append('-');
    appendHex(sb, hi >>> 16, 4);
    sb.append('-');
    appendHex(sb, hi, 4);
    sb.append('-');
    appendHex(sb, lo >>> 48, 4);
    sb.append('-');
    appendHex(sb, lo, 12);
    String uuid = sb.toString().toLowerCase(Locale.ROOT);
    return age == 0 ? uuid : uuid + "-" + Long.toHexString(age);
  }

  /** The age (PDB age; 0 for ELF and Mach-O). */
  public long age() {
    return age;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DebugId d && d.hi == hi && d.lo == lo && d.age == age;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(hi) * 31 * 31 + Long.hashCode(lo) * 31 + Long.hashCode(age);
  }

  @Override
  public int compareTo(DebugId o) {
    int c = Long.compareUnsigned(hi, o.hi);
    if (c == 0) {
      c = Long.compareUnsigned(lo, o.lo);
    }
    return c != 0 ? c : Long.compare(age, o.age);
  }

  /** Breakpad's form, the key symbol stores use in their paths. */
  @Override
  public String toString() {
    return breakpad();
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] hexBytes(String hex, String what) {
    String s = hex == null ? "" : hex.trim();
    if (s.isEmpty() || s.length() % 2 != 0 || !isHex(s)) {
      throw new IllegalArgumentException("not a " + what + ": '" + hex + "'");
    }
    byte[] b = new byte[s.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }

  private static void reverse(byte[] b, int from, int len) {
    for (int i = 0; i < len / 2; i++) {
      byte t = b[from + i];
      b[from + i] = b[from + len - 1 - i];
      b[from + len - 1 - i] = t;
    }
  }

  private static long bytesToLong(byte[] b, int from) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[from + i] & 0xFF);
    }
    return v;
  }

  private static void appendHex(StringBuilder sb, long v, int digits) {
    for (int i = digits - 1; i >= 0; i--) {
      sb.append(HEX[(int) (v >>> (4 * i)) & 0xF]);
    }
  }
}
