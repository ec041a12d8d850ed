package dev.crashflow.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code crashflow symbols}: tools for the symbol store (mappings and Breakpad files). */
@Command(
    name = "symbols",
    mixinStandardHelpOptions = true,
    description = "Manage the symbol store that --symbols points the pipeline at.",
    subcommands = {SymbolsUploadCommand.class, CommandLine.HelpCommand.class})
public final class SymbolsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
