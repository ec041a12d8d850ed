package dev.crashflow.decode;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A read-only view of one JSON object of the input, with typed accessors that turn a wrong JSON
 * type into {@code wrong_type} naming the JSON path. JSON null means absent everywhere. Strings
 * accept any scalar (stringified) because SDKs are loose about it; integers accept numeric strings.
 *
 * <p>When a trace set is given (tests only), every field read is recorded as a normalised path
 * ({@code exception.values[].stacktrace.frames[].lineno}), so a test can hold the decoder and the
 * input schema in step.
 */
final class JsonObj {
  private final JsonNode node;
  private final JsonObj parent;
  private final String segment;
  private final Set<String> trace;
  private String tracePath;

  private JsonObj(JsonNode node, JsonObj parent, String segment, Set<String> trace) {
    this.node = node;
    this.parent = parent;
    this.segment = segment;
    this.trace = trace;
  }

  static JsonObj root(JsonNode node, Set<String> trace) {
    return new JsonObj(node, null, "", trace);
  }

  /** The JSON path of this object with array indices, e.g. {@code exception.values[0]}. */
  String path() {
    if (parent == null) {
      return "";
    }
    String p = parent.path();
    return segment.startsWith("[") || p.isEmpty() ? p + segment : p + "." + segment;
  }

  String pathOf(String field) {
    String p = path();
    return p.isEmpty() ? field : p + "." + field;
  }

  private String tracePath() {
    if (tracePath == null) {
      if (parent == null) {
        tracePath = "";
      } else if (segment.startsWith("[")) {
        tracePath = parent.tracePath() + "[]";
      } else {
        String p = parent.tracePath();
        tracePath = p.isEmpty() ? segment : p + "." + segment;
      }
    }
    return tracePath;
  }

  private void record(String field) {
    if (trace != null) {
      String p = tracePath();
      trace.add(p.isEmpty() ? field : p + "." + field);
    }
  }

  /** The raw value, or null when absent or JSON null. */
  JsonNode get(String field) {
    record(field);
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v;
  }

  DecodeException wrongType(String field, String expected, JsonNode got) {
    return new DecodeException("wrong_type",
        pathOf(field) + ": expected " + expected + ", got " + got.getNodeType().name().toLowerCase());
  }

  String str(String field) throws DecodeException {
    JsonNode v = get(field);
    if (v == null) {
      return null;
    }
    if (v.isContainerNode()) {
      throw wrongType(field, "a string", v);
    }
    return v.asText();
  }

  Long lng(String field) throws DecodeException {
    JsonNode v = get(field);
    if (v == null) {
      return null;
    }
    try {
      if (v.isIntegralNumber() && v.canConvertToLong()) {
        return v.longValue();
      }
      if (v.isNumber()) {
        return v.decimalValue().longValueExact();
      }
      if (v.isTextual()) {
        return new BigDecimal(v.asText().trim()).longValueExact();
      }
    } catch (ArithmeticException | NumberFormatException e) {
      throw new DecodeException("wrong_type", pathOf(field) + ": expected an integer, got "
          + Scalars.shorten(v.toString()));
    }
    throw wrongType(field, "an integer", v);
  }

