package dev.converge.agent.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Options of the commands that run the engine against a local root folder, without a hub. Each command says where
 * its desired document comes from ({@code --desired}, or the agent's local state).
 */
final class OfflineOptions {

  @Option(names = "--definitions", paramLabel = "DIR",
      description = "Folder of capability definitions (*.yaml); repeatable. Default: the definitions bundled with "
          + "Converge.")
  List<Path> definitions = new ArrayList<>();

  @Option(names = "--root", paramLabel = "DIR", required = true,
      description = "Root folder the adapters act under (a device's '/' maps here). Paths escaping it are refused.")
  Path root;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  boolean json;
}
