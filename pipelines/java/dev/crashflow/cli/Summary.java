package dev.crashflow.cli;

import dev.crashflow.pipelines.CrashflowOptions;
import dev.crashflow.warehouse.LocalWarehouse;
import dev.crashflow.warehouse.QueryResult;
import dev.crashflow.warehouse.Tables;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;

/** The end-of-run summary: counts, the conservation check, top issues and where outputs are. */
final class Summary {
  static final String TOP_ISSUES = "SELECT issue_id, arg_min(issue_title, event_timestamp) AS title, count(*) AS events,"
      + " count(DISTINCT installation_uuid) AS installs, any_value(app_id) AS app"
      + " FROM crash_events GROUP BY issue_id ORDER BY events DESC, issue_id LIMIT 5";

  private Summary() {}

  static void print(PrintStream out, PipelineResult result, CrashflowOptions o, double seconds) {
    Map<String, Long> c = Counters.of(result, true);
    long read = c.getOrDefault("read_messages", 0L);
    long events = c.getOrDefault("rows_written_crash_events", 0L);
    long sessions = c.getOrDefault("rows_written_sessions", 0L);
    long failedIn = c.getOrDefault("read_failed", 0L) + c.getOrDefault("decode_failed", 0L);
    long dupes = c.getOrDefault("dedup_duplicates_dropped", 0L);
    long deadLetters = c.getOrDefault("rows_written_dead_letters", 0L);
    out.printf("%ncrashflow: finished in %.1f s%n", seconds);
    out.printf("  messages read        %8d%n", read);
    out.printf("  events written       %8d   (crash_events)%n", events);
    out.printf("  sessions written     %8d   (sessions)%n", sessions);
    out.printf("  dead letters         %8d   (dead_letters; %d from input)%n", deadLetters, failedIn);
    out.printf("  duplicates dropped   %8d%n", dupes);
    out.printf("  count rows           %8d   (crash_counts)%n", c.getOrDefault("rows_written_crash_counts", 0L));
    boolean conserved = read == events + sessions + failedIn + dupes;
    out.printf("  conservation         %d read = %d + %d + %d + %d  %s%n", read, events, sessions,
        failedIn, dupes, conserved ? "OK" : "MISMATCH: some messages are unaccounted for");
    if (o.getOutputType() == CrashflowOptions.OutputType.local) {
      Path warehouse = Path.of(o.getOutput(), "warehouse");
      try (LocalWarehouse w = LocalWarehouse.open(warehouse, Tables.ALL)) {
        QueryResult top = w.query(TOP_ISSUES);
        out.println("\nTop issues:");
        out.println(top.toTable());
      } catch (Exception e) {
        out.println("  (could not query the local warehouse: " + e.getMessage() + ")");
      }
      out.println("Outputs:");
      out.println("  warehouse  " + warehouse.toAbsolutePath() + "   (tables: " + String.join(", ", Tables.ALL) + ")");
      out.println("  archive    " + (o.getArchive().isEmpty() ? Path.of(o.getOutput(), "archive").toAbsolutePath() : o.getArchive()));
      out.println("Query them:");
      out.println("  java -jar target/crashflow.jar sql --warehouse=" + warehouse
          + " \"SELECT issue_title, count(*) AS events FROM crash_events GROUP BY 1 ORDER BY 2 DESC LIMIT 5\"");
      out.println("  java -jar target/crashflow.jar sql --warehouse=" + warehouse
          + " \"SELECT step, error_reason, error_message FROM dead_letters\"");
    } else {
      out.println("Outputs: BigQuery dataset " + o.getBigQueryDataset() + ", archive "
          + (o.getArchive().isEmpty() ? Path.of(o.getOutput(), "archive") : o.getArchive()));
    }
  }
}
