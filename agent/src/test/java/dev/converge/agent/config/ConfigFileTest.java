package dev.converge.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ConfigFile}: every problem names the file, line and column and the property, so one run shows a person
 * everything to fix; a good file gives the {@link AgentConfig} it describes.
 */
class ConfigFileTest {

  private static final String DEVICE = "HostName=hub.azure-devices.net;DeviceId=dev-1;SharedAccessKey=a2V5a2V5";
  private static final String MODULE = DEVICE + ";ModuleId=converge";
  private static final String CONNECTION = """
      identity:
        source: connectionString
        connectionStringFile: cs.txt
      """;

  @TempDir Path dir;
  private Path file;

  @BeforeEach
  void files() throws IOException {
    file = dir.resolve("config.yaml");
    Files.writeString(dir.resolve("cs.txt"), DEVICE + "\n");
    Files.writeString(dir.resolve("module-cs.txt"), MODULE + "\n");
  }

  @Test
  void an_unknown_key_is_named_at_its_own_line() {
    assertThat(problems(CONNECTION + "colour: blue\n")).containsExactly(at(4, 1) + "/colour: unknown property");
  }

  @Test
  void a_key_in_the_wrong_case_is_named_with_the_spelling_it_resembles() {
    assertThat(problems(CONNECTION + "sdk:\n  keepalive: 10s\n"))
        .containsExactly(at(5, 3) + "/sdk/keepalive: unknown property (did you mean 'keepAlive'?)");
  }

  @Test
  void a_bad_duration_is_named_with_what_a_duration_looks_like() {
    assertThat(problems(CONNECTION + "sdk:\n  operationTimeout: 10 seconds\n")).containsExactly(at(5, 3)
        + "/sdk/operationTimeout: '10 seconds' is not a duration: write 500ms, 30s, 5m, 2h, 1d or ISO-8601 (PT5M)");
  }

  @Test
  void a_bad_debounce_is_one_problem_not_one_per_allowed_form() {
    assertThat(problems(CONNECTION + "reporting:\n  debounce: 5 s\n")).singleElement().asString()
        .startsWith(at(5, 3) + "/reporting/debounce: '5 s' is not a duration").endsWith(", or 0");
  }

  @Test
  void a_renewal_margin_as_long_as_the_token_lifetime_is_refused() {
    assertThat(problems(CONNECTION + "sdk:\n  tokenLifetime: 5m\n  tokenRenewalMargin: 5m\n"))
        .containsExactly(at(6, 3) + "/sdk/tokenRenewalMargin: must be shorter than sdk.tokenLifetime (PT5M)");
  }

  @Test
  void a_missing_connection_string_file_is_named_with_the_path_looked_at() {
    String text = "identity:\n  source: connectionString\n  connectionStringFile: secrets/missing.txt\n";

    assertThat(problems(text)).containsExactly(at(3, 3) + "/identity/connectionStringFile: no such file: "
        + dir.resolve("secrets/missing.txt"));
  }

  @Test
  void a_connection_string_without_a_key_is_named_without_echoing_it() {
    String text = "identity:\n  source: connectionString\n"
        + "  connectionString: HostName=h.azure-devices.net;DeviceId=d\n";

    assertThat(problems(text)).containsExactly(at(3, 3)
        + "/identity/connectionString: the device connection string has neither SharedAccessKey nor "
        + "SharedAccessSignature");
  }

  @Test
  void module_mode_without_a_module_connection_string_is_refused() {
    assertThat(problems(CONNECTION + "twin:\n  mode: module\n  moduleId: converge\n")).containsExactly(at(5, 3)
        + "/twin/mode: module-twin mode needs a module connection string (with ModuleId=...)");
  }

  @Test
  void a_module_id_other_than_the_connection_strings_is_refused() {
    String text = "identity:\n  source: connectionString\n  connectionStringFile: module-cs.txt\n"
        + "twin:\n  mode: module\n  moduleId: other\n";

    assertThat(problems(text)).containsExactly(at(6, 3)
        + "/twin/moduleId: 'other' differs from the connection string's ModuleId 'converge'");
  }

