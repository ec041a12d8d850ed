package dev.crashflow.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Terraform files parsed by HashiCorp's HCL parser (npm {@code @cdktf/hcl2json}, run by node from
 * {@code .tools/}), as Terraform's JSON syntax: blocks become arrays of objects, attribute
 * expressions stay {@code "${...}"} strings, literals become JSON values.
 */
final class Hcl {
  static final Path TOOLS = Path.of(".tools", "node_modules");
  static final Path SCRIPT = Path.of("src", "test", "resources", "terraform", "hcl2json.js");
  static final String MISSING = "node and the npm package @cdktf/hcl2json are needed to parse terraform/:"
      + " run 'bash .ci/install-test-tools' (installs it into .tools/)";

  /** The blocks of all files, merged by kind and name. */
  final Map<String, JsonNode> variables = new LinkedHashMap<>();
  final Map<String, JsonNode> outputs = new LinkedHashMap<>();
  final Map<String, String> locals = new LinkedHashMap<>();
  final Map<String, Map<String, JsonNode>> resources = new LinkedHashMap<>();
  final Map<Path, JsonNode> files;

  private Hcl(Map<Path, JsonNode> files) {
    this.files = files;
    files.forEach((file, doc) -> {
      doc.path("variable").fields().forEachRemaining(e -> variables.put(e.getKey(), first(e.getValue())));
      doc.path("output").fields().forEachRemaining(e -> outputs.put(e.getKey(), first(e.getValue())));
      doc.path("locals").forEach(block -> block.fields().forEachRemaining(e -> {
        if (locals.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()) != null) {
          throw new IllegalStateException("local." + e.getKey() + " defined twice");
        }
      }));
      doc.path("resource").fields().forEachRemaining(type -> type.getValue().fields().forEachRemaining(named -> {
        if (resources.computeIfAbsent(type.getKey(), k -> new LinkedHashMap<>())
            .put(named.getKey(), first(named.getValue())) != null) {
          throw new IllegalStateException(type.getKey() + "." + named.getKey() + " defined twice");
        }
      }));
    });
  }

  private static JsonNode first(JsonNode blocks) {
    return blocks.isArray() ? blocks.get(0) : blocks;
  }

  JsonNode resource(String type, String name) {
    return resources.getOrDefault(type, Map.of()).get(name);
  }

  Map<String, JsonNode> resources(String type) {
    return resources.getOrDefault(type, Map.of());
  }

  static boolean available() {
    return FlexTemplateMetadataTest.onPath("node") && Files.isRegularFile(TOOLS.resolve("@cdktf/hcl2json/package.json"));
  }

  /** Parses every {@code *.tf} file of {@code dir}; a syntax error fails with the parser's message. */
  static Hcl parse(Path dir) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("node", SCRIPT.toString()));
    try (Stream<Path> tf = Files.list(dir)) {
      tf.filter(p -> p.toString().endsWith(".tf")).sorted().forEach(p -> cmd.add(p.toString()));
    }
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("NODE_PATH", TOOLS.toAbsolutePath().toString());
    Path err = Files.createTempFile("hcl2json", ".err");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("hcl2json did not finish in 60 s");
    }
    String stderr = Files.readString(err);
    Files.delete(err);
    if (p.exitValue() != 0) {
      throw new AssertionError("terraform files do not parse: " + stderr);
    }
    JsonNode all = new ObjectMapper().readTree(new String(out, StandardCharsets.UTF_8));
    Map<Path, JsonNode> files = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      files.put(Path.of(e.getKey()), e.getValue());
    }
    return new Hcl(files);
  }
}
