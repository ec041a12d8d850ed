package dev.crashflow.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crashflow.runners.dataflow.FlexTemplateMain;
import dev.crashflow.transforms.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Flex Template spec {@code runners/dataflow/metadata.json} stays in step with {@code
 * CrashflowOptions}: every option is a template parameter and every parameter an option, each
 * described, and every regex is one Dataflow can apply (RE2 syntax, anchored) and agrees with what
 * crashflow itself accepts.
 */
class FlexTemplateMetadataTest {
  static final Path METADATA = Path.of("runners/dataflow/metadata.json");

  /** ParameterMetadata's fields in the Dataflow v1b3 API. */
  private static final Set<String> FIELDS = Set.of("name", "label", "helpText", "isOptional", "regexes",
      "paramType", "enumOptions", "defaultValue", "groupName", "parentName", "parentTriggerValues",
      "hiddenUi", "customMetadata");
  private static final Set<String> PARAM_TYPES = Set.of("DEFAULT", "TEXT", "GCS_READ_BUCKET",
      "GCS_WRITE_BUCKET", "GCS_READ_FILE", "GCS_WRITE_FILE", "GCS_READ_FOLDER", "GCS_WRITE_FOLDER",
      "PUBSUB_TOPIC", "PUBSUB_SUBSCRIPTION", "BIGQUERY_TABLE", "JAVASCRIPT_UDF_FILE", "SERVICE_ACCOUNT",
      "MACHINE_TYPE", "KMS_KEY_NAME", "WORKER_REGION", "WORKER_ZONE", "BOOLEAN", "ENUM", "NUMBER",
      "KAFKA_READ_TOPIC", "KAFKA_WRITE_TOPIC");

  private static JsonNode metadata;
  private static Map<String, JsonNode> params;
  private static Map<String, CrashflowOptionSpecs> options;

  @BeforeAll
  static void load() throws IOException {
    metadata = new ObjectMapper().readTree(METADATA.toFile());
    params = new LinkedHashMap<>();
    for (JsonNode p : metadata.path("parameters")) {
      if (params.put(p.path("name").asText(), p) != null) {
        fail("parameter " + p.path("name").asText() + " appears twice");
      }
    }
    options = CrashflowOptionSpecs.all();
  }

  @Test
  void everyOptionIsAParameterAndEveryParameterAnOption() {
    assertEquals(new TreeSet<>(options.keySet()), new TreeSet<>(params.keySet()),
        "runners/dataflow/metadata.json must list exactly CrashflowOptions' options");
  }

  @Test
  void templateAndParametersAreDescribedWithKnownFieldsOnly() {
    assertFalse(metadata.path("name").asText().isBlank(), "template name");
    assertFalse(metadata.path("description").asText().isBlank(), "template description");
    List<String> problems = new ArrayList<>();
    params.forEach((name, p) -> {
      p.fieldNames().forEachRemaining(f -> {
        if (!FIELDS.contains(f)) {
          problems.add(name + ": unknown field " + f);
        }
      });
      for (String f : List.of("label", "helpText")) {
        if (p.path(f).asText().isBlank()) {
          problems.add(name + ": " + f + " is empty");
        }
      }
      if (p.has("paramType") && !PARAM_TYPES.contains(p.get("paramType").asText())) {
        problems.add(name + ": unknown paramType " + p.get("paramType"));
      }
      if (!p.path("isOptional").isBoolean()) {
        problems.add(name + ": isOptional must be true or false");
      }
      if (p.has("parentName") && !params.containsKey(p.get("parentName").asText())) {
        problems.add(name + ": parentName " + p.get("parentName") + " is no parameter");
      }
    });
    assertEquals(List.of(), problems);
  }

  @Test
  void regexesAreAnchoredAndCompileInJavaAndRe2() {
    List<String> problems = new ArrayList<>();
    params.forEach((name, p) -> {
      for (String regex : regexes(p)) {
        if (!regex.startsWith("^") || !regex.endsWith("$")) {
          problems.add(name + ": regex " + regex + " is not anchored with ^...$");
        }
        try {
          Pattern.compile(regex);
          com.google.re2j.Pattern.compile(regex);
        } catch (RuntimeException e) {
          problems.add(name + ": regex " + regex + " does not compile: " + e.getMessage());
        }
      }
    });
    assertEquals(List.of(), problems);
  }

