package dev.crashflow.retrace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lenient JSON reader for the {@code # {...}} metadata lines of R8 mapping files.
 *
 * <p>R8 writes strict JSON, but hand-written and older maps use single quotes and bare keys
 * ({@code { id: 'com.android.tools.r8.mapping', version: '2.0' }}), which a strict parser rejects.
 * Objects become {@link LinkedHashMap}, arrays {@link ArrayList}, every scalar a {@link String}.
 */
final class MiniJson {
  private final String s;
  private int i;

  private MiniJson(String s) {
    this.s = s;
  }

  /** Parses one value; throws {@link IllegalArgumentException} on malformed text. */
  static Object parse(String text) {
    MiniJson p = new MiniJson(text);
    Object v = p.value();
    p.ws();
    if (p.i != p.s.length()) {
      throw p.error("trailing text");
    }
    return v;
  }

  private Object value() {
    ws();
    if (i >= s.length()) {
      throw error("unexpected end");
    }
    char c = s.charAt(i);
    if (c == '{') {
      return object();
    }
    if (c == '[') {
      return array();
    }
    if (c == '"' || c == '\'') {
      return string();
    }
    return bare();
  }

  private Map<String, Object> object() {
    Map<String, Object> m = new LinkedHashMap<>();
    i++;
    ws();
    if (peek() == '}') {
      i++;
      return m;
    }
    while (true) {
      ws();
      char c = peek();
      String key = (c == '"' || c == '\'') ? string() : bare();
      ws();
      expect(':');
      m.put(key, value());
      ws();
      char d = next();
      if (d == '}') {
        return m;
      }
      if (d != ',') {
        throw error("expected , or }");
      }
    }
  }

  private List<Object> array() {
    List<Object> l = new ArrayList<>();
    i++;
    ws();
    if (peek() == ']') {
      i++;
      return l;
    }
    while (true) {
      l.add(value());
      ws();
      char d = next();
      if (d == ']') {
        return l;
      }
      if (d != ',') {
        throw error("expected , or ]");
      }
    }
  }

  private String string() {
    char q = next();
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = next();
      if (c == q) {
        return b.toString();
      }
      if (c == '\\') {
        char e = next();
        switch (e) {
          case 'n' -> b.append('\n');
          case 't' -> b.append('\t');
          case 'r' -> b.append('\r');
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'u' -> {
            if (i + 4 > s.length()) {
              throw error("bad unicode escape");
            }
            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
          }
          default -> b.append(e);
        }
      } else {
        b.append(c);
      }
    }
  }

  private String bare() {
    int start = i;
    while (i < s.length() && ",:}] \t".indexOf(s.charAt(i)) < 0) {
      i++;
    }
    if (start == i) {
      throw error("expected a value");
    }
    return s.substring(start, i);
  }

  private void ws() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
  }

  private char peek() {
    return i < s.length() ? s.charAt(i) : '\0';
  }

  private char next() {
    if (i >= s.length()) {
      throw error("unexpected end");
    }
    return s.charAt(i++);
  }

  private void expect(char c) {
    if (next() != c) {
      throw error("expected " + c);
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at column " + i);
  }
}
