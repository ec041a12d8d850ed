package dev.crashflow.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableSchema;
import dev.crashflow.pipelines.CrashPipeline;
import dev.crashflow.pipelines.CrashflowOptions;
import dev.crashflow.pipelines.IoOverrides;
import dev.crashflow.warehouse.TableSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code terraform/} without a terraform binary: HashiCorp's HCL parser (npm {@code
 * @cdktf/hcl2json}, installed by {@code .ci/install-test-tools}) parses every file, and the test
 * checks what a plan would get wrong or what Terraform cannot check at all: every path read by
 * {@code file()}/{@code templatefile()} exists, every schema is a valid BigQuery schema, every
 * table is partitioned and clustered, the subscription dead-letters, the job drains on delete,
 * variables are typed and described, and the tables Terraform creates are exactly the tables the
 * pipeline writes. The checks needing the parser skip (with a message) where node or the package
 * is missing.
 */
class TerraformTest {
  static final Path MODULE = Path.of("terraform");
  static final Path SCHEMAS = Path.of("schemas");
  static final Path VIEWS = SCHEMAS.resolve("views");

  private static Hcl hcl;

  static synchronized Hcl hcl() throws Exception {
    Assumptions.assumeTrue(Hcl.available(), Hcl.MISSING);
    if (hcl == null) {
      hcl = Hcl.parse(MODULE);
    }
    return hcl;
  }

  static JsonNode tablesJson() throws IOException {
    return new ObjectMapper().readTree(SCHEMAS.resolve("tables.json").toFile());
  }

  static Set<String> tableNames() throws IOException {
    Set<String> names = new TreeSet<>();
    tablesJson().fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void everyFileAndTemplatefilePathExists() throws Exception {
    TerraformPaths paths = new TerraformPaths(MODULE, hcl());
    assertEquals(List.of(), paths.problems);
    // the for_each expansions were really evaluated: one schema per table, tables.json, the views folder
    List<Path> expected = new ArrayList<>();
    for (String table : tableNames()) {
      expected.add(SCHEMAS.resolve(table + ".json"));
    }
    expected.add(SCHEMAS.resolve("tables.json"));
    expected.add(VIEWS);
    for (Path p : expected) {
      assertTrue(paths.read.contains(MODULE.resolve("..").resolve(p).normalize()),
          "terraform never reads " + p + "; it reads " + paths.read);
    }
  }

  /** Every schema file, whether tables.json names it or not, is a BigQuery schema Terraform's {@code schema} accepts. */
  @Test
  void everySchemaFileIsAValidBigQuerySchema() throws IOException {
    List<String> problems = new ArrayList<>();
    int schemas = 0;
    try (Stream<Path> files = Files.list(SCHEMAS)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        if (f.getFileName().toString().equals("tables.json")) {
          continue;
        }
        schemas++;
        try {
          TableSchemas.fromJson(Files.readString(f));
          if (!new ObjectMapper().readTree(f.toFile()).isArray()) {
            problems.add(f + ": Terraform's schema argument takes a JSON array of fields");
          }
        } catch (IllegalArgumentException e) {
          problems.add(f + ": " + e.getMessage());
        }
      }
    }
    assertEquals(List.of(), problems);
    assertTrue(schemas >= tableNames().size());
  }