  /**
   * An optional parameter left out takes the option's default, so its regexes must accept it and
   * {@code defaultValue} (what the console pre-fills) must be it. An empty default means "not
   * set" in crashflow's options and is exempt; a required parameter's default is never used.
   */
  @Test
  void optionalParametersShowAndAcceptTheOptionDefault() {
    List<String> problems = new ArrayList<>();
    params.forEach((name, p) -> {
      CrashflowOptionSpecs option = options.get(name);
      if (option == null || !p.path("isOptional").asBoolean()) {
        return;
      }
      String def = option.defaultValue();
      if (def == null || def.isEmpty()) {
        if (p.has("defaultValue")) {
          problems.add(name + ": defaultValue " + p.get("defaultValue") + " but the option has none");
        }
        return;
      }
      if (!def.equals(p.path("defaultValue").asText(null))) {
        problems.add(name + ": defaultValue " + p.get("defaultValue") + ", option default " + def);
      }
      for (String regex : regexes(p)) {
        if (!com.google.re2j.Pattern.matches(regex, def)) {
          problems.add(name + ": regex " + regex + " rejects the default " + def);
        }
      }
    });
    assertEquals(List.of(), problems);
  }

  @Test
  void parameterTypesFollowTheOptionTypes() {
    List<String> problems = new ArrayList<>();
    params.forEach((name, p) -> {
      CrashflowOptionSpecs option = options.get(name);
      if (option == null) {
        return;
      }
      String type = p.path("paramType").asText("");
      if (option.type().isEnum()) {
        checkEnum(name, p, option.type(), problems);
      } else if (option.isNumber()) {
        if (!type.equals("NUMBER")) {
          problems.add(name + ": a number option needs paramType NUMBER");
        }
        expect(name, p, List.of("0", "42"), List.of("", "abc", "-1", "1e3"), problems);
      } else if (option.isBoolean()) {
        if (!type.equals("BOOLEAN")) {
          problems.add(name + ": a boolean option needs paramType BOOLEAN");
        }
        expect(name, p, List.of("true", "false"), List.of("", "yes", "1"), problems);
      } else if (type.equals("ENUM") || type.equals("NUMBER") || type.equals("BOOLEAN")) {
        problems.add(name + ": paramType " + type + " on a " + option.type().getSimpleName() + " option");
      }
    });
    assertEquals(List.of(), problems);
  }

  private static void checkEnum(String name, JsonNode p, Class<?> type, List<String> problems) {
    if (!p.path("paramType").asText("").equals("ENUM")) {
      problems.add(name + ": an enum option needs paramType ENUM");
    }
    Set<String> constants = new TreeSet<>();
    Arrays.stream(type.getEnumConstants()).forEach(c -> constants.add(((Enum<?>) c).name()));
    List<String> offered = new ArrayList<>();
    p.path("enumOptions").forEach(o -> offered.add(o.path("value").asText()));
    if (offered.isEmpty()) {
      problems.add(name + ": ENUM without enumOptions");
    }
    for (String v : offered) {
      if (!constants.contains(v)) {
        problems.add(name + ": enum option " + v + " is not a constant of " + type.getSimpleName());
      }
    }
    List<String> others = new ArrayList<>(constants);
    others.removeAll(offered);
    others.add("bogus");
    expect(name, p, offered, others, problems);
  }

  /** Durations are the options that default to one; their regexes accept exactly what the pipeline parses. */
  @Test
  void durationRegexesAcceptExactlyWhatThePipelineParses() {
    List<String> samples = List.of("500ms", "30s", "10m", "6h", "3d", "0s", "90d", "10", "1.5h", "m",
        "10 m", "-1s", "10min", "1w", "", "5M");
    int durations = 0;
    for (Map.Entry<String, JsonNode> e : params.entrySet()) {
      CrashflowOptionSpecs option = options.get(e.getKey());
      if (option == null || option.type() != String.class || !parses(option.defaultValue())) {
        continue;
      }
      durations++;
      assertFalse(regexes(e.getValue()).isEmpty(), e.getKey() + ": a duration needs a regex");
      for (String s : samples) {
        for (String regex : regexes(e.getValue())) {
          assertEquals(parses(s), com.google.re2j.Pattern.matches(regex, s),
              e.getKey() + ": regex " + regex + " on '" + s + "'");
        }
      }
    }
    assertTrue(durations >= 10, "found only " + durations + " duration options");
  }

