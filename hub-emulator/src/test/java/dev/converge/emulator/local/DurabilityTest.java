package dev.converge.emulator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.converge.emulator.identity.Identity;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.testing.LocalHubExtension;
import dev.converge.emulator.twin.TwinSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Everything durable survives a stop and start; a damaged state file stops the hub instead of being overwritten. */
class DurabilityTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void identities_twins_and_sessions_survive_a_restart(@TempDir Path dir) throws Exception {
    int n = LocalHubExtension.nextAddressSuffix();
    try (LocalHub hub = LocalHub.start(LocalHubExtension.configFor(n, dir))) {
      Identity device = hub.createDevice("durable-dev");
      Identity module = hub.createModule("durable-dev", "agent");
      IdentityId id = device.id();
      hub.hub().twins().patchTags(id, JSON.readTree("{\"site\":\"lab\"}"), "*");
      hub.hub().twins().patchDesired(id, JSON.readTree("{\"mode\":\"eco\",\"nested\":{\"a\":[1,2]}}"), "*");
      hub.hub().twins().patchReported(module.id(), JSON.readTree("{\"ok\":true}"));
      hub.hub().sessions().subscribe(id, "$iothub/twin/res/#", 1);
      Map<IdentityId, TwinSnapshot> twins = hub.hub().twins().all();
      List<Identity> identities = hub.hub().identities().all();
      String connectionString = hub.deviceConnectionString("durable-dev");

      hub.restart();

      assertThat(hub.hub().identities().all()).isEqualTo(identities);
      assertThat(hub.hub().twins().all()).isEqualTo(twins);
      assertThat(hub.hub().sessions().stored()).containsEntry(id, Map.of("$iothub/twin/res/#", 1));
      assertThat(hub.deviceConnectionString("durable-dev")).isEqualTo(connectionString);
      // Versions continue from where they were, as IoT Hub's only ever increase.
      long before = twins.get(id).desiredVersion();
      hub.hub().twins().patchDesired(id, JSON.readTree("{\"mode\":\"boost\"}"), "*");
      assertThat(hub.hub().twins().get(id).orElseThrow().desiredVersion()).isEqualTo(before + 1);
    }
  }

  @Test
  void state_file_holds_keys_so_only_the_owner_may_read_it(@TempDir Path dir) throws Exception {
    int n = LocalHubExtension.nextAddressSuffix();
    try (LocalHub hub = LocalHub.start(LocalHubExtension.configFor(n, dir))) {
      hub.createDevice("secret-dev");
      hub.hub().flush();
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state.json"))))
        .isEqualTo("rw-------");
  }

  @Test
  void damaged_state_file_is_named_and_left_untouched(@TempDir Path dir) throws Exception {
    int n = LocalHubExtension.nextAddressSuffix();
    Path state = dir.resolve("state.json");
    Files.writeString(state, "{\"format\":1,\"identities\":[{\"deviceId\":");
    assertThatThrownBy(() -> LocalHub.start(LocalHubExtension.configFor(n, dir)))
        .hasMessageContaining(state.toString())
        .hasMessageContaining("not valid JSON");
    assertThat(Files.readString(state)).isEqualTo("{\"format\":1,\"identities\":[{\"deviceId\":");
  }
}