  /** tables.json gives each table a partition column and clustering columns BigQuery accepts. */
  @Test
  void everyTableIsPartitionedAndClusteredOnRealColumns() throws IOException {
    List<String> problems = new ArrayList<>();
    Set<String> partitionTypes = Set.of("TIMESTAMP", "DATE", "DATETIME");
    Set<String> clusterTypes = Set.of("STRING", "INTEGER", "INT64", "DATE", "TIMESTAMP", "DATETIME",
        "BOOLEAN", "BOOL", "NUMERIC", "BIGNUMERIC", "GEOGRAPHY");
    tablesJson().fields().forEachRemaining(e -> {
      String table = e.getKey();
      JsonNode spec = e.getValue();
      Path file = SCHEMAS.resolve(table + ".json");
      if (!Files.isRegularFile(file)) {
        problems.add(table + ": no " + file);
        return;
      }
      TableSchema schema;
      try {
        schema = TableSchemas.fromJson(Files.readString(file));
      } catch (IOException | IllegalArgumentException ex) {
        problems.add(table + ": " + ex.getMessage());
        return;
      }
      Map<String, TableFieldSchema> columns = new TreeMap<>();
      schema.getFields().forEach(f -> columns.put(f.getName(), f));
      if (spec.path("description").asText().isBlank()) {
        problems.add(table + ": no description");
      }
      TableFieldSchema partition = columns.get(spec.path("partition_field").asText());
      if (partition == null) {
        problems.add(table + ": partition_field '" + spec.path("partition_field").asText() + "' is not a top-level column");
      } else if (!partitionTypes.contains(partition.getType()) || "REPEATED".equals(partition.getMode())) {
        problems.add(table + ": partition column " + partition.getName() + " is " + partition.getMode() + " " + partition.getType());
      }
      JsonNode clustering = spec.path("clustering");
      if (!clustering.isArray() || clustering.isEmpty() || clustering.size() > 4) {
        problems.add(table + ": clustering must list 1 to 4 columns, got " + clustering);
      }
      clustering.forEach(c -> {
        TableFieldSchema col = columns.get(c.asText());
        if (col == null) {
          problems.add(table + ": clustering column " + c + " is not a top-level column");
        } else if (!clusterTypes.contains(col.getType()) || "REPEATED".equals(col.getMode())) {
          problems.add(table + ": cannot cluster on " + col.getMode() + " " + col.getType() + " column " + col.getName());
        }
      });
    });
    assertEquals(List.of(), problems);
  }

  /**
   * One resource creates the tables, for_each over tables.json as it stands (no filter), with the
   * schema, partitioning and clustering from schemas/; every other BigQuery table resource is a view.
   */
  @Test
  void terraformCreatesEveryTableOfTablesJsonFromSchemas() throws Exception {
    Hcl h = hcl();
    assertEquals("${jsondecode(file(\"${path.module}/../schemas/tables.json\"))}", h.locals.get("tables"));
    List<String> tableResources = new ArrayList<>();
    h.resources("google_bigquery_table").forEach((name, block) -> {
      if (block.has("view")) {
        assertEquals("false", block.path("view").get(0).path("use_legacy_sql").asText(), name + ": legacy SQL");
      } else {
        tableResources.add(name);
      }
    });
    assertEquals(List.of("tables"), tableResources, "the only google_bigquery_table resource that is not a view");
    JsonNode tables = h.resource("google_bigquery_table", "tables");
    assertEquals("${local.tables}", tables.path("for_each").asText());
    assertEquals("${each.key}", tables.path("table_id").asText());
    assertEquals("${file(\"${path.module}/../schemas/${each.key}.json\")}", tables.path("schema").asText());
    JsonNode partitioning = tables.path("time_partitioning").get(0);
    assertNotNull(partitioning, "tables are not partitioned");
    assertEquals("${each.value.partition_field}", partitioning.path("field").asText());
    assertEquals("DAY", partitioning.path("type").asText(), "the pipeline's BigQuery sink creates DAY partitions");
    assertTrue(partitioning.path("expiration_ms").asText().contains("var.partition_expiration_days"),
        "partition expiration comes from variables");
    assertEquals("${each.value.clustering}", tables.path("clustering").asText());
  }

