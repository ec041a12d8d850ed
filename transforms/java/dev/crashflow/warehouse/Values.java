package dev.crashflow.warehouse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Blob;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBStruct;

/**
 * Turns DuckDB JDBC values into plain Java values and renders them as text or JSON.
 *
 * <p>Plain values: TIMESTAMP becomes {@link Instant}, DATETIME {@link java.time.LocalDateTime},
 * BYTES {@code byte[]}, REPEATED a {@link List}, RECORD a {@link LinkedHashMap} in schema order,
 * JSON a Jackson {@link JsonNode}; numbers, strings, booleans, dates and times stay as they are.
 */
final class Values {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Values() {}

  static Object toJava(Object value) throws SQLException {
    if (value == null) {
      return null;
    }
    if (value instanceof OffsetDateTime odt) {
      return odt.toInstant();
    }
    if (value instanceof Timestamp ts) {
      return ts.toLocalDateTime();
    }
    if (value instanceof Time time) {
      return time.toLocalTime();
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate();
    }
    if (value instanceof Blob blob) {
      return blob.getBytes(1, (int) blob.length());
    }
    if (value instanceof DuckDBStruct struct) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : struct.getMap().entrySet()) {
        map.put(e.getKey(), toJava(e.getValue()));
      }
      return map;
    }
    if (value instanceof Struct struct) {
      return toJava(Arrays.asList(struct.getAttributes()));
    }
    if (value instanceof Array array) {
      List<Object> list = new ArrayList<>();
      for (Object element : (Object[]) array.getArray()) {
        list.add(toJava(element));
      }
      return list;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      for (Object element : list) {
        copy.add(toJava(element));
      }
      return copy;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        copy.put(String.valueOf(e.getKey()), toJava(e.getValue()));
      }
      return copy;
    }
    if (value instanceof org.duckdb.JsonNode json) {
      try {
        return MAPPER.readTree(json.toString());
      } catch (JsonProcessingException e) {
        return json.toString();
      }
    }
    return value;
  }

  /** Text for a table or CSV cell; {@code null} for SQL NULL so callers choose its spelling. */
  static String text(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof TemporalAccessor) {
      return temporal(value);
    }
    if (value instanceof byte[] || value instanceof List || value instanceof Map
        || value instanceof JsonNode) {
      JsonNode node = json(value);
      return node.isTextual() ? node.asText() : node.toString();
    }
    return value.toString();
  }

  /** The JSON form of a value: timestamps as ISO-8601 text, bytes as base64, like a TableRow. */
  static JsonNode json(Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof JsonNode node) {
      return node;
    }
    if (value instanceof String s) {
      return NODES.textNode(s);
    }
    if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
      return NODES.textNode(d.toString()); // JSON has no NaN; BigQuery writes these as text too
    }
    if (value instanceof Float f && (f.isNaN() || f.isInfinite())) {
      return NODES.textNode(f.toString());
    }
    if (value instanceof BigDecimal d) {
      return NODES.numberNode(d);
    }
    if (value instanceof BigInteger i) {
      return NODES.numberNode(i);
    }
    if (value instanceof Number n) {
      return n instanceof Double || n instanceof Float
          ? NODES.numberNode(n.doubleValue()) : NODES.numberNode(n.longValue());
    }
    if (value instanceof byte[] bytes) {
      return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
    }
    if (value instanceof List<?> list) {
      ArrayNode array = NODES.arrayNode();
      list.forEach(element -> array.add(json(element)));
      return array;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = NODES.objectNode();
      map.forEach((k, v) -> object.set(String.valueOf(k), json(v)));
      return object;
    }
    if (value instanceof TemporalAccessor) {
      return NODES.textNode(temporal(value));
    }
    return NODES.textNode(value.toString());
  }

  /** ISO-8601 with seconds always present ({@code LocalDateTime.toString} drops ":00"). */
  private static String temporal(Object value) {
    if (value instanceof LocalDateTime t) {
      return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
    }
    if (value instanceof LocalTime t) {
      return DateTimeFormatter.ISO_LOCAL_TIME.format(t);
    }
    return value.toString(); // Instant prints ISO_INSTANT with seconds, LocalDate is plain
  }
}