  @Test
  void a_module_connection_string_in_device_mode_is_refused() {
    String text = "identity:\n  source: connectionString\n  connectionStringFile: module-cs.txt\n";

    assertThat(problems(text)).containsExactly(at(3, 3) + "/identity/connectionStringFile: the connection string is "
        + "a module's (ModuleId=converge); set twin.mode: module");
  }

  @Test
  void dps_with_module_mode_is_refused() {
    String text = """
        identity:
          source: dps
          idScope: 0ne00000001
          registrationId: dev-1
          attestation: symmetricKey
          symmetricKey: a2V5a2V5
        twin:
          mode: module
          moduleId: converge
        """;

    assertThat(problems(text)).singleElement().asString()
        .startsWith(at(8, 3) + "/twin/mode: module-twin mode with DPS is not supported yet");
  }

  @Test
  void dps_x509_without_its_key_file_names_the_missing_property() {
    String text = """
        identity:
          source: dps
          idScope: 0ne00000001
          registrationId: dev-1
          attestation: x509
          certificateFile: device.pem
        """;

    assertThat(problems(text)).containsExactly(at(1, 1)
        + "/identity/privateKeyFile: required property 'privateKeyFile' not found");
  }

  @Test
  void an_identity_without_a_source_is_one_problem() {
    assertThat(problems("identity:\n  connectionStringFile: cs.txt\n"))
        .containsExactly(at(1, 1) + "/identity/source: required property 'source' not found");
  }

  @Test
  void an_empty_file_is_refused_at_its_start() {
    assertThat(problems("")).containsExactly(at(1, 1) + "the file is empty; it needs at least an 'identity' section");
    assertThat(problems("# nothing but a comment\n"))
        .containsExactly(at(1, 1) + "the file is empty; it needs at least an 'identity' section");
  }

  @Test
  void invalid_yaml_is_refused_where_it_breaks() {
    assertThat(problems("identity:\n  source: connectionString\n\tconnectionString: x\n")).singleElement()
        .asString().startsWith(at(3, 1) + "invalid YAML: ").contains("TAB");
    assertThat(problems("identity: [unclosed\n")).singleElement().asString().startsWith(at(2, 1) + "invalid YAML: ");
    assertThat(problems(CONNECTION + "identity:\n  source: dps\n"))
        .containsExactly(at(4, 1) + "duplicate key 'identity'");
  }

  @Test
  void a_document_that_is_not_a_mapping_is_refused() {
    assertThat(problems("just a string\n")).containsExactly(at(1, 1) + "/: string found, object expected");
  }

  @Test
  void every_problem_is_reported_at_once() {
    String text = CONNECTION + "colour: blue\nsdk:\n  keepAlive: soon\nlogging:\n  level: verbose\n";

    assertThat(problems(text)).hasSize(3).anySatisfy(p -> assertThat(p).startsWith(at(4, 1) + "/colour"))
        .anySatisfy(p -> assertThat(p).startsWith(at(6, 3) + "/sdk/keepAlive"))
        .anySatisfy(p -> assertThat(p).startsWith(at(8, 3) + "/logging/level"));
  }

  @Test
  void a_full_file_parses_to_the_config_it_describes() throws Exception {
    Files.writeString(dir.resolve("hub-ca.pem"), "not checked here\n");
    String text = """
        identity:
          source: connectionString
          connectionStringFile: module-cs.txt
        trustedCaFile: hub-ca.pem
        twin:
          mode: module
        definitions:
          - capabilities
          - /opt/oem/capabilities
        root: device-root
        data: /var/lib/converge-test
        logging:
          level: debug
        sdk:
          sendInterval: 2ms
          receiveInterval: 20ms
          keepAlive: 2m
          operationTimeout: PT15S
          tokenLifetime: 2h
          tokenRenewalMargin: 10m
          reconnectTimeout: 90s
        reporting:
          debounce: 250ms
          audit: false
        """;

    AgentConfig config = ConfigFile.parse(file, text);

    assertThat(config).isEqualTo(new AgentConfig(new IdentitySpec.ConnectionString(MODULE),
        Optional.of(dir.resolve("hub-ca.pem")), TwinMode.MODULE, Optional.of("converge"),
        List.of(dir.resolve("capabilities"), Path.of("/opt/oem/capabilities")), dir.resolve("device-root"),
        Path.of("/var/lib/converge-test"), "debug",
        new SdkTuning(Duration.ofMillis(2), Duration.ofMillis(20), Duration.ofMinutes(2), Duration.ofSeconds(15),
            Duration.ofHours(2), Duration.ofMinutes(10), Duration.ofSeconds(90)),
        Duration.ofMillis(250), false));
  }

