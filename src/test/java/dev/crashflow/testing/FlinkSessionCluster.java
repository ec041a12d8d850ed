package dev.crashflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A real Flink 1.19 standalone session cluster on loopback, in separate processes: one JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and TaskManagers ({@code TaskManagerRunner}),
 * started as child JVMs from the Flink runtime classes on this JVM's classpath, the way Flink's
 * own scripts start them: the configuration directory holds a {@code config.yaml}, overrides go
 * as {@code -D} dynamic properties, and the JVM memory flags and the TaskManager's derived memory
 * settings are computed by Flink's own process-memory utilities from that configuration, with
 * {@code env.java.opts.all} added. Each process logs to {@code <dir>/log/<name>.log}.
 */
public final class FlinkSessionCluster implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final Path confDir;
  private final Map<String, String> overrides;
  private final List<String> extraJvmOptions;
  private final int restPort;
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private FlinkSessionCluster(Path dir, Path confDir, Map<String, String> overrides,
      List<String> extraJvmOptions, int restPort) {
    this.dir = dir;
    this.confDir = confDir;
    this.overrides = overrides;
    this.extraJvmOptions = extraJvmOptions;
    this.restPort = restPort;
  }

  /**
   * A cluster whose configuration is {@code configYaml} (copied as {@code config.yaml}) with the
   * loopback addresses, free ports and directories under {@code dir} set on top, plus {@code
   * overrides}; every process also gets {@code extraJvmOptions}. Nothing runs until {@link
   * #startJobManager()} and {@link #startTaskManager}.
   */
  public static FlinkSessionCluster create(Path dir, Path configYaml, Map<String, String> overrides,
      List<String> extraJvmOptions) throws IOException {
    Path confDir = Files.createDirectories(dir.resolve("conf"));
    Files.copy(configYaml, confDir.resolve("config.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.createDirectories(dir.resolve("log"));
    int rest = KafkaBroker.freePort();
    Map<String, String> all = new LinkedHashMap<>();
    all.put("jobmanager.rpc.address", "127.0.0.1");
    all.put("jobmanager.rpc.port", String.valueOf(KafkaBroker.freePort()));
    all.put("jobmanager.bind-host", "127.0.0.1");
    all.put("taskmanager.bind-host", "127.0.0.1");
    all.put("taskmanager.host", "127.0.0.1");
    all.put("rest.address", "127.0.0.1");
    all.put("rest.bind-address", "127.0.0.1");
    all.put("rest.port", String.valueOf(rest));
    all.put("blob.server.port", String.valueOf(KafkaBroker.freePort()));
    all.put("taskmanager.rpc.port", "0");
    all.put("taskmanager.data.port", "0");
    all.put("state.checkpoints.dir", dir.resolve("checkpoints").toUri().toString());
    all.put("state.savepoints.dir", dir.resolve("savepoints").toUri().toString());
    all.put("io.tmp.dirs", Files.createDirectories(dir.resolve("tmp")).toString());
    all.put("web.tmpdir", dir.resolve("web").toString());
    all.putAll(overrides);
    FlinkSessionCluster cluster = new FlinkSessionCluster(dir, confDir, all, List.copyOf(extraJvmOptions), rest);
    // A test JVM that is stopped (not killed) still takes its cluster down.
    Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "flink-cluster-shutdown"));
    return cluster;
  }

  /** {@code host:port} of the REST endpoint: Beam's {@code --flinkMaster}. */
  public String restAddress() {
    return "127.0.0.1:" + restPort;
  }

  public Path checkpointsDir() {
    return dir.resolve("checkpoints");
  }

  public void startJobManager() throws Exception {
    Configuration conf = configuration(Map.of());
    JobManagerProcessSpec spec = JobManagerProcessUtils
        .processSpecFromConfigWithNewOptionToInterpretLegacyHeap(conf, JobManagerOptions.JVM_HEAP_MEMORY);
    List<String> jvm = new ArrayList<>(split(JobManagerProcessUtils.generateJvmParametersStr(spec, conf)));
    List<String> args = new ArrayList<>(dynamicArgs(Map.of()));
    args.addAll(split(JobManagerProcessUtils.generateDynamicConfigsStr(spec)));
    start("jobmanager", conf, jvm, "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", args);
    awaitTrue("the JobManager's REST endpoint at " + restAddress(), Duration.ofMinutes(2), () -> {
      try {
        return get("/overview").has("flink-version");
      } catch (Exception e) {
        return false;
      }
    });
  }

  /** Starts a TaskManager with resource id {@code name} and waits until it registered. */
  public void startTaskManager(String name) throws Exception {
    Map<String, String> own = Map.of("taskmanager.resource-id", name);
    Configuration conf = configuration(own);
    TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(conf);
    List<String> jvm = new ArrayList<>(split(ProcessMemoryUtils.generateJvmParametersStr(spec)));
    List<String> args = new ArrayList<>(dynamicArgs(own));
    args.addAll(split(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec)));
    start(name, conf, jvm, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", args);
    awaitTrue("TaskManager " + name + " to register", Duration.ofMinutes(2), () -> taskManagerIds().contains(name));
  }

  /** Ids of the TaskManagers the JobManager knows. */
  public List<String> taskManagerIds() {
    List<String> ids = new ArrayList<>();
    try {
      for (JsonNode tm : get("/taskmanagers").path("taskmanagers")) {
        ids.add(tm.path("id").asText());
      }
    } catch (Exception e) {
      // not up yet
    }
    return ids;
  }

  /** Slots in use per TaskManager id. */
  public Map<String, Integer> usedSlots() throws Exception {
    Map<String, Integer> used = new LinkedHashMap<>();
    for (JsonNode tm : get("/taskmanagers").path("taskmanagers")) {
      used.put(tm.path("id").asText(), tm.path("slotsNumber").asInt() - tm.path("freeSlots").asInt());
    }
    return used;
  }

  /** Kills a TaskManager's process at once (SIGKILL): no shutdown hooks, no goodbye to the JobManager. */
  public void kill(String name) throws InterruptedException {
    Process p = processes.remove(name);
    if (p == null) {
      throw new IllegalArgumentException("no running process " + name);
    }
    p.destroyForcibly();
    p.waitFor(30, TimeUnit.SECONDS);
  }

  /** CPU time (user + system) a running process has used so far, from /proc (Linux). */
  public double cpuSeconds(String name) throws IOException {
    Process p = processes.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no running process " + name);
    }
    String stat = Files.readString(Path.of("/proc", String.valueOf(p.pid()), "stat"));
    // fields after the command name (which may hold spaces) start at state, field 3
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    return ticks / 100.0; // USER_HZ is 100 on Linux
  }

  /** Names of the processes still running. */
  public List<String> running() {
    return new ArrayList<>(processes.keySet());
  }

  /** A GET on the REST API, as JSON. */
  public JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + restAddress() + path))
        .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IOException("GET " + path + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** The ids of jobs in the given state (RUNNING, FINISHED, ...). */
  public List<String> jobs(String state) throws IOException, InterruptedException {
    List<String> ids = new ArrayList<>();
    for (JsonNode job : get("/jobs/overview").path("jobs")) {
      if (job.path("state").asText().equals(state)) {
        ids.add(job.path("jid").asText());
      }
    }
    return ids;
  }

  /** The last lines of a process's log, for failure messages. */
  public String logTail(String name, int lines) {
    try {
      List<String> all = Files.readAllLines(dir.resolve("log").resolve(name + ".log"), StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  public Path logDir() {
    return dir.resolve("log");
  }

  /** Kills every process this cluster started (TaskManagers first); safe to call twice. */
  @Override
  public synchronized void close() {
    List<String> names = new ArrayList<>(processes.keySet());
    java.util.Collections.reverse(names);
    for (String name : names) {
      Process p = processes.remove(name);
      p.destroyForcibly();
      try {
        p.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private Configuration configuration(Map<String, String> own) {
    Configuration dynamic = new Configuration();
    overrides.forEach(dynamic::setString);
    own.forEach(dynamic::setString);
    return GlobalConfiguration.loadConfiguration(confDir.toString(), dynamic);
  }

  private List<String> dynamicArgs(Map<String, String> own) {
    List<String> args = new ArrayList<>(List.of("--configDir", confDir.toString()));
    Map<String, String> all = new LinkedHashMap<>(overrides);
    all.putAll(own);
    all.forEach((k, v) -> args.addAll(List.of("-D", k + "=" + v)));
    return args;
  }

  private void start(String name, Configuration conf, List<String> jvm, String mainClass, List<String> args)
      throws IOException {
    // The classpath goes in an argument file: hundreds of jars make a long command line.
    Path argFile = dir.resolve(name + ".classpath");
    Files.writeString(argFile, "-cp\n\"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"\n");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvm);
    cmd.addAll(split(conf.getString("env.java.opts.all", "")));
    cmd.addAll(extraJvmOptions);
    cmd.add("-Djava.io.tmpdir=" + dir.resolve("tmp"));
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
    cmd.add("@" + argFile);
    cmd.add(mainClass);
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("log").resolve(name + ".log").toFile())
        .start();
    processes.put(name, p);
  }

  private void awaitTrue(String what, Duration timeout, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      for (Map.Entry<String, Process> e : processes.entrySet()) {
        if (!e.getValue().isAlive()) {
          throw new IllegalStateException(e.getKey() + " exited with " + e.getValue().exitValue()
              + " while waiting for " + what + ":\n" + logTail(e.getKey(), 40));
        }
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("timed out waiting for " + what);
  }

  private static List<String> split(String s) {
    return s == null || s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
  }
}
