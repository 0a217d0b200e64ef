package dev.converge.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.EngineFixture;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.TwinChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code converge plan / apply / validate} on the bundled {@code files} capability and a real temporary root. */
class OfflineCommandsTest {

  @TempDir Path tmp;


  private CliRun converge(String... args) {
    return CliRun.of(args);
  }

  private Path desired(String json) throws IOException {
    return Files.writeString(tmp.resolve("desired.json"), json);
  }

  private Path root() throws IOException {
    return Files.createDirectories(tmp.resolve("root"));
  }

  private static final String MOTD = """
      {"files": {"__meta": {"deploymentId": "motd-v1"},
                 "motd": {"path": "/etc/motd", "content": "hello\\n", "mode": "0640"}}}
      """;

  private List<Path> filesUnder(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(Files::isRegularFile).forEach(out::add);
    }
    return out;
  }

  @Test
  void plan_prints_the_changes_and_writes_nothing() throws IOException {
    Path root = root();

    CliRun r = converge("plan", "--desired", desired(MOTD).toString(), "--root", root.toString());

    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("files", "motd", "add", "./Files/etc/motd").contains("Nothing was applied");
    assertThat(filesUnder(root)).isEmpty();
  }

  @Test
  void plan_json_is_machine_readable() throws IOException {
    CliRun r = converge("plan", "--json", "--desired", desired(MOTD).toString(), "--root", root().toString());

    assertThat(r.out()).startsWith("{\"mode\":\"whatIf\"").contains("\"operation\":\"add\"")
        .contains("\"node\":\"./Files/etc/motd\"");
  }

  @Test
  void apply_writes_the_file_and_prints_the_reported_document() throws IOException {
    Path root = root();

    CliRun r = converge("apply", "--desired", desired(MOTD).toString(), "--root", root.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readString(root.resolve("etc/motd"))).isEqualTo("hello\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("etc/motd"))))
        .isEqualTo("rw-r-----");
    assertThat(r.out()).contains("\"deploymentStatus\" : \"succeeded\"").contains("\"deploymentId\" : \"motd-v1\"");
    assertThat(Files.readAllLines(root.resolve("var/lib/converge/journal.jsonl"))).hasSize(2);
    assertThat(r.err()).contains("converged");
  }

  @Test
  void apply_twice_changes_nothing_the_second_time() throws IOException {
    Path root = root();
    Path desired = desired(MOTD);
    converge("apply", "--desired", desired.toString(), "--root", root.toString());
    long journal = Files.readAllLines(root.resolve("var/lib/converge/journal.jsonl")).size();

    CliRun r = converge("apply", "--desired", desired.toString(), "--root", root.toString());

    assertThat(r.exit()).isZero();
    assertThat(Files.readAllLines(root.resolve("var/lib/converge/journal.jsonl"))).hasSize((int) journal);
  }

  @Test
  void a_schema_violation_names_the_property_and_writes_nothing() throws IOException {
    Path root = root();
    Path desired = desired("""
        {"files": {"motd": {"path": "/etc/motd", "content": "x", "mode": "999"}}}
        """);

    CliRun r = converge("apply", "--desired", desired.toString(), "--root", root.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("\"motd/mode\"").contains("\"pointer\" : \"/motd/mode\"").contains("\"999\"");
    assertThat(Files.exists(root.resolve("etc/motd"))).isFalse();
  }

  @Test
  void a_path_escaping_the_root_is_refused_naming_it_and_nothing_is_written_outside() throws IOException {
    Path root = root();
    Path desired = desired("""
        {"files": {"evil": {"path": "/../outside.txt", "content": "x"}}}
        """);

    CliRun r = converge("apply", "--desired", desired.toString(), "--root", root.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("evil").contains("/../outside.txt").contains("refused").contains("\"root\"");
    assertThat(Files.exists(tmp.resolve("outside.txt"))).isFalse();
  }

  @Test
  void a_desired_file_that_is_not_json_names_file_and_line() throws IOException {
    Path desired = desired("{\n  \"files\": {\n    \"motd\": \n}");

    CliRun r = converge("apply", "--desired", desired.toString(), "--root", root().toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("desired.json:4:").contains("not valid JSON");
  }

  @Test
  void a_number_out_of_range_is_a_clear_input_error() throws IOException {
    Path desired = desired("{\"files\": {\"motd\": {\"path\": \"/etc/motd\", \"content\": \"x\", \"n\": 1e400}}}");

    CliRun r = converge("apply", "--desired", desired.toString(), "--root", root().toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("desired.json").contains("out of range");
  }

  @Test
  void invalid_definition_yaml_is_reported_with_file_and_line_and_other_capabilities_still_load()
      throws IOException {
    Path defs = Files.createDirectories(tmp.resolve("defs"));
    Files.writeString(defs.resolve("broken.yaml"), "id: broken\nnodes: [oops\n");
    Files.writeString(defs.resolve("files.yaml"), bundledFilesYaml());
    Path root = root();

    CliRun r = converge("apply", "--definitions", defs.toString(), "--desired", desired(MOTD).toString(), "--root",
        root.toString());

    assertThat(r.err()).contains("broken.yaml:").contains("invalid YAML");
    assertThat(r.exit()).isZero();
    assertThat(Files.readString(root.resolve("etc/motd"))).isEqualTo("hello\n");
  }

  @Test
  void a_dependency_cycle_blocks_only_the_capabilities_on_it_naming_the_cycle() throws IOException {
    Path defs = Files.createDirectories(tmp.resolve("defs"));
    String files = bundledFilesYaml();
    Files.writeString(defs.resolve("files.yaml"), files);
    Files.writeString(defs.resolve("a.yaml"), files.replace("id: files", "id: alpha") + "dependencies: [beta]\n");
    Files.writeString(defs.resolve("b.yaml"), files.replace("id: files", "id: beta") + "dependencies: [alpha]\n");
    Path root = root();
    Path desired = desired("""
        {"alpha": {"a": {"path": "/a.txt", "content": "a"}},
         "files": {"motd": {"path": "/etc/motd", "content": "hello\\n"}}}
        """);

    CliRun r = converge("apply", "--definitions", defs.toString(), "--desired", desired.toString(), "--root",
        root.toString());

    assertThat(r.err()).contains("dependency cycle: alpha -> beta -> alpha");
    assertThat(r.out()).contains("\"deploymentStatus\" : \"blocked\"").contains("alpha -> beta -> alpha");
    assertThat(Files.exists(root.resolve("a.txt"))).isFalse();
    assertThat(Files.readString(root.resolve("etc/motd"))).isEqualTo("hello\n");
    assertThat(r.exit()).isEqualTo(1);
  }

  @Test
  void validate_lists_bundled_capabilities_without_problems() {
    CliRun r = converge("validate");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("files").contains("ready").contains("0 problem(s)");
  }

  @Test
  void validate_json_lists_capabilities_with_their_commands_and_problems_with_their_place() throws Exception {
    Path defs = Files.createDirectories(tmp.resolve("defs"));
    Files.writeString(defs.resolve("broken.yaml"), "id: broken\ninterfaceVersion: 1.0.0\nbogus: true\n");

    CliRun ok = converge("validate", "--json");
    CliRun bad = converge("validate", "--json", "--definitions", defs.toString());

    assertThat(ok.exit()).isZero();
    com.fasterxml.jackson.databind.JsonNode okJson = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ok.out());
    assertThat(okJson.path("capabilities").findValuesAsText("id")).contains("files", "diagnosticLogs");
    assertThat(okJson.path("capabilities").toString()).contains("DeleteLogFileCmd");
    assertThat(okJson.path("problems").size()).isZero();
    assertThat(bad.exit()).isEqualTo(1);
    com.fasterxml.jackson.databind.JsonNode problem = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(bad.out()).path("problems").get(0);
    assertThat(problem.path("file").asText()).endsWith("broken.yaml");
    assertThat(problem.path("line").asInt()).isPositive();
  }

  @Test
  void every_command_has_help() {
    for (String command : List.of("run", "demo", "plan", "apply", "validate", "status", "drift", "journal", "docs",
        "hub")) {
      CliRun r = converge(command, "--help");
      assertThat(r.exit()).isZero();
      assertThat(r.out()).contains("Usage: converge " + command);
    }
  }

  @Test
  void a_missing_required_option_is_a_usage_error() {
    CliRun r = converge("apply", "--root", tmp.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--desired");
  }

  @Test
  void plan_shows_unknown_for_changes_an_adapter_cannot_predict() {
    EngineFixture f = new EngineFixture();
    f.device.unpredictable();
    f.device.set("./Device/Time/TimeZone", NodeValue.of("UTC"));
    f.engine();
    f.twin.patchDesiredSilently((NodeValue.Obj) NodeValue.parse("{\"settings\": {\"timeZone\": \"Europe/Oslo\"}}"));
    f.engine().receive(TwinChannel.DesiredUpdate.full(f.twin.currentDesired(), f.twin.desiredVersion()));
    var plan = f.engine().plan();

    assertThat(PlanView.toTable(plan)).containsPattern("replace +./Device/Time/TimeZone +UTC +unknown");
    assertThat(PlanView.toJson(plan).toJsonText()).contains("\"before\":\"UTC\",\"after\":\"unknown\","
        + "\"outcome\":\"unknown\"");
  }

  private static String bundledFilesYaml() throws IOException {
    try (var in = OfflineCommandsTest.class.getClassLoader()
        .getResourceAsStream("dev/converge/capabilities/files.yaml")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