  @Test
  void a_minimal_file_takes_the_defaults() throws Exception {
    AgentConfig config = ConfigFile.parse(file, CONNECTION);

    assertThat(config).isEqualTo(new AgentConfig(new IdentitySpec.ConnectionString(DEVICE), Optional.empty(),
        TwinMode.DEVICE, Optional.empty(), List.of(), Path.of("/"), AgentConfig.DEFAULT_DATA, "info",
        SdkTuning.DEFAULTS, Duration.ZERO, true));
  }

  @Test
  void a_dps_symmetric_key_file_parses_to_a_dps_identity() throws Exception {
    Files.writeString(dir.resolve("dps-key"), "c3ltbWV0cmlj\n");
    String text = """
        identity:
          source: dps
          idScope: 0ne00000A0A
          registrationId: edge-7
          attestation: symmetricKey
          symmetricKeyFile: dps-key
        """;

    assertThat(ConfigFile.parse(file, text).identity()).isEqualTo(new IdentitySpec.Dps(
        IdentitySpec.Dps.GLOBAL_ENDPOINT, "0ne00000A0A", "edge-7", new IdentitySpec.SymmetricKey("c3ltbWV0cmlj")));
  }

  @Test
  void the_documented_example_parses_to_the_defaults_it_documents() throws Exception {
    Path example = dir.resolve("etc/converge/config.yaml");
    Files.createDirectories(example.getParent());
    Files.writeString(example.resolveSibling("connection-string"), DEVICE + "\n");
    Files.writeString(example, exampleText());

    AgentConfig config = ConfigFile.load(example);

    assertThat(config).isEqualTo(new AgentConfig(new IdentitySpec.ConnectionString(DEVICE), Optional.empty(),
        TwinMode.DEVICE, Optional.empty(), List.of(), Path.of("/"), AgentConfig.DEFAULT_DATA, "info",
        SdkTuning.DEFAULTS, Duration.ZERO, true));
  }

  @Test
  void the_documented_examples_dps_alternative_parses_once_uncommented() throws Exception {
    Path example = dir.resolve("etc/converge/config.yaml");
    Files.createDirectories(example.getParent());
    Files.writeString(example.resolveSibling("dps-key"), "c3ltbWV0cmlj\n");
    String dps = exampleText()
        .replace("  source: connectionString\n  connectionStringFile: connection-string\n", "")
        .replaceAll("(?m)^  # (source: dps|idScope|registrationId|attestation|symmetricKeyFile)", "  $1")
        .replaceAll("(?m)\\s+#.*$", "");
    Files.writeString(example, dps);

    assertThat(ConfigFile.load(example).identity()).isEqualTo(new IdentitySpec.Dps(IdentitySpec.Dps.GLOBAL_ENDPOINT,
        "0ne00000A0A", "edge-gateway-7", new IdentitySpec.SymmetricKey("c3ltbWV0cmlj")));
  }

  @Test
  void a_config_file_that_does_not_exist_is_named() {
    ConfigException e = catchThrowableOfType(() -> ConfigFile.load(dir.resolve("nope.yaml")), ConfigException.class);

    assertThat(e.problems()).containsExactly(dir.resolve("nope.yaml")
        + ": no such config file (create it, or pass --config FILE)");
  }

  private List<String> problems(String text) {
    ConfigException e = catchThrowableOfType(() -> ConfigFile.parse(file, text), ConfigException.class);
    assertThat(e).as("problems in:\n" + text).isNotNull();
    return e.problems();
  }

  private String at(int line, int column) {
    return file + ":" + line + ":" + column + ": ";
  }

  private static String exampleText() throws IOException {
    try (InputStream in = ConfigFile.class.getResourceAsStream("/dev/converge/agent/config.example.yaml")) {
      assertThat(in).as("config.example.yaml in the agent jar").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
