package dev.converge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.definition.CapabilityRegistry;
import dev.converge.engine.definition.DefinitionProblem;
import dev.converge.engine.model.NodeValue;
import dev.converge.engine.port.FakeClock;
import dev.converge.engine.port.FakeNodeAdapter;
import dev.converge.engine.port.InMemoryJournal;
import dev.converge.engine.port.InMemoryTwinChannel;
import dev.converge.engine.port.NodeResult;
import dev.converge.engine.port.TwinChannel;
import dev.converge.engine.port.TwinChannel.CommandRequest;
import dev.converge.engine.port.TwinChannel.CommandResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Direct methods through {@link Engine#invoke}: routing, payload checks, adapter outcomes and clearReportedCmd. */
class CommandsTest {

  private final EngineFixture f = new EngineFixture(List.of("settings", "tools", "gadget"), new InMemoryJournal());

  private CommandResponse invoke(String method, String payloadJson) {
    return f.engine().invoke(new CommandRequest(method, NodeValue.parse(payloadJson)));
  }

  private static NodeValue at(NodeValue doc, String... path) {
    NodeValue v = doc;
    for (String p : path) {
      v = v instanceof NodeValue.Obj o ? o.get(p) : NodeValue.absent();
    }
    return v;
  }

  private static String text(NodeValue doc, String... path) {
    return at(doc, path).display();
  }

  @Test
  void an_unknown_method_answers_404_naming_the_known_methods() {
    CommandResponse r = invoke("RebootNowCmd", "{}");

    assertThat(r.status()).isEqualTo(404);
    assertThat(text(r.payload(), "subsystem")).isEqualTo("agent");
    assertThat(text(r.payload(), "context")).isEqualTo("RebootNowCmd");
    assertThat(text(r.payload(), "code")).isEqualTo("1060");
    assertThat(text(r.payload(), "message")).isEqualTo("no such method: RebootNowCmd; known methods: EchoCmd,"
        + " PeekCmd, RemoveThingCmd, StartGadgetCmd, clearReportedCmd");
    assertThat(text(r.payload(), "parameters", "method")).isEqualTo("RebootNowCmd");
    assertThat(text(r.payload(), "parameters", "knownMethods")).contains("EchoCmd");
    assertThat(f.device.calls()).isEmpty();
  }

  @Test
  void method_names_are_case_sensitive() {
    assertThat(invoke("echocmd", "{}").status()).isEqualTo(404);
    assertThat(invoke("ClearReportedCmd", "{}").status()).isEqualTo(404);
  }

  @Test
  void a_command_runs_on_its_node_and_answers_200_with_the_adapter_value() {
    f.device.execAnswers("./Tools/Echo", NodeResult.ok(NodeValue.parse("{\"list\": [\"a\", \"b\"]}")));

    CommandResponse r = invoke("EchoCmd", "{}");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.payload()).isEqualTo(NodeValue.parse("{\"list\": [\"a\", \"b\"]}"));
    assertThat(f.device.writes()).singleElement().satisfies(c -> {
      assertThat(c.operation()).isEqualTo("exec");
      assertThat(c.node().value()).isEqualTo("./Tools/Echo");
    });
  }

  @Test
  void a_command_that_returns_no_value_answers_an_empty_object_and_scalars_pass_through() {
    f.device.execAnswers("./Tools/Echo", NodeResult.absent());
    assertThat(invoke("EchoCmd", "{}").payload()).isEqualTo(NodeValue.Obj.empty());

    f.device.execAnswers("./Tools/Echo", NodeResult.ok(NodeValue.absent()));
    assertThat(invoke("EchoCmd", "{}").payload()).isEqualTo(NodeValue.Obj.empty());

    f.device.execAnswers("./Tools/Echo", NodeResult.ok(NodeValue.of(42)));
    assertThat(invoke("EchoCmd", "{}").payload()).isEqualTo(NodeValue.of(42));
  }

  @Test
  void a_null_payload_counts_as_an_empty_object() {
    CommandResponse r = invoke("EchoCmd", "null");

    assertThat(r.status()).isEqualTo(200);
    assertThat(f.device.writes()).singleElement().satisfies(c -> assertThat(c.value()).isEqualTo(NodeValue.Obj.empty()));
  }

  @Test
  void a_payload_that_is_not_an_object_answers_400() {
    CommandResponse r = invoke("EchoCmd", "[1, 2]");

    assertThat(r.status()).isEqualTo(400);
    assertThat(text(r.payload(), "code")).isEqualTo("1000");
    assertThat(text(r.payload(), "context")).isEqualTo("EchoCmd");
    assertThat(text(r.payload(), "message")).contains("must be a JSON object").contains("[1,2]");
    assertThat(f.device.calls()).isEmpty();
  }

  @Test
  void placeholders_in_the_node_are_filled_from_the_payload_and_meta_is_stripped() {
    CommandResponse r = invoke("RemoveThingCmd", """
        {"__meta": {"serviceInterfaceVersion": "2.0.0"}, "folder": "box", "name": "thing", "force": true}
        """);

    assertThat(r.status()).isEqualTo(200);
    assertThat(f.device.writes()).singleElement().satisfies(c -> {
      assertThat(c.node().value()).isEqualTo("./Tools/box/thing/Remove");
      assertThat(c.value()).isEqualTo(NodeValue.parse("{\"folder\": \"box\", \"name\": \"thing\", \"force\": true}"));
    });
  }

  @Test
  void every_schema_violation_is_named_in_one_400_error() {
    CommandResponse r = invoke("RemoveThingCmd", """
        {"folder": "../etc", "force": "yes", "extra": 1}
        """);

    assertThat(r.status()).isEqualTo(400);
    NodeValue e = r.payload();
    assertThat(text(e, "subsystem")).isEqualTo("validation");
    assertThat(text(e, "code")).isEqualTo("1001");
    assertThat(text(e, "context")).isEqualTo("RemoveThingCmd");
    assertThat(text(e, "message")).contains("remove-thing.payload.schema.json").contains("/folder")
        .contains("/name").contains("/force").contains("\"../etc\"");
    assertThat(text(e, "parameters", "schema")).isEqualTo("remove-thing.payload.schema.json");
    assertThat(text(e, "parameters", "/folder")).isEqualTo("rule pattern, value \"../etc\"");
    assertThat(text(e, "parameters", "/name")).isEqualTo("rule required");
    assertThat(text(e, "parameters", "/force")).isEqualTo("rule type, value \"yes\"");
    assertThat(text(e, "parameters")).contains("additionalProperties");
    assertThat(f.device.calls()).isEmpty();
  }

  @Test
  void a_schema_violation_never_shows_the_value_of_a_write_only_property() {
    CommandResponse r = invoke("RemoveThingCmd", """
        {"folder": "box", "name": "thing", "token": "Hunter2!"}
        """);

    assertThat(r.status()).isEqualTo(400);
    assertThat(text(r.payload(), "parameters", "/token")).isEqualTo("rule pattern, value (secret)");
    assertThat(r.payload().toJsonText()).doesNotContain("Hunter2");
  }

  @Test
  void a_missing_service_interface_version_is_accepted_and_another_major_is_refused() {
    assertThat(invoke("EchoCmd", "{}").status()).isEqualTo(200);
    assertThat(invoke("EchoCmd", "{\"__meta\": {\"deploymentId\": \"x\"}}").status()).isEqualTo(200);
    assertThat(invoke("EchoCmd", "{\"__meta\": {\"serviceInterfaceVersion\": \"2.9.1\"}}").status()).isEqualTo(200);
    f.device.clearCalls();

    CommandResponse r = invoke("EchoCmd", "{\"__meta\": {\"serviceInterfaceVersion\": \"1.0.0\"}}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(text(r.payload(), "code")).isEqualTo("2019");
    assertThat(text(r.payload(), "context")).isEqualTo("EchoCmd");
    assertThat(text(r.payload(), "message")).contains("1.0.0").contains("tools 2.1.0");
    assertThat(text(r.payload(), "parameters", "supported")).isEqualTo("2.1.0");
    assertThat(text(r.payload(), "parameters", "pointer")).isEqualTo("/__meta/serviceInterfaceVersion");
    assertThat(f.device.calls()).isEmpty();
  }

  @Test
  void a_malformed_meta_answers_400_naming_the_pointer() {
    CommandResponse notSemver = invoke("EchoCmd", "{\"__meta\": {\"serviceInterfaceVersion\": \"two\"}}");
    CommandResponse notObject = invoke("EchoCmd", "{\"__meta\": \"1.0.0\"}");

    assertThat(notSemver.status()).isEqualTo(400);
    assertThat(text(notSemver.payload(), "code")).isEqualTo("1001");
    assertThat(text(notSemver.payload(), "parameters", "pointer")).isEqualTo("/__meta/serviceInterfaceVersion");
    assertThat(text(notSemver.payload(), "parameters", "value")).isEqualTo("\"two\"");
    assertThat(notObject.status()).isEqualTo(400);
    assertThat(text(notObject.payload(), "parameters", "pointer")).isEqualTo("/__meta");
  }

  @Test
  void a_command_of_a_capability_that_is_not_ready_answers_400_saying_why() {
    CommandResponse r = invoke("StartGadgetCmd", "{}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(text(r.payload(), "code")).isEqualTo("1013");
    assertThat(text(r.payload(), "context")).isEqualTo("StartGadgetCmd");
    assertThat(text(r.payload(), "message")).contains("capability gadget is unsupported")
        .contains("adapter 'not-installed' is not installed");
    assertThat(text(r.payload(), "parameters", "adapter")).isEqualTo("not-installed");
    assertThat(text(r.payload(), "parameters", "capability")).isEqualTo("gadget");
  }

  @Test
  void a_rejected_command_answers_400_with_the_adapter_message_and_parameters() {
    f.device.execAnswers("./Tools/box/thing/Remove", NodeResult.rejected("no thing 'thing' in box",
        Map.of("node", "./Tools/box/thing/Remove", "file", "/srv/box/thing")));

    CommandResponse r = invoke("RemoveThingCmd", "{\"folder\": \"box\", \"name\": \"thing\"}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.payload()).isEqualTo(NodeValue.parse("""
        {"subsystem": "adapter", "context": "RemoveThingCmd", "code": 1015, "message": "no thing 'thing' in box",
         "parameters": {"node": "./Tools/box/thing/Remove", "file": "/srv/box/thing"}}
        """));
  }

  @Test
  void a_failed_command_answers_400_with_code_1014_and_the_node() {
    f.device.failWrites("./Tools/Echo", "disk on fire");

    CommandResponse r = invoke("EchoCmd", "{}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(text(r.payload(), "code")).isEqualTo("1014");
    assertThat(text(r.payload(), "message")).isEqualTo("disk on fire");
    assertThat(text(r.payload(), "parameters", "node")).isEqualTo("./Tools/Echo");
  }

  @Test
  void an_adapter_that_throws_answers_400_with_an_internal_error_and_the_engine_goes_on() {
    f.device.execThrows("./Tools/Echo", new IllegalStateException("bug in adapter"));

    CommandResponse r = invoke("EchoCmd", "{}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(text(r.payload(), "code")).isEqualTo("1051");
    assertThat(text(r.payload(), "subsystem")).isEqualTo("engine");
    assertThat(text(r.payload(), "message")).contains("bug in adapter").contains("./Tools/Echo");
    assertThat(text(r.payload(), "parameters", "adapter")).isEqualTo("fake");
    NodeValue.Obj reported = f.converge("""
        {"settings": {"timeZone": "UTC"}}
        """);
    assertThat(text(reported, "settings", "__meta", "deploymentStatus")).isEqualTo("succeeded");
  }

  @Test
  void the_channel_can_route_its_methods_to_the_engine() {
    f.twin.onCommand(f.engine()::invoke);

    assertThat(f.twin.invoke("EchoCmd", NodeValue.Obj.empty()).status()).isEqualTo(200);
    assertThat(f.twin.invoke("NoSuchCmd", NodeValue.Obj.empty()).status()).isEqualTo(404);
  }

  @Test
  void a_command_has_its_group_read_again_so_what_it_changed_is_reported() {
    f.device.set("./Tools/Counter", NodeValue.of(1));
    NodeValue.Obj before = f.converge("""
        {"tools": {"__meta": {"deploymentId": "t1"}}}
        """);
    assertThat(text(before, "tools", "counter")).isEqualTo("1");
    assertThat(text(before, "tools", "__meta", "deploymentStatus")).isEqualTo("succeeded");
    f.device.set("./Tools/Counter", NodeValue.of(2)); // what the command did

    assertThat(invoke("EchoCmd", "{}").status()).isEqualTo(200);
    f.engine().runUntilIdle();

    assertThat(text(f.twin.reported(), "tools", "counter")).isEqualTo("2");
  }

  @Test
  void clear_reported_answers_200_and_the_next_report_rebuilds_reported_from_scratch() {
    f.converge("""
        {"settings": {"timeZone": "UTC"}}
        """);
    // Keys the engine does not know the twin holds: a patch whose acknowledgement was lost, or an older agent.
    f.twin.sendReported((NodeValue.Obj) NodeValue.parse("""
        {"__legacy": {"x": 1}, "settings": {"oldProperty": "stale", "__errors": {"old": {"code": 1}}},
         "tools": {"counter": 7}, "someoneElse": {"kept": true}}
        """));
    int patches = f.twin.reportedPatches().size();

    CommandResponse r = invoke("clearReportedCmd", "{\"__meta\": {\"serviceInterfaceVersion\": \"1.0.0\"}}");
    f.engine().runUntilIdle();

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.payload()).isEqualTo(NodeValue.Obj.empty());
    assertThat(f.twin.reportedPatches()).hasSize(patches + 1);
    NodeValue.Obj patch = f.twin.reportedPatches().get(patches);
    assertThat(at(patch, "__legacy").isAbsent()).isTrue();
    assertThat(((NodeValue.Obj) patch).has("__legacy")).isTrue();
    assertThat(((NodeValue.Obj) patch).has("tools")).isTrue();
    assertThat(((NodeValue.Obj) patch).has("someoneElse")).isFalse();
    assertThat(text(patch, "settings", "timeZone")).as("current values are restated").isEqualTo("UTC");
    assertThat(text(patch, "__summary", "failedCount")).isEqualTo("0");
    NodeValue.Obj reported = f.twin.reported();
    assertThat(reported.has("__legacy")).isFalse();
    assertThat(reported.has("tools")).isFalse();
    assertThat(((NodeValue.Obj) reported.get("settings")).has("oldProperty")).isFalse();
    assertThat(((NodeValue.Obj) reported.get("settings")).has("__errors")).isFalse();
    assertThat(text(reported, "settings", "timeZone")).isEqualTo("UTC");
    assertThat(text(reported, "someoneElse", "kept")).isEqualTo("true");
    assertThat(reported).isEqualTo(f.engine().reported().with("someoneElse", reported.get("someoneElse")));
  }

  @Test
  void after_clear_reported_reports_go_back_to_sending_only_changes() {
    f.converge("""
        {"settings": {"timeZone": "UTC"}}
        """);
    invoke("clearReportedCmd", "{}");
    f.engine().runUntilIdle();

    f.converge("""
        {"settings": {"timeZone": "Europe/Paris"}}
        """);

    List<NodeValue.Obj> patches = f.twin.reportedPatches();
    NodeValue.Obj last = patches.get(patches.size() - 1);
    assertThat(text(last, "settings", "timeZone")).isEqualTo("Europe/Paris");
    assertThat(((NodeValue.Obj) last).has("__deviceSchemas")).isFalse();
  }

  @Test
  void clear_reported_refuses_another_major_interface_version() {
    CommandResponse r = invoke("clearReportedCmd", "{\"__meta\": {\"serviceInterfaceVersion\": \"2.0.0\"}}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(text(r.payload(), "code")).isEqualTo("2019");
    assertThat(text(r.payload(), "context")).isEqualTo("clearReportedCmd");
  }



  private static Engine engineOn(FlakyTwinChannel channel) {
    List<DefinitionProblem> problems = new ArrayList<>();
    Engine engine = Engine.builder()
        .capabilities(CapabilityRegistry.of(EngineFixture.load(List.of("settings", "tools"), problems),
            Set.of("fake")), problems)
        .adapter("fake", new FakeNodeAdapter("fake"))
        .channel(channel)
        .journal(new InMemoryJournal())
        .clock(new FakeClock())
        .build();
    engine.start();
    engine.runUntilIdle();
    return engine;
  }

  @Test
  void clear_reported_rebuilds_against_the_last_acknowledged_report_when_the_twin_cannot_be_fetched() {
    FlakyTwinChannel channel = new FlakyTwinChannel();
    Engine engine = engineOn(channel);
    channel.twin.patchDesired((NodeValue.Obj) NodeValue.parse("{\"settings\": {\"timeZone\": \"UTC\"}}"));
    engine.runUntilIdle();
    channel.twin.patchDesired((NodeValue.Obj) NodeValue.parse("{\"settings\": null}"));
    engine.runUntilIdle();
    channel.failFetchReported = true;
    int patches = channel.twin.reportedPatches().size();

    engine.invoke(new CommandRequest("clearReportedCmd", NodeValue.Obj.empty()));
    engine.runUntilIdle();

    assertThat(channel.twin.reportedPatches()).hasSize(patches + 1);
    NodeValue.Obj patch = channel.twin.reportedPatches().get(patches);
    assertThat(patch.has("__summary")).isTrue();
    assertThat(patch.has("__deviceSchemas")).isTrue();
    assertThat(channel.twin.reported()).isEqualTo(engine.reported());
  }

  @Test
  void a_rebuild_that_was_not_acknowledged_is_sent_again_as_a_rebuild() {
    FlakyTwinChannel channel = new FlakyTwinChannel();
    Engine engine = engineOn(channel);
    channel.twin.sendReported((NodeValue.Obj) NodeValue.parse("{\"__legacy\": 1}"));
    channel.failSend = true;

    engine.invoke(new CommandRequest("clearReportedCmd", NodeValue.Obj.empty()));
    engine.runUntilIdle();
    assertThat(channel.twin.reported().has("__legacy")).isTrue();
    channel.failSend = false;
    int patches = channel.twin.reportedPatches().size();
    engine.runUntilIdle();

    assertThat(channel.twin.reportedPatches()).hasSize(patches + 1);
    assertThat(channel.twin.reportedPatches().get(patches).has("__deviceSchemas")).isTrue();
    assertThat(channel.twin.reported().has("__legacy")).isFalse();
  }

  @Test
  void a_command_is_journaled_as_an_exec_intent_and_its_outcome_and_audited() {
    f.device.execAnswers("./Tools/Echo", NodeResult.ok(NodeValue.parse("{\"list\": [\"a\"]}")));
    f.engine();
    int before = f.journal.records().size();

    invoke("EchoCmd", "{\"__meta\": {\"serviceInterfaceVersion\": \"2.0.0\"}}");

    List<String> added = f.journal.records().subList(before, f.journal.records().size());
    assertThat(added).hasSize(2);
    assertThat(added.get(0)).contains("\"kind\":\"intent\"").contains("\"operation\":\"exec\"")
        .contains("./Tools/Echo");
    assertThat(added.get(1)).contains("\"result\":\"executed\"");
    assertThat(f.audit.events()).last().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(dev.converge.engine.port.AuditEvent.Kind.COMMAND);
      assertThat(e.group()).isEqualTo("tools");
      assertThat(e.property()).isEqualTo("EchoCmd");
      assertThat(e.before()).isEqualTo(NodeValue.parse("{\"list\": [\"a\"]}"));
      assertThat(e.message()).isNull();
    });
  }

  @Test
  void a_failed_command_is_journaled_failed_with_the_reason() {
    f.device.execAnswers("./Tools/Echo", NodeResult.failed("device busy", Map.of()));
    f.engine();

    invoke("EchoCmd", "{}");

    assertThat(f.journal.records()).last().asString().contains("\"result\":\"failed\"").contains("device busy");
    assertThat(f.audit.events()).last().satisfies(e -> assertThat(e.message()).contains("device busy"));
  }

  @Test
  void a_command_interrupted_by_a_stop_is_recorded_as_unknown_on_restart_and_not_run_again() {
    f.device.execAnswers("./Tools/Echo", NodeResult.ok(NodeValue.Obj.empty()));
    f.engine();
    invoke("EchoCmd", "{}");
    List<String> records = f.journal.records();
    f.journal = InMemoryJournal.of(records.subList(0, records.size() - 1)); // crash before the outcome
    int execs = (int) f.device.writes().stream().filter(c -> c.operation().equals("exec")).count();

    f.restart();

    assertThat(f.journal.records()).last().asString().contains("\"result\":\"interrupted\"")
        .contains("whether it took effect is unknown");
    assertThat(f.device.writes().stream().filter(c -> c.operation().equals("exec")).count()).isEqualTo(execs);
  }

  @Test
  void a_secret_in_a_command_payload_is_journaled_and_audited_only_as_its_digest() {
    f.device.execAnswers("./Tools/logs/app/Remove", NodeResult.ok(NodeValue.Obj.empty()));
    f.engine();

    invoke("RemoveThingCmd", "{\"folder\": \"logs\", \"name\": \"app\", \"token\": \"hunter22secret\"}");

    assertThat(String.join("\n", f.journal.records())).doesNotContain("hunter22secret").contains("sha256:");
    assertThat(f.audit.events()).last().satisfies(e -> assertThat(e.after().toString()).doesNotContain(
        "hunter22secret"));
  }

  @Test
  void a_read_only_command_leaves_no_journal_record_and_no_audit_event() {
    f.device.execAnswers("./Tools/Peek", NodeResult.ok(NodeValue.of(3)));
    f.engine();
    int records = f.journal.records().size();
    int events = f.audit.events().size();

    CommandResponse r = invoke("PeekCmd", "{}");

    assertThat(r.status()).isEqualTo(200);
    assertThat(f.journal.records()).hasSize(records);
    assertThat(f.audit.events()).hasSize(events);
  }
}
