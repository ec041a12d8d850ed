package dev.crashflow.transforms;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.services.bigquery.model.TableRow;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes table rows as JSON lines in UTF-8, byte for byte what {@code
 * ObjectMapper.writeValueAsString(row)} encoded as UTF-8 gives (the local warehouse's format), but
 * generated straight into bytes: no intermediate String, no char encoder.
 *
 * <p>One difference had to be worked around: Jackson's byte generator writes every UTF-16
 * surrogate (emoji, other characters beyond the BMP, and broken halves) as a {@code \}{@code uD8xx}
 * escape, or fails on some broken ones, where the String route writes a pair as its 4-byte UTF-8
 * form and a lone half as {@code ?}. Such rows are rare (crash text is nearly all ASCII); they
 * are detected (an escape of a surrogate in the output, or the generator failing) and written
 * through the String route instead, so the bytes never differ. Not thread-safe: one per writer.
 */
public final class TableRowJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Bytes line = new Bytes();
  private JsonGenerator generator;
  private long fallbacks;

  /** Writes {@code row} as one line (its JSON and {@code \n}) to {@code out}. */
  public void writeLine(TableRow row, OutputStream out) throws IOException {
    line.reset();
    if (!generate(row) || hasSurrogateEscape(line.buf, line.len)) {
      fallbacks++;
      line.reset();
      line.write(JSON.writeValueAsString(row).getBytes(StandardCharsets.UTF_8));
    }
    line.write('\n');
    out.write(line.buf, 0, line.len);
  }

  /** Rows written through the String route so far (see the class comment). */
  public long fallbacks() {
    return fallbacks;
  }

  /** True when {@code row} was generated into {@link #line}; false when the generator gave up. */
  private boolean generate(TableRow row) throws IOException {
    if (generator == null) {
      generator = JSON.getFactory().createGenerator(line);
      generator.setRootValueSeparator(null); // lines are separated here, not by Jackson
    }
    try {
      value(row);
      generator.flush();
      return true;
    } catch (IOException | RuntimeException e) {
      // Its state is mid-value now: start the next row on a fresh generator. A row that cannot
      // be written at all fails again on the String route, and that failure propagates.
      generator = null;
      return false;
    }
  }

  /**
   * Writes a value as {@code ObjectMapper} does, but walks the types rows are made of (strings,
   * numbers, booleans, lists, nested rows) itself: for them Jackson's serializer lookup and
   * GenericData's reflective entry set cost as much as the encoding. A row's fields are its
   * "unknown keys" (TableRow's one declared field, {@code f}, is for the BigQuery API's cell form:
   * a row that has it goes to Jackson whole, as does any other type).
   */
  private void value(Object v) throws IOException {
    if (v == null) {
      generator.writeNull();
    } else if (v instanceof String s) {
      generator.writeString(s);
    } else if (v instanceof TableRow r && r.getF() == null) {
      generator.writeStartObject();
      for (Map.Entry<String, Object> field : r.getUnknownKeys().entrySet()) {
        generator.writeFieldName(field.getKey());
        value(field.getValue());
      }
      generator.writeEndObject();
    } else if (v instanceof Long n) {
      generator.writeNumber(n);
    } else if (v instanceof Integer n) {
      generator.writeNumber(n);
    } else if (v instanceof Boolean b) {
      generator.writeBoolean(b);
    } else if (v instanceof Double d) {
      generator.writeNumber(d);
    } else if (v instanceof List<?> list) {
      generator.writeStartArray();
      for (Object e : list) {
        value(e);
      }
      generator.writeEndArray();
    } else {
      JSON.writeValue(generator, v);
    }
  }

  /**
   * True when {@code bytes} holds {@code \}{@code u} followed by a surrogate code unit ({@code
   * D800-DFFF}, any case). An escaped backslash followed by such text also matches, which only
   * sends that row down the String route.
   */
  static boolean hasSurrogateEscape(byte[] bytes, int len) {
    for (int i = 0; i + 3 < len; i++) {
      if (bytes[i] == '\\' && bytes[i + 1] == 'u' && (bytes[i + 2] | 0x20) == 'd') {
        int c = bytes[i + 3] | 0x20;
        if (c == '8' || c == '9' || (c >= 'a' && c <= 'f')) {
          return true;
        }
      }
    }
    return false;
  }

  /** A growable byte array the generator flushes into; reused for every line. */
  private static final class Bytes extends OutputStream {
    byte[] buf = new byte[1 << 13];
    int len;

    void reset() {
      len = 0;
    }

    private void ensure(int extra) {
      if (len + extra > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
      }
    }

    @Override
    public void write(int b) {
      ensure(1);
      buf[len++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int n) {
      ensure(n);
      System.arraycopy(b, off, buf, len, n);
      len += n;
    }
  }
}
