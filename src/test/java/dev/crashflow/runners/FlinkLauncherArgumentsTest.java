package dev.crashflow.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * runners/flink/crashflow-flink.sh refuses bad arguments with a clear message and exit code 2,
 * and builds the right {@code crashflow run} command for batch and streaming (dry runs; the
 * cluster test uses its stop and status commands against a real cluster).
 */
class FlinkLauncherArgumentsTest {
  @TempDir Path tmp;

  record Result(int code, String out, String err) {}

  private Result launch(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", Path.of("runners", "flink", "crashflow-flink.sh").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("FLINK_MASTER");
    pb.environment().remove("CRASHFLOW_JAR");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return new Result(p.exitValue(), out, err);
  }

  private void assertRefused(String message, String... args) throws Exception {
    Result r = launch(args);
    assertEquals(2, r.code(), String.join(" ", args) + " -> " + r);
    assertTrue(r.err().contains(message), "expected '" + message + "' in: " + r.err());
  }

  @Test
  void badArgumentsAreRefusedWithTheReason() throws Exception {
    Path jar = Files.createFile(tmp.resolve("crashflow.jar"));
    assertRefused("usage:");
    assertRefused("unknown command 'deploy'", "deploy");
    assertRefused("--flink-master HOST:PORT is required", "submit", "--jar", jar.toString());
    assertRefused("--flink-master must be HOST:PORT, got 'jobmanager'", "submit", "--flink-master", "jobmanager");
    assertRefused("port must be 1-65535", "submit", "--flink-master", "jm:70000");
    assertRefused("--parallelism must be a whole number of at least 1, got '0'",
        "submit", "--flink-master", "jm:8081", "--parallelism", "0", "--jar", jar.toString());
    assertRefused("--checkpointing-interval must be milliseconds, at least 1000, got '10s'",
        "submit", "--flink-master", "jm:8081", "--checkpointing-interval", "10s", "--jar", jar.toString());
    assertRefused("no crashflow jar at " + tmp.resolve("missing.jar"),
        "submit", "--flink-master", "jm:8081", "--jar", tmp.resolve("missing.jar").toString());
    assertRefused("'--runner=DirectRunner' is set by crashflow-flink.sh itself",
        "submit", "--flink-master", "jm:8081", "--jar", jar.toString(), "--", "--runner=DirectRunner");
    assertRefused("--savepoint restores streaming state", "submit", "--flink-master", "jm:8081",
        "--jar", jar.toString(), "--savepoint", "/sp/savepoint-1", "--", "--input=/data/*.gz");
    assertRefused("submit does not take --drain", "submit", "--flink-master", "jm:8081", "--drain");
    assertRefused("--parallelism needs a value", "submit", "--flink-master", "jm:8081", "--parallelism");
    // nothing listens on port 1: said so, not a curl dump
    if (!hasCurl()) {
      return;
    }
    assertRefused("no Flink JobManager answers at http://127.0.0.1:1", "stop", "--flink-master", "127.0.0.1:1",
        "--job-id", "0123456789abcdef0123456789abcdef");
  }

  /** stop and status need curl; the cluster test skips without it, this one leaves that check out. */
  static boolean hasCurl() throws Exception {
    Process p = new ProcessBuilder("bash", "-c", "command -v curl").start();
    return p.waitFor() == 0;
  }

  @Test
  void streamingRunsDetachedWithCheckpointsAndBatchRunsAttached() throws Exception {
    Path jar = Files.createFile(tmp.resolve("crashflow.jar"));
    Result stream = launch("submit", "--dry-run", "--flink-master", "jm:8081", "--jar", jar.toString(),
        "--savepoint", "s3://bucket/savepoints/savepoint-1", "--", "--inputType=kafka",
        "--kafkaBootstrapServers=kafka:9092", "--kafkaTopic=crashes", "--outputType=local");
    assertEquals(0, stream.code(), stream.err());
    for (String part : List.of("java -jar " + jar, " run --append --runner=FlinkRunner --flinkMaster=jm:8081 --parallelism=4",
        "--jobName=crashflow", "--streaming --checkpointingInterval=60000 --attachedMode=false",
        "--savepointPath=s3://bucket/savepoints/savepoint-1", "--inputType=kafka --kafkaBootstrapServers=kafka:9092")) {
      assertTrue(stream.out().contains(part), "missing '" + part + "' in " + stream.out());
    }

    Result batch = launch("submit", "--dry-run", "--flink-master", "jm:8081", "--jar", jar.toString(),
        "--parallelism", "8", "--job-name", "backfill-2026-11", "--", "--input=gs://b/archive/app=x/dt=2026-11-*/**",
        "--maxEventAge=3650d");
    assertEquals(0, batch.code(), batch.err());
    assertTrue(batch.out().contains("--parallelism=8 --jobName=backfill-2026-11"), batch.out());
    assertFalse(batch.out().contains("--streaming"), batch.out());
    assertFalse(batch.out().contains("--attachedMode"), batch.out());

    Result bounded = launch("submit", "--dry-run", "--flink-master", "jm:8081", "--jar", jar.toString(), "--",
        "--inputType=kafka", "--kafkaBootstrapServers=kafka:9092", "--kafkaTopic=t", "--kafkaMaxRecords=1000");
    assertFalse(bounded.out().contains("--streaming"), "a bounded Kafka read is a batch run: " + bounded.out());
  }
}
