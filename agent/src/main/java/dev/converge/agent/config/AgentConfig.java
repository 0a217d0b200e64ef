package dev.converge.agent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The agent's configuration, as read and checked from {@code /etc/converge/config.yaml}. Paths are absolute
 * (relative ones in the file are taken from the file's folder).
 *
 * @param moduleId the module whose twin is managed in {@link TwinMode#MODULE}
 * @param definitions folders of capability definitions; empty = the definitions bundled with Converge
 * @param root the folder adapters treat as the device's {@code /}
 * @param data journal and state folder
 * @param debounce how long the agent waits for more changes before it sends a reported patch while one is in flight
 * @param audit whether each applied change and drift detection is also sent as a D2C message
 */
public record AgentConfig(IdentitySpec identity, Optional<Path> trustedCaFile, TwinMode twinMode,
    Optional<String> moduleId, List<Path> definitions, Path root, Path data, String logLevel, SdkTuning sdk,
    Duration debounce, boolean audit) {

  public static final Path DEFAULT_FILE = Path.of("/etc/converge/config.yaml");
  public static final Path DEFAULT_DATA = Path.of("/var/lib/converge");

  public AgentConfig {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(trustedCaFile, "trustedCaFile");
    Objects.requireNonNull(twinMode, "twinMode");
    Objects.requireNonNull(moduleId, "moduleId");
    definitions = List.copyOf(definitions);
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(logLevel, "logLevel");
    Objects.requireNonNull(sdk, "sdk");
    Objects.requireNonNull(debounce, "debounce");
  }

  /** A configuration for a connection string with every other setting at its default (tests, demo). */
  public static AgentConfig forConnectionString(String connectionString, Path root, Path data) {
    return new AgentConfig(new IdentitySpec.ConnectionString(connectionString), Optional.empty(), TwinMode.DEVICE,
        Optional.empty(), List.of(), root, data, "info", SdkTuning.DEFAULTS, Duration.ZERO, true);
  }

  public AgentConfig withTrustedCa(Path caFile) {
    return new AgentConfig(identity, Optional.of(caFile), twinMode, moduleId, definitions, root, data, logLevel, sdk,
        debounce, audit);
  }

  public AgentConfig withModule(String module) {
    return new AgentConfig(identity, trustedCaFile, TwinMode.MODULE, Optional.of(module), definitions, root, data,
        logLevel, sdk, debounce, audit);
  }

  public AgentConfig withIdentity(IdentitySpec spec) {
    return new AgentConfig(spec, trustedCaFile, twinMode, moduleId, definitions, root, data, logLevel, sdk, debounce,
        audit);
  }

  public AgentConfig withSdk(SdkTuning tuning) {
    return new AgentConfig(identity, trustedCaFile, twinMode, moduleId, definitions, root, data, logLevel, tuning,
        debounce, audit);
  }

  public AgentConfig withDefinitions(List<Path> folders) {
    return new AgentConfig(identity, trustedCaFile, twinMode, moduleId, folders, root, data, logLevel, sdk, debounce,
        audit);
  }
}
