package dev.crashflow.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The entry point of {@code crashflow.jar}: one subcommand per job or tool. */
@Command(
    name = "crashflow",
    mixinStandardHelpOptions = true,
    versionProvider = CrashflowCli.Version.class,
    description = "Crash-report pipeline: decode, deduplicate, symbolicate, group, archive, warehouse.",
    subcommands = {RunCommand.class, SqlCommand.class, PublishCommand.class, ParseCommand.class,
        RetraceCommand.class, SymbolicateCommand.class, SymbolsCommand.class,
        GroupCommand.class, ExplainCommand.class, ReportCommand.class, BenchCommand.class,
        CommandLine.HelpCommand.class})
public final class CrashflowCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    ProcessTemp.install();
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line with crashflow's error handling: bad options and bad input print one clear
   * message (exit 2); anything else prints its stack trace (exit 1).
   */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new CrashflowCli());
    SqlCommand.configure(cli.getSubcommands().get("sql"));
    return cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof IllegalArgumentException) {
        cmd.getErr().println("crashflow " + cmd.getCommandName() + ": " + e.getMessage());
        cmd.getErr().flush();
        return 2;
      }
      throw e;
    });
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Version from the jar manifest, or "dev" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = CrashflowCli.class.getPackage().getImplementationVersion();
      return new String[] {"crashflow " + (v == null ? "dev" : v)};
    }
  }
}
