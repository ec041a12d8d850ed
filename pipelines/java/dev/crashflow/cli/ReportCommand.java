package dev.crashflow.cli;

import dev.crashflow.report.DashboardReport;
import dev.crashflow.warehouse.LocalWarehouse;
import dev.crashflow.warehouse.Tables;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code crashflow report}: a self-contained HTML dashboard of the local warehouse. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
        "Write a self-contained HTML dashboard of the local warehouse: crash trend, top issues "
            + "with the symbolicated stack of their latest event, crash-free users by version, "
            + "new and regressed issues.",
        "The page loads nothing from the network (inline CSS and SVG): open it anywhere."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:warehouse or write error", "2:invalid arguments"})
public final class ReportCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--warehouse", paramLabel = "<dir>", defaultValue = SqlCommand.DEFAULT_WAREHOUSE,
      description = "Local warehouse folder.%nDefault: ${DEFAULT-VALUE}")
  private Path warehouse;

  @Option(names = "--output", paramLabel = "<file.html>",
      defaultValue = "./crashflow-out/report.html",
      description = "Where to write the page.%nDefault: ${DEFAULT-VALUE}")
  private Path output;

  @Option(names = "--top", paramLabel = "<n>", defaultValue = "10",
      description = "How many top issues to show (default: ${DEFAULT-VALUE}).")
  private int top;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      if (top < 1) {
        err.println("--top must be at least 1.");
        return 2;
      }
      if (!Files.isDirectory(warehouse)) {
        err.println("No local warehouse at " + warehouse.toAbsolutePath().normalize()
            + ". Run `java -jar target/crashflow.jar run` first, or point --warehouse=<dir> at one.");
        return 1;
      }
      String html;
      try (LocalWarehouse db = LocalWarehouse.open(warehouse, Tables.ALL)) {
        html = new DashboardReport(db, top).render(Instant.now());
      }
      Path target = output.toAbsolutePath().normalize();
      Files.createDirectories(target.getParent());
      Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
      Files.writeString(temp, html, StandardCharsets.UTF_8);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      out.println("Wrote " + target + " (" + html.length() / 1024 + " KiB)");
      return 0;
    } catch (SQLException | IOException | IllegalStateException e) {
      err.println("Error: " + e.getMessage());
      return 1;
    } finally {
      out.flush();
      err.flush();
    }
  }
}