  /** What the pipeline writes to BigQuery (every BigQueryIO.Write in the production graph) is tables.json. */
  @Test
  void thePipelineWritesExactlyTheTablesOfTablesJson() throws IOException {
    CrashflowOptions o = CrashPipeline.options(new String[] {"--runner=DirectRunner", "--project=my-game",
        "--inputType=pubsub", "--subscription=projects/my-game/subscriptions/crashes", "--outputType=bigquery",
        "--bigQueryDataset=my-game:crashflow", "--archive=gs://my-game-archive/archive",
        "--issueSignalsTopic=projects/my-game/topics/signals"});
    Pipeline p = Pipeline.create(o);
    CrashPipeline.build(p, o, IoOverrides.NONE);
    Set<String> written = new TreeSet<>();
    p.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
      @Override
      public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
        if (node.getTransform() instanceof BigQueryIO.Write<?> w) {
          assertEquals("crashflow", w.getTable().get().getDatasetId(), node.getFullName());
          written.add(w.getTable().get().getTableId());
        }
        return CompositeBehavior.ENTER_TRANSFORM;
      }
    });
    assertEquals(tableNames(), written);
  }

  @Test
  void theCrashSubscriptionDeadLettersToATopicThatKeepsThem() throws Exception {
    Hcl h = hcl();
    JsonNode sub = h.resource("google_pubsub_subscription", "crashes");
    assertNotNull(sub, "no google_pubsub_subscription.crashes");
    assertEquals("${google_pubsub_topic.crashes.id}", sub.path("topic").asText());
    JsonNode dlq = sub.path("dead_letter_policy").get(0);
    assertNotNull(dlq, "the crash subscription has no dead_letter_policy");
    Matcher topic = Pattern.compile("^\\$\\{google_pubsub_topic\\.(\\w+)\\.id}$").matcher(dlq.path("dead_letter_topic").asText());
    assertTrue(topic.matches(), "dead_letter_topic: " + dlq);
    String dlqTopic = topic.group(1);
    assertTrue(!dlqTopic.equals("crashes") && h.resource("google_pubsub_topic", dlqTopic) != null, dlqTopic);
    assertTrue(dlq.has("max_delivery_attempts"), dlq.toString());
    JsonNode retry = sub.path("retry_policy").get(0);
    assertTrue(retry != null && retry.has("minimum_backoff") && retry.has("maximum_backoff"), "no retry_policy");

    // a topic without a subscription drops what it receives
    boolean kept = h.resources("google_pubsub_subscription").values().stream()
        .anyMatch(s -> s.path("topic").asText().equals("${google_pubsub_topic." + dlqTopic + ".id}"));
    assertTrue(kept, "nothing subscribes to the dead-letter topic " + dlqTopic);

    // Pub/Sub's service agent must publish to the dead-letter topic and acknowledge on the source
    String agent = h.locals.get("pubsub_agent");
    assertTrue(agent != null && agent.contains("@gcp-sa-pubsub.iam.gserviceaccount.com"), agent);
    assertTrue(h.resources("google_pubsub_topic_iam_member").values().stream().anyMatch(m ->
        m.path("topic").asText().equals("${google_pubsub_topic." + dlqTopic + ".id}")
            && m.path("role").asText().equals("roles/pubsub.publisher")
            && m.path("member").asText().equals("${local.pubsub_agent}")), "Pub/Sub cannot publish dead letters");
    assertTrue(h.resources("google_pubsub_subscription_iam_member").values().stream().anyMatch(m ->
        m.path("subscription").asText().equals("${google_pubsub_subscription.crashes.id}")
            && m.path("role").asText().equals("roles/pubsub.subscriber")
            && m.path("member").asText().equals("${local.pubsub_agent}")), "Pub/Sub cannot forward dead letters");
  }

  @Test
  void theJobIsAStreamingEngineFlexTemplateJobThatDrainsOnDelete() throws Exception {
    Hcl h = hcl();
    Map<String, JsonNode> jobs = h.resources("google_dataflow_flex_template_job");
    assertEquals(Set.of("crashflow"), jobs.keySet());
    JsonNode job = jobs.get("crashflow");
    assertEquals("${google-beta}", job.path("provider").asText(), "the resource exists in google-beta only");
    assertEquals("drain", job.path("on_delete").asText());
    assertEquals("true", job.path("enable_streaming_engine").asText());
    assertEquals("${var.max_workers}", job.path("max_workers").asText());
    assertEquals("${google_service_account.worker.email}", job.path("service_account_email").asText());
    assertEquals("${var.transform_name_mapping}", job.path("transform_name_mapping").asText());
  }

  /** The job's parameters are template parameters, every required one is passed, literals pass the regexes. */
  @Test
  void theJobPassesTheTemplatesParameters() throws Exception {
    String params = hcl().resource("google_dataflow_flex_template_job", "crashflow").path("parameters").asText();
    Matcher merge = Pattern.compile("^\\$\\{merge\\(\\{(.*)}, var\\.pipeline_parameters\\)}$", Pattern.DOTALL).matcher(params);
    assertTrue(merge.matches(), "parameters = merge({...}, var.pipeline_parameters), got " + params);
    Map<String, String> passed = new LinkedHashMap<>();
    Matcher kv = Pattern.compile("(?m)^\\s*(\\w+)\\s*=\\s*(.+?)\\s*$").matcher(merge.group(1));
    while (kv.find()) {
      passed.put(kv.group(1), kv.group(2));
    }
    Map<String, JsonNode> metadata = new LinkedHashMap<>();
    new ObjectMapper().readTree(FlexTemplateMetadataTest.METADATA.toFile()).path("parameters")
        .forEach(p -> metadata.put(p.path("name").asText(), p));
    List<String> problems = new ArrayList<>();
    passed.forEach((name, value) -> {
      JsonNode p = metadata.get(name);
      if (p == null) {
        problems.add(name + " is not a template parameter");
      } else if (value.matches("\"[^\"$]*\"")) {
        String literal = value.substring(1, value.length() - 1);
        for (String regex : FlexTemplateMetadataTest.regexes(p)) {
          if (!com.google.re2j.Pattern.matches(regex, literal)) {
            problems.add(name + " = " + value + " fails " + regex);
          }
        }
      }
    });
    metadata.forEach((name, p) -> {
      if (!p.path("isOptional").asBoolean() && !passed.containsKey(name)) {
        problems.add("required parameter " + name + " is not passed");
      }
    });
    assertEquals(List.of(), problems);
    assertEquals("\"pubsub\"", passed.get("inputType"));
    assertEquals("google_pubsub_subscription.crashes.id", passed.get("subscription"));
  }

  @Test
  void everyVariableIsTypedDescribedAndUsedAndEveryOutputDescribed() throws Exception {
    Hcl h = hcl();
    List<String> problems = new ArrayList<>();
    h.variables.forEach((name, v) -> {
      if (!v.has("type")) {
        problems.add("variable " + name + " has no type");
      }
      if (v.path("description").asText().isBlank()) {
        problems.add("variable " + name + " has no description");
      }
    });
    h.outputs.forEach((name, o) -> {
      if (o.path("description").asText().isBlank()) {
        problems.add("output " + name + " has no description");
      }
    });
    Set<String> used = new TreeSet<>();
    Matcher m = Pattern.compile("\\bvar\\.(\\w+)").matcher(new ObjectMapper().writeValueAsString(h.files.values()));
    while (m.find()) {
      used.add(m.group(1));
    }
    for (String name : used) {
      if (!h.variables.containsKey(name)) {
        problems.add("var." + name + " is used but not declared");
      }
    }
    for (String name : h.variables.keySet()) {
      if (!used.contains(name)) {
        problems.add("variable " + name + " is declared but never used");
      }
    }
    assertEquals(List.of(), problems);
    assertTrue(h.variables.size() > 20 && h.outputs.size() > 10, h.variables.keySet() + " " + h.outputs.keySet());
  }

  /** The worker account's grants are scoped: project-wide roles are only the two Dataflow and BigQuery jobs need. */
  @Test
  void theWorkerGetsNoBroadProjectRoles() throws Exception {
    Hcl h = hcl();
    Set<String> projectRoles = new TreeSet<>();
    h.resources("google_project_iam_member").values().forEach(m -> projectRoles.add(m.path("role").asText()));
    assertEquals(Set.of("roles/dataflow.worker", "roles/bigquery.jobUser"), projectRoles);
    assertTrue(h.resources("google_project_iam_binding").isEmpty() && h.resources("google_project_iam_policy").isEmpty(),
        "authoritative project IAM would remove everyone else's roles");
  }

  @Test
  void everyViewFollowsTheConvention() throws Exception {
    Map<String, String> views = new TreeMap<>();
    if (Files.isDirectory(VIEWS)) {
      try (Stream<Path> files = Files.list(VIEWS)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".sql")).toList()) {
          views.put(f.getFileName().toString().replaceAll("\\.sql$", ""), Files.readString(f));
        }
      }
    }
    assertEquals(List.of(), Views.problems(views, tableNames()));
    assertTrue(Files.isRegularFile(VIEWS.resolve("README.md")), "schemas/views/README.md explains the convention");
  }

  @Test
  void theViewCheckCatchesBrokenViews() {
    Set<String> tables = Set.of("crash_events", "sessions");
    String ok = "SELECT app_id FROM `${project}.${dataset}.crash_events`";
    assertEquals(List.of(), Views.problems(Map.of("top_crashes", ok,
        "top_apps", "SELECT * FROM `${project}.${dataset}.top_crashes` JOIN `${project}.${dataset}.sessions` USING (app_id)"), tables));
    assertEquals(List.of("v: `my-game.crashflow.crash_events` names a project or dataset; write `${project}.${dataset}.<table>`"),
        Views.problems(Map.of("v", "SELECT * FROM `my-game.crashflow.crash_events`"), tables));
    assertEquals(List.of("v: reads crash_event, which is neither a table of schemas/tables.json nor a view"),
        Views.problems(Map.of("v", "SELECT * FROM `${project}.${dataset}.crash_event`"), tables));
    assertEquals(List.of("c: reads view b, which itself reads a view: Terraform creates one level of views on views"),
        Views.problems(Map.of("a", ok, "b", "SELECT * FROM `${project}.${dataset}.a`",
            "c", "SELECT * FROM `${project}.${dataset}.b`"), tables));
    assertEquals(List.of("v: ${region} is not a template variable (only ${project} and ${dataset}; write $${ for a literal)"),
        Views.problems(Map.of("v", ok + " WHERE x = '${region}'"), tables));
    assertEquals(List.of("bad-name: a view file name must be letters, digits and underscores"),
        Views.problems(Map.of("bad-name", ok), tables));
  }

  /** The checks on schemas/views/*.sql (the convention in schemas/views/README.md). */
  static final class Views {
    private static final Pattern QUOTED = Pattern.compile("`([^`]*)`");
    private static final Pattern REF = Pattern.compile("^\\$\\{project}\\.\\$\\{dataset}\\.([A-Za-z_][A-Za-z0-9_]*)$");
    private static final Pattern TEMPLATE = Pattern.compile("(?<![$%])[$%]\\{([^}]*)}");

    static List<String> problems(Map<String, String> views, Set<String> tables) {
      List<String> problems = new ArrayList<>();
      Map<String, Set<String>> viewRefs = new TreeMap<>();
      new TreeMap<>(views).forEach((name, sql) -> {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
          problems.add(name + ": a view file name must be letters, digits and underscores");
        }
        Matcher t = TEMPLATE.matcher(sql);
        while (t.find()) {
          if (!t.group(0).equals("${project}") && !t.group(0).equals("${dataset}")) {
            problems.add(name + ": " + t.group(0) + " is not a template variable (only ${project} and ${dataset}; write $${ for a literal)");
          }
        }
        Set<String> refs = new TreeSet<>();
        Matcher q = QUOTED.matcher(sql);
        while (q.find()) {
          if (!q.group(1).contains(".")) {
            continue; // a quoted column or alias
          }
          Matcher r = REF.matcher(q.group(1));
          if (!r.matches()) {
            problems.add(name + ": `" + q.group(1) + "` names a project or dataset; write `${project}.${dataset}.<table>`");
          } else if (views.containsKey(r.group(1))) {
            refs.add(r.group(1));
          } else if (!tables.contains(r.group(1))) {
            problems.add(name + ": reads " + r.group(1) + ", which is neither a table of schemas/tables.json nor a view");
          }
        }
        viewRefs.put(name, refs);
      });
      viewRefs.forEach((name, refs) -> refs.forEach(ref -> {
        if (!viewRefs.getOrDefault(ref, Set.of()).isEmpty()) {
          problems.add(name + ": reads view " + ref + ", which itself reads a view: Terraform creates one level of views on views");
        }
      }));
      return problems;
    }
  }
}
