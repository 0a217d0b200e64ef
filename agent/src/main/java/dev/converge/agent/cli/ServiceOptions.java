package dev.converge.agent.cli;

import dev.converge.agent.operator.LocalHubFile;
import dev.converge.agent.operator.ServiceTarget;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Which hub an operator command acts on: a real hub's service connection string, or (the default) the local hub
 * started by {@code converge hub} with the same {@code --state}.
 */
final class ServiceOptions {

  @Option(names = "--connection-string", paramLabel = "STRING", defaultValue = "${env:CONVERGE_SERVICE_CONNECTION_STRING}",
      description = "Service connection string of the hub (HostName=...;SharedAccessKeyName=...;SharedAccessKey=...)."
          + " Default: $CONVERGE_SERVICE_CONNECTION_STRING, else the local hub in --state.")
  String connectionString;

  @Option(names = "--gateway", paramLabel = "HOST[:PORT]",
      description = "Send HTTPS to this address instead of the host name in the connection string.")
  String gateway;

  @Option(names = "--ca", paramLabel = "PEM", description = "Trust this CA certificate (e.g. a local hub's hub-ca.pem).")
  Path ca;

  @Option(names = "--state", paramLabel = "DIR", defaultValue = "${sys:user.home}/.converge/hub",
      description = "State folder of the local hub to use when no connection string is given. Default: ${DEFAULT-VALUE}.")
  Path state;

  @Spec(Spec.Target.MIXEE) CommandSpec command;

  /** Prints {@code converge hub <command>: message} to the error stream and returns {@code exitCode}. */
  int fail(int exitCode, String message) {
    PrintWriter err = command.commandLine().getErr();
    err.println(command.qualifiedName() + ": " + message);
    err.flush();
    return exitCode;
  }

  /** @throws IllegalArgumentException when neither a connection string nor a local hub is available */
  ServiceTarget target() {
    if (connectionString == null || connectionString.isBlank()) {
      ServiceTarget local = LocalHubFile.read(state).target();
      return local.withGateway(gateway == null ? local.gateway() : gateway).withCa(ca == null ? local.caFile() : ca);
    }
    ServiceTarget target = ServiceTarget.parse(connectionString);
    return target.withGateway(gateway == null ? target.gateway() : gateway).withCa(ca);
  }
}