  /**
   * A number that only describes the device (a GPU id, a processor frequency): an integer, a
   * fractional number (rounded), a decimal string or a {@code 0x} hex string. Anything else reads
   * as absent rather than failing the event: SDKs disagree on these fields' forms.
   */
  Long looseLong(String field) {
    JsonNode v = get(field);
    if (v == null) {
      return null;
    }
    if (v.isIntegralNumber()) {
      return v.canConvertToLong() ? v.longValue() : null;
    }
    if (v.isNumber()) {
      double d = v.doubleValue();
      return Double.isFinite(d) && Math.abs(d) < 9.0e18 ? Math.round(d) : null;
    }
    if (!v.isTextual()) {
      return null;
    }
    String t = v.asText().trim();
    try {
      if (t.startsWith("0x") || t.startsWith("0X")) {
        return Long.parseUnsignedLong(t.substring(2), 16);
      }
      double d = Double.parseDouble(t);
      return Double.isFinite(d) && Math.abs(d) < 9.0e18 ? Math.round(d) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  Integer integer(String field) throws DecodeException {
    Long v = lng(field);
    if (v == null) {
      return null;
    }
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new DecodeException("wrong_type", pathOf(field) + ": integer out of range: " + v);
    }
    return v.intValue();
  }

  Double dbl(String field) throws DecodeException {
    JsonNode v = get(field);
    if (v == null) {
      return null;
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isTextual()) {
      try {
        double d = Double.parseDouble(v.asText().trim());
        if (Double.isFinite(d)) {
          return d;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw wrongType(field, "a number", v);
  }

  Boolean bool(String field) throws DecodeException {
    JsonNode v = get(field);
    if (v == null) {
      return null;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isTextual() && (v.asText().equals("true") || v.asText().equals("false"))) {
      return Boolean.valueOf(v.asText());
    }
    throw wrongType(field, "a boolean", v);
  }

  /** An address: hex string as sent, or a number (or decimal string) turned into {@code 0x..}. */
  String addr(String field) throws DecodeException {
    JsonNode v = get(field);
    if (v == null) {
      return null;
    }
    if (v.isIntegralNumber()) {
      return "0x" + v.bigIntegerValue().toString(16);
    }
    if (v.isTextual()) {
      return Scalars.address(v.asText());
    }
    throw wrongType(field, "an address (hex string or integer)", v);
  }

  /** A nested object, or null when absent. */
  JsonObj obj(String field) throws DecodeException {
    JsonNode v = get(field);
    if (v == null) {
      return null;
    }
    if (!v.isObject()) {
      throw wrongType(field, "an object", v);
    }
    return new JsonObj(v, this, field, trace);
  }

  /** The objects of an array field (null elements skipped), or an empty list when absent. */
  List<JsonObj> objects(String field) throws DecodeException {
    JsonNode v = get(field);
    if (v == null) {
      return List.of();
    }
    if (!v.isArray()) {
      throw wrongType(field, "an array", v);
    }
    return elements(field, v, 0);
  }

  /** An array field as a raw node (for callers that trim before reading), or null. */
  JsonNode array(String field) throws DecodeException {
    JsonNode v = get(field);
    if (v != null && !v.isArray()) {
      throw wrongType(field, "an array", v);
    }
    return v;
  }

  /** Objects of {@code array} from index {@code from}, viewed as children of {@code field}. */
  List<JsonObj> elements(String field, JsonNode array, int from) throws DecodeException {
    JsonObj holder = new JsonObj(array, this, field, trace);
    List<JsonObj> out = new ArrayList<>(array.size() - from);
    for (int i = from; i < array.size(); i++) {
      JsonNode e = array.get(i);
      if (e == null || e.isNull()) {
        continue;
      }
      if (!e.isObject()) {
        throw new DecodeException("wrong_type", holder.path() + "[" + i + "]: expected an object, got "
            + e.getNodeType().name().toLowerCase());
      }
      out.add(new JsonObj(e, holder, "[" + i + "]", trace));
    }
    return out;
  }

  /**
   * Sentry's "values" container: {@code {"values": [...]}} or a bare list. Returns the element
   * objects, empty when absent.
   */
  List<JsonObj> valuesList(String field) throws DecodeException {
    JsonNode v = get(field);
    if (v == null) {
      return List.of();
    }
    if (v.isArray()) {
      return elements(field, v, 0);
    }
    if (v.isObject()) {
      return new JsonObj(v, this, field, trace).objects("values");
    }
    throw wrongType(field, "an object with \"values\" or an array", v);
  }

  /** A view of a child object that is already known to be an object. */
  JsonObj child(String field, JsonNode value) {
    return new JsonObj(value, this, field, trace);
  }
}
