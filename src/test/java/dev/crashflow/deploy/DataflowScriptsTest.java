package dev.crashflow.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crashflow.pipelines.CrashflowOptions;
import dev.crashflow.pipelines.OptionsValidator;
import dev.crashflow.runners.dataflow.FlexTemplateMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Dataflow build and launch scripts, run with {@code DRY_RUN=1} so they print the gcloud and
 * java commands instead of running them: what they pass must be what the template and the
 * pipeline accept, and missing settings must be reported all at once.
 */
class DataflowScriptsTest {
  private static final Path DIR = Path.of("runners/dataflow");

  @TempDir Path tmp;

  private Map<String, String> env() throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CRASHFLOW_PROJECT", "my-game");
    env.put("CRASHFLOW_REGION", "europe-west1");
    env.put("CRASHFLOW_SUBSCRIPTION", "projects/my-game/subscriptions/crashflow-crashes");
    env.put("CRASHFLOW_DATASET", "my-game:crashflow");
    env.put("CRASHFLOW_ARCHIVE", "gs://my-game-crashflow-archive/archive");
    env.put("CRASHFLOW_TEMP_LOCATION", "gs://my-game-crashflow-temp/temp");
    env.put("CRASHFLOW_SERVICE_ACCOUNT", "crashflow-worker@my-game.iam.gserviceaccount.com");
    env.put("CRASHFLOW_TEMPLATE", "gs://my-game-crashflow-temp/templates/crashflow.json");
    env.put("CRASHFLOW_SYMBOLS", "gs://my-game-crashflow-symbols");
    env.put("CRASHFLOW_ISSUE_SIGNALS_TOPIC", "projects/my-game/topics/crashflow-issue-signals");
    env.put("CRASHFLOW_JAR", Files.writeString(tmp.resolve("crashflow.jar"), "not a real jar").toString());
    return env;
  }

  @Test
  void flexLaunchPassesOnlyTemplateParametersInTheFormsTheTemplateAccepts() throws Exception {
    Run run = run(env(), "launch.sh", "flex", "--max-workers=4", "--", "dedupHorizon=2h");
    assertEquals(0, run.code, run.err);
    List<String> cmd = run.command();
    assertEquals(List.of("gcloud", "dataflow", "flex-template", "run", "crashflow"), cmd.subList(0, 5));
    Map<String, String> flags = flags(cmd);
    assertEquals("gs://my-game-crashflow-temp/templates/crashflow.json", flags.get("--template-file-gcs-location"));
    assertEquals("gs://my-game-crashflow-temp/staging", flags.get("--staging-location"));
    assertEquals("4", flags.get("--max-workers"));
    assertTrue(flags.containsKey("--enable-streaming-engine"), cmd.toString());
    Map<String, String> passed = templateParameters(flags);
    assertEquals("pubsub", passed.get("inputType"));
    assertEquals("2h", passed.get("dedupHorizon"));
  }

  /** With --input the launch is a batch replay of archived messages, into a separate archive. */
  @Test
  void flexReplayReadsTheArchiveInBatchAndArchivesElsewhere() throws Exception {
    Map<String, String> env = env();
    env.remove("CRASHFLOW_SUBSCRIPTION");
    Run run = run(env, "launch.sh", "flex", "--input=gs://my-game-crashflow-archive/archive/app=com.example.puzzle/dt=2026-11-2*/**");
    assertEquals(0, run.code, run.err);
    List<String> cmd = run.command();
    assertTrue(cmd.get(4).startsWith("crashflow-replay-"), "a replay must not take the streaming job's name: " + cmd);
    Map<String, String> flags = flags(cmd);
    assertTrue(!flags.containsKey("--enable-streaming-engine") && !flags.containsKey("--update"), cmd.toString());
    Map<String, String> passed = templateParameters(flags);
    assertEquals("file", passed.get("inputType"));
    assertEquals("FILE_LOADS", passed.get("bigQueryWriteMethod"));
    assertEquals("gs://my-game-crashflow-temp/replays/" + cmd.get(4), passed.get("archive"));
    assertTrue(!passed.containsKey("subscription"), passed.toString());
  }

  private static Map<String, String> templateParameters(Map<String, String> flags) throws IOException {
    String params = flags.get("--parameters");
    assertTrue(params.startsWith("^~^"), params);
    Map<String, JsonNode> metadata = metadataParams();
    Map<String, String> passed = new LinkedHashMap<>();
    for (String kv : params.substring(3).split("~")) {
      passed.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
    }
    for (Map.Entry<String, String> e : passed.entrySet()) {
      JsonNode p = metadata.get(e.getKey());
      assertTrue(p != null, e.getKey() + " is not a template parameter");
      for (String regex : FlexTemplateMetadataTest.regexes(p)) {
        assertTrue(com.google.re2j.Pattern.matches(regex, e.getValue()),
            e.getKey() + "=" + e.getValue() + " fails the template's regex " + regex);
      }
    }
    metadata.forEach((name, p) -> {
      if (!p.path("isOptional").asBoolean()) {
        assertTrue(passed.containsKey(name), "required parameter " + name + " not passed: " + passed);
      }
    });
    return passed;
  }

  @Test
  void jarLaunchPassesOptionsThePipelineAcceptsAndValidates() throws Exception {
    Run run = run(env(), "launch.sh", "jar", "--update", "--transform-name-mapping={\"Old\":\"New\"}");
    assertEquals(0, run.code, run.err);
    List<String> cmd = run.command();
    assertEquals(List.of("java", "-jar", env().get("CRASHFLOW_JAR"), "run"), cmd.subList(0, 4));
    String[] args = cmd.subList(4, cmd.size()).toArray(String[]::new);
    CrashflowOptions options = FlexTemplateMain.options(args);
    OptionsValidator.validate(options);
    DataflowPipelineOptions dataflow = options.as(DataflowPipelineOptions.class);
    assertEquals("DataflowRunner", options.getRunner().getSimpleName());
    assertEquals("my-game", dataflow.getProject());
    assertTrue(dataflow.isEnableStreamingEngine() && dataflow.isStreaming() && dataflow.isUpdate());
    assertEquals(Map.of("Old", "New"), dataflow.getTransformNameMapping());
    assertEquals(CrashflowOptions.OutputType.bigquery, options.getOutputType());
    assertEquals("gs://my-game-crashflow-archive/archive", options.getArchive());
    assertEquals("projects/my-game/topics/crashflow-issue-signals", options.getIssueSignalsTopic());

    Run replay = run(env(), "launch.sh", "jar", "--input=gs://my-game-crashflow-archive/archive/**",
        "--replay-job-name=crashflow-replay-nov");
    assertEquals(0, replay.code, replay.err);
    List<String> replayCmd = replay.command();
    CrashflowOptions batch = FlexTemplateMain.options(replayCmd.subList(4, replayCmd.size()).toArray(String[]::new));
    OptionsValidator.validate(batch);
    assertEquals(CrashflowOptions.InputType.file, batch.getInputType());
    assertEquals("gs://my-game-crashflow-archive/archive/**", batch.getInput());
    assertEquals("gs://my-game-crashflow-temp/replays/crashflow-replay-nov", batch.getArchive());
    assertEquals("crashflow-replay-nov", batch.as(DataflowPipelineOptions.class).getJobName());
    assertTrue(!batch.isStreaming() && !batch.as(DataflowPipelineOptions.class).isEnableStreamingEngine());
  }

  @Test
  void missingAndMalformedSettingsAreAllReportedBeforeAnythingRuns() throws Exception {
    Map<String, String> env = env();
    env.remove("CRASHFLOW_DATASET");
    env.remove("CRASHFLOW_TEMPLATE");
    env.put("CRASHFLOW_ARCHIVE", "/local/archive");
    env.put("CRASHFLOW_PROJECT", "123456789");
    Run run = run(env, "launch.sh", "flex");
    assertEquals(2, run.code, run.out);
    assertEquals("", run.out, "nothing may run");
    for (String expected : List.of("CRASHFLOW_DATASET (or --dataset) is not set",
        "CRASHFLOW_TEMPLATE (or --template) is not set", "CRASHFLOW_ARCHIVE must be a gs:// prefix",
        "CRASHFLOW_PROJECT must be a project id")) {
      assertTrue(run.err.contains(expected), "no '" + expected + "' in:\n" + run.err);
    }
    Run noMode = run(env(), "launch.sh");
    assertEquals(2, noMode.code);
    assertTrue(noMode.err.contains("first argument must be 'flex' or 'jar'"), noMode.err);
    Run replayIntoLiveArchive = run(env(), "launch.sh", "jar", "--input=gs://my-game-crashflow-archive/archive/**",
        "--replay-archive=gs://my-game-crashflow-archive/archive", "--update");
    assertEquals(2, replayIntoLiveArchive.code);
    assertTrue(replayIntoLiveArchive.err.contains("is the live archive"), replayIntoLiveArchive.err);
    assertTrue(replayIntoLiveArchive.err.contains("not to a batch replay"), replayIntoLiveArchive.err);
    Run mappingWithoutUpdate = run(env(), "launch.sh", "jar", "--transform-name-mapping={\"A\":\"B\"}");
    assertEquals(2, mappingWithoutUpdate.code);
    assertTrue(mappingWithoutUpdate.err.contains("only applies with --update"), mappingWithoutUpdate.err);
  }

  @Test
  void buildTemplateBuildsTheImageAndASpecFromTheMetadata() throws Exception {
    Run run = run(env(), "build-template.sh", "--image-tag=v1");
    assertEquals(0, run.code, run.err);
    String[] lines = run.out.strip().split("\n");
    assertEquals(2, lines.length, run.out);
    List<String> build = unquote(lines[0]);
    assertEquals(List.of("gcloud", "builds", "submit"), build.subList(0, 3));
    assertEquals("europe-west1-docker.pkg.dev/my-game/crashflow/crashflow:v1", flags(build).get("--tag"));
    Map<String, String> spec = flags(unquote(lines[1]));
    assertEquals("europe-west1-docker.pkg.dev/my-game/crashflow/crashflow:v1", spec.get("--image"));
    assertEquals("JAVA", spec.get("--sdk-language"));
    assertEquals(DIR.resolve("metadata.json").toAbsolutePath().normalize(),
        Path.of(spec.get("--metadata-file")).normalize());
    assertTrue(unquote(lines[1]).contains("gs://my-game-crashflow-temp/templates/crashflow.json"), lines[1]);

    Map<String, String> missing = env();
    missing.put("CRASHFLOW_JAR", tmp.resolve("absent.jar").toString());
    Run noJar = run(missing, "build-template.sh");
    assertEquals(2, noJar.code);
    assertTrue(noJar.err.contains("mvn -q -DskipTests package"), noJar.err);
  }

  /** The image runs FlexTemplateMain from the jar the Dockerfile copies in. */
  @Test
  void theDockerfileLaunchesFlexTemplateMainFromTheCopiedJar() throws IOException {
    String dockerfile = Files.readString(DIR.resolve("Dockerfile"));
    assertTrue(dockerfile.contains("FROM ${BASE_IMAGE}"), dockerfile);
    Matcher base = Pattern.compile("(?m)^ARG BASE_IMAGE=gcr\\.io/dataflow-templates-base/java17-template-launcher-base:\\S+$")
        .matcher(dockerfile);
    assertTrue(base.find(), "the base must be Google's Java 17 launcher image");
    assertEquals(FlexTemplateMain.class.getName(), env(dockerfile, "FLEX_TEMPLATE_JAVA_MAIN_CLASS"));
    String classpath = env(dockerfile, "FLEX_TEMPLATE_JAVA_CLASSPATH");
    Matcher copy = Pattern.compile("(?m)^COPY crashflow\\.jar (\\S+)$").matcher(dockerfile);
    assertTrue(copy.find(), dockerfile);
    assertEquals(copy.group(1), classpath);
  }

  private static String env(String dockerfile, String name) {
    Matcher m = Pattern.compile("(?m)^ENV " + name + "=(\\S+)$").matcher(dockerfile);
    assertTrue(m.find(), "no ENV " + name);
    return m.group(1);
  }

  private static Map<String, JsonNode> metadataParams() throws IOException {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    new ObjectMapper().readTree(FlexTemplateMetadataTest.METADATA.toFile()).path("parameters")
        .forEach(p -> out.put(p.path("name").asText(), p));
    return out;
  }

  private static Map<String, String> flags(List<String> cmd) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String a : cmd) {
      if (a.startsWith("--")) {
        int eq = a.indexOf('=');
        out.put(eq < 0 ? a : a.substring(0, eq), eq < 0 ? "" : a.substring(eq + 1));
      }
    }
    return out;
  }

  /** Splits a line printed with bash's printf %q (no values here contain spaces). */
  static List<String> unquote(String line) {
    List<String> out = new ArrayList<>();
    for (String word : line.strip().split(" ")) {
      out.add(word.replaceAll("\\\\(.)", "$1"));
    }
    return out;
  }

  record Run(int code, String out, String err) {
    List<String> command() {
      String[] lines = out.strip().split("\n");
      assertEquals(1, lines.length, out);
      return unquote(lines[0]);
    }
  }

  private Run run(Map<String, String> env, String script, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", DIR.resolve(script).toString()));
    cmd.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().keySet().removeIf(k -> k.startsWith("CRASHFLOW_"));
    pb.environment().putAll(env);
    pb.environment().put("DRY_RUN", "1");
    Path err = tmp.resolve("stderr.txt");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), script + " did not finish");
    return new Run(p.exitValue(), out, Files.readString(err));
  }
}