  @Test
  void formatRegexesAcceptRealValuesAndRejectLookAlikes() {
    List<String> problems = new ArrayList<>();
    expect("subscription", params.get("subscription"),
        List.of("projects/my-game/subscriptions/crashflow-crashes"),
        List.of("crashflow-crashes", "projects/my-game/topics/crashes", "projects/p/subscriptions/"), problems);
    expect("issueSignalsTopic", params.get("issueSignalsTopic"),
        List.of("projects/my-game/topics/crashflow-issue-signals"),
        List.of("crashflow-issue-signals", "projects/p/subscriptions/s"), problems);
    expect("archive", params.get("archive"), List.of("gs://my-archive", "gs://my-archive/raw/"),
        List.of("/tmp/archive", "crashflow-out/archive", "gs://", "s3://bucket/x"), problems);
    expect("input", params.get("input"), List.of("gs://my-archive/archive/app=com.example/dt=2026-11-20/**"),
        List.of("gs://my-archive", "events/*.jsonl", ""), problems);
    expect("bigQueryDataset", params.get("bigQueryDataset"),
        List.of("my-game:crashflow", "my-game.crashflow", "example.com:my-game:crashflow"),
        List.of("crashflow", "my-game:", "my-game:crash-flow"), problems);
    assertEquals(List.of(), problems);
  }

  /** The parameters a Dataflow launch cannot do without are required, so a launch without them is refused up front. */
  @Test
  void outputsThatOnlyMakeSenseInTheCloudAreRequired() {
    for (String name : List.of("outputType", "bigQueryDataset", "archive")) {
      assertFalse(params.get(name).path("isOptional").asBoolean(true), name + " must be required");
    }
  }

  /** gcloud's own parser accepts the spec (skipped where the Google Cloud SDK is not installed). */
  @Test
  void gcloudBuildsATemplateSpecFromTheMetadata() throws Exception {
    Assumptions.assumeTrue(onPath("gcloud"),
        "gcloud (Google Cloud SDK) is not on PATH: skipping the check with gcloud's own metadata parser");
    Path config = Files.createDirectories(Path.of("target", "gcloud-config"));
    ProcessBuilder pb = new ProcessBuilder("gcloud", "dataflow", "flex-template", "build",
        "gs://crashflow-test/templates/crashflow.json", "--image=gcr.io/crashflow-test/crashflow:test",
        "--sdk-language=JAVA", "--metadata-file=" + METADATA, "--print-only", "--format=json")
        .redirectError(config.resolve("stderr.txt").toFile());
    pb.environment().put("CLOUDSDK_CONFIG", config.toAbsolutePath().toString());
    pb.environment().put("CLOUDSDK_CORE_DISABLE_PROMPTS", "1");
    pb.environment().put("CLOUDSDK_CORE_DISABLE_USAGE_REPORTING", "true");
    Process process = pb.start();
    String out = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "gcloud did not finish");
    assertEquals(0, process.exitValue(), out + Files.readString(config.resolve("stderr.txt")));
    // --print-only --format=json prints the spec as one JSON string
    JsonNode printed = new ObjectMapper().readTree(out);
    JsonNode spec = printed.isTextual() ? new ObjectMapper().readTree(printed.asText()) : printed;
    assertEquals(params.size(), spec.path("metadata").path("parameters").size(), out);
    assertEquals("JAVA", spec.path("sdkInfo").path("language").asText(), out);
  }

  @Test
  void theTemplateMainDefaultsToTheDataflowRunner() {
    assertEquals("DataflowRunner", FlexTemplateMain.options(new String[] {"--inputType=file"})
        .getRunner().getSimpleName());
    assertEquals("DirectRunner", FlexTemplateMain.options(new String[] {"--runner=DirectRunner"})
        .getRunner().getSimpleName());
  }

  private static void expect(String name, JsonNode p, List<String> accepted, List<String> rejected,
      List<String> problems) {
    List<String> regexes = regexes(p);
    if (regexes.isEmpty()) {
      problems.add(name + ": no regex");
      return;
    }
    for (String regex : regexes) {
      for (String s : accepted) {
        if (!com.google.re2j.Pattern.matches(regex, s)) {
          problems.add(name + ": regex " + regex + " rejects '" + s + "'");
        }
      }
      for (String s : rejected) {
        if (com.google.re2j.Pattern.matches(regex, s)) {
          problems.add(name + ": regex " + regex + " accepts '" + s + "'");
        }
      }
    }
  }

  static List<String> regexes(JsonNode p) {
    List<String> out = new ArrayList<>();
    p.path("regexes").forEach(r -> out.add(r.asText()));
    return out;
  }

  private static boolean parses(String duration) {
    try {
      Durations.parse(duration);
      return duration != null && !duration.isEmpty();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
