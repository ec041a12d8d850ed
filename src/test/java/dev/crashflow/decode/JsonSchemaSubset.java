package dev.crashflow.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A JSON Schema (draft 2020-12) validator for exactly the keywords crashflow's input schemas use,
 * plus the list of property paths a schema declares. Any other keyword fails loudly, so the
 * schemas cannot drift into features this test would silently ignore. Public so that producers
 * of input events elsewhere (the crash text parsers) are held to the same contract.
 */
public final class JsonSchemaSubset {
  private static final Set<String> KEYWORDS = Set.of("$schema", "$id", "title", "description",
      "type", "properties", "required", "additionalProperties", "items", "prefixItems",
      "minItems", "maxItems", "anyOf", "enum", "pattern", "minimum", "$ref", "$defs");
  static final ObjectMapper MAPPER = new ObjectMapper();

  private final JsonNode root;

  JsonSchemaSubset(JsonNode root) {
    this.root = root;
  }

  public static JsonSchemaSubset load(String resource) {
    try (InputStream in = JsonSchemaSubset.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource);
      }
      return new JsonSchemaSubset(MAPPER.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Validation errors of {@code value}, empty when valid. */
  public List<String> validate(JsonNode value) {
    List<String> errors = new ArrayList<>();
    check(root, value, "$", errors);
    return errors;
  }

  private JsonNode resolve(JsonNode schema) {
    while (schema.has("$ref")) {
      String ref = schema.get("$ref").asText();
      if (!ref.startsWith("#/$defs/")) {
        throw new IllegalStateException("unsupported $ref " + ref);
      }
      schema = root.get("$defs").get(ref.substring("#/$defs/".length()));
      if (schema == null) {
        throw new IllegalStateException("dangling $ref " + ref);
      }
    }
    return schema;
  }

  private void check(JsonNode schema, JsonNode v, String at, List<String> errors) {
    for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KEYWORDS.contains(k)) {
        throw new IllegalStateException("keyword not supported by this test: " + k + " at " + at);
      }
    }
    schema = resolve(schema);
    if (schema.has("type") && !typeMatches(schema.get("type"), v)) {
      errors.add(at + ": type " + v.getNodeType() + " not in " + schema.get("type"));
      return;
    }
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode e : schema.get("enum")) {
        found |= e.equals(v);
      }
      if (!found) {
        errors.add(at + ": " + v + " not in enum " + schema.get("enum"));
      }
    }
    if (schema.has("pattern") && v.isTextual()
        && !Pattern.compile(schema.get("pattern").asText()).matcher(v.asText()).find()) {
      errors.add(at + ": \"" + v.asText() + "\" does not match " + schema.get("pattern"));
    }
    if (schema.has("minimum") && v.isNumber()
        && v.decimalValue().compareTo(new BigDecimal(schema.get("minimum").asText())) < 0) {
      errors.add(at + ": " + v + " below minimum");
    }
    if (schema.has("anyOf")) {
      boolean any = false;
      List<String> branchErrors = new ArrayList<>();
      for (JsonNode branch : schema.get("anyOf")) {
        List<String> e = new ArrayList<>();
        check(branch, v, at, e);
        any |= e.isEmpty();
        branchErrors.addAll(e);
      }
      if (!any) {
        errors.add(at + ": matches no anyOf branch: " + branchErrors);
      }
    }
    if (v.isObject()) {
      if (schema.has("required")) {
        for (JsonNode r : schema.get("required")) {
          if (!v.has(r.asText())) {
            errors.add(at + ": missing required " + r.asText());
          }
        }
      }
      JsonNode props = schema.path("properties");
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (props.has(f.getKey())) {
          check(props.get(f.getKey()), f.getValue(), at + "." + f.getKey(), errors);
        } else if (schema.has("additionalProperties")) {
          JsonNode ap = schema.get("additionalProperties");
          if (ap.isBoolean() && !ap.booleanValue()) {
            errors.add(at + ": unexpected property " + f.getKey());
          } else if (ap.isObject()) {
            check(ap, f.getValue(), at + "." + f.getKey(), errors);
          }
        }
      }
    }
    if (v.isArray()) {
      int prefix = 0;
      if (schema.has("prefixItems")) {
        JsonNode p = schema.get("prefixItems");
        for (; prefix < p.size() && prefix < v.size(); prefix++) {
          check(p.get(prefix), v.get(prefix), at + "[" + prefix + "]", errors);
        }
      }
      if (schema.has("items")) {
        for (int i = prefix; i < v.size(); i++) {
          check(schema.get("items"), v.get(i), at + "[" + i + "]", errors);
        }
      }
      if (schema.has("minItems") && v.size() < schema.get("minItems").asInt()) {
        errors.add(at + ": fewer than " + schema.get("minItems") + " items");
      }
      if (schema.has("maxItems") && v.size() > schema.get("maxItems").asInt()) {
        errors.add(at + ": more than " + schema.get("maxItems") + " items");
      }
    }
  }

  private static boolean typeMatches(JsonNode type, JsonNode v) {
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (typeMatches(t, v)) {
          return true;
        }
      }
      return false;
    }
    switch (type.asText()) {
      case "object": return v.isObject();
      case "array": return v.isArray();
      case "string": return v.isTextual();
      case "boolean": return v.isBoolean();
      case "null": return v.isNull();
      case "number": return v.isNumber();
      case "integer":
        return v.isIntegralNumber()
            || (v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0);
      default: throw new IllegalStateException("unknown type " + type);
    }
  }

  /** Top-level property names. */
  Set<String> topLevelProperties() {
    Set<String> out = new TreeSet<>();
    root.get("properties").fieldNames().forEachRemaining(out::add);
    return out;
  }

  /**
   * Every property path the schema declares, in the decoder's trace notation: nested objects
   * joined with dots, array elements as {@code []}. Arrays whose items declare no properties
   * (scalar lists, pairs) end at the array's own path.
   */
  Set<String> propertyPaths() {
    Set<String> out = new TreeSet<>();
    collect(root, "", out, 0);
    return out;
  }

  private void collect(JsonNode schema, String prefix, Set<String> out, int depth) {
    if (depth > 20) {
      return; // schemas here are not recursive; this guards against a mistake
    }
    schema = resolve(schema);
    if (schema.has("anyOf")) {
      for (JsonNode b : schema.get("anyOf")) {
        collect(b, prefix, out, depth + 1);
      }
    }
    if (schema.has("properties")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = schema.get("properties").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> p = it.next();
        String path = prefix.isEmpty() ? p.getKey() : prefix + "." + p.getKey();
        out.add(path);
        collect(p.getValue(), path, out, depth + 1);
      }
    }
    if (schema.has("items")) {
      collect(schema.get("items"), prefix + "[]", out, depth + 1);
    }
  }
}
