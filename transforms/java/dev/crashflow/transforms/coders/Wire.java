package dev.crashflow.transforms.coders;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The primitives of crashflow's compact binary record format: variable-length integers, and
 * nullable strings, numbers, flags, lists and maps, each null written as one marker. Plain Java
 * over {@link DataOutputStream}/{@link DataInputStream}; the coders build on it.
 */
final class Wire {
  /** Functions that write and read one item of a list. */
  interface Writer<T> {
    void write(DataOutputStream out, T value) throws IOException;
  }

  interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private Wire() {}

  static void varLong(DataOutputStream out, long v) throws IOException {
    while ((v & ~0x7FL) != 0) {
      out.writeByte((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.writeByte((int) v);
  }

  static long varLong(DataInputStream in) throws IOException {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = in.readUnsignedByte();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IOException("malformed variable-length number");
  }

  /** A nullable string: 0 for null, else length + 1 then the UTF-8 bytes. */
  static void str(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeByte(0);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    varLong(out, b.length + 1L);
    out.write(b);
  }

  static String str(DataInputStream in) throws IOException {
    long n = varLong(in);
    if (n == 0) {
      return null;
    }
    if (n - 1 > Integer.MAX_VALUE) {
      throw new IOException("string too long: " + (n - 1));
    }
    byte[] b = new byte[(int) (n - 1)];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  /** A nullable long, zig-zag encoded. */
  static void lng(DataOutputStream out, Long v) throws IOException {
    out.writeBoolean(v != null);
    if (v != null) {
      varLong(out, (v << 1) ^ (v >> 63));
    }
  }

  static Long lng(DataInputStream in) throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    long z = varLong(in);
    return (z >>> 1) ^ -(z & 1);
  }

  static void integer(DataOutputStream out, Integer v) throws IOException {
    lng(out, v == null ? null : v.longValue());
  }

  static Integer integer(DataInputStream in) throws IOException {
    Long v = lng(in);
    return v == null ? null : Math.toIntExact(v);
  }

  /** A nullable flag: 0 null, 1 false, 2 true. */
  static void bool(DataOutputStream out, Boolean v) throws IOException {
    out.writeByte(v == null ? 0 : v ? 2 : 1);
  }

  static Boolean bool(DataInputStream in) throws IOException {
    int b = in.readUnsignedByte();
    return b == 0 ? null : b == 2;
  }

  static void bytes(DataOutputStream out, byte[] b) throws IOException {
    varLong(out, b.length);
    out.write(b);
  }

  static byte[] bytes(DataInputStream in) throws IOException {
    long n = varLong(in);
    if (n > Integer.MAX_VALUE) {
      throw new IOException("byte array too long: " + n);
    }
    byte[] b = new byte[(int) n];
    in.readFully(b);
    return b;
  }

  /** A nullable list (items may be null only when {@code item} writes nulls). */
  static <T> void list(DataOutputStream out, List<T> list, Writer<T> item) throws IOException {
    if (list == null) {
      out.writeByte(0);
      return;
    }
    varLong(out, list.size() + 1L);
    for (T t : list) {
      item.write(out, t);
    }
  }

  /** A list as written by {@link #list(DataOutputStream, List, Writer)}, unmodifiable. */
  static <T> List<T> list(DataInputStream in, Reader<T> item) throws IOException {
    long n = varLong(in);
    if (n == 0) {
      return null;
    }
    int size = Math.toIntExact(n - 1);
    List<T> out = new ArrayList<>(Math.min(size, 1 << 16));
    for (int i = 0; i < size; i++) {
      out.add(item.read(in));
    }
    return Collections.unmodifiableList(out);
  }

  /** A nullable string map, in its iteration order. */
  static void map(DataOutputStream out, Map<String, String> map) throws IOException {
    if (map == null) {
      out.writeByte(0);
      return;
    }
    varLong(out, map.size() + 1L);
    for (Map.Entry<String, String> e : map.entrySet()) {
      str(out, e.getKey());
      str(out, e.getValue());
    }
  }

  static Map<String, String> map(DataInputStream in) throws IOException {
    long n = varLong(in);
    if (n == 0) {
      return null;
    }
    int size = Math.toIntExact(n - 1);
    Map<String, String> out = new LinkedHashMap<>(Math.min(size, 1 << 16) * 2);
    for (int i = 0; i < size; i++) {
      out.put(str(in), str(in));
    }
    return Collections.unmodifiableMap(out);
  }
}
