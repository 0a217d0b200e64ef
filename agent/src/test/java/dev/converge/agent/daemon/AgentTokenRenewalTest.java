package dev.converge.agent.daemon;

import static dev.converge.agent.daemon.AgentMissedPatchTest.file;
import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.agent.config.AgentConfig;
import dev.converge.agent.config.IdentitySpec;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.testing.LocalHubExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SAS tokens expire, and the hub closes a connection when its token does (as IoT Hub does, without its grace
 * period). The agent reconnects with a fresh token {@code tokenRenewalMargin} before that, whoever signs the token:
 * the agent itself (no gateway: {@code RenewingSasTokens}) or the SDK (a connection string with a gateway).
 */
@ExtendWith(LocalHubExtension.class)
class AgentTokenRenewalTest {

  private static final Duration LIFETIME = Duration.ofSeconds(6);
  private static final Duration MARGIN = Duration.ofSeconds(3);
  private static final int RENEWALS = 3;

  @TempDir Path dir;

  @Test
  void tokens_the_agent_signs_are_renewed_before_they_expire_and_the_agent_keeps_converging(LocalHub hub)
      throws Exception {
    UnaryOperator<AgentConfig> ownTokens = c -> shortTokens(c).withIdentity(
        new IdentitySpec.ConnectionString(DeviceUnderTest.withoutGateway(hub.deviceConnectionString("own-tokens"))));
    try (DeviceUnderTest d = DeviceUnderTest.device(hub, dir, "own-tokens", ownTokens).started()) {
      assertThat(d.agent.identity().orElseThrow().gateway()).as("the token-provider path").isEmpty();
      assertRenewsBeforeExpiry(d);
    }
  }

  @Test
  void tokens_the_sdk_signs_through_a_gateway_are_renewed_before_they_expire(LocalHub hub) throws Exception {
    try (DeviceUnderTest d = DeviceUnderTest.device(hub, dir, "sdk-tokens", AgentTokenRenewalTest::shortTokens)
        .started()) {
      assertThat(d.agent.identity().orElseThrow().gateway()).as("the SDK-signed path").isPresent();
      assertRenewsBeforeExpiry(d);
    }
  }

  /**
   * Over several token lifetimes: each connection the hub sees is replaced by a new one before its token expires,
   * the agent never passes through {@code retrying} or {@code disconnected} (a renewal is the agent's own clean
   * reconnect, not a drop), and desired patches made in between converge.
   */
  private static void assertRenewsBeforeExpiry(DeviceUnderTest d) {
    Instant agentConnectedSince = d.agent.connectionSince();
    List<Instant> connects = new ArrayList<>();
    connects.add(d.hub.hub().sessions().presence(d.id).since());
    for (int round = 1; round <= RENEWALS; round++) {
      d.patchDesired(file("motd", "/etc/motd", "round " + round));
      d.awaitStatus("files", "succeeded");
      assertThat(d.file("/etc/motd")).isEqualTo("round " + round);
      Instant previous = connects.get(connects.size() - 1);
      d.await("connection " + (round + 1) + " (a token renewal)", () -> {
        var p = d.hub.hub().sessions().presence(d.id);
        return p.connected() && p.since().isAfter(previous);
      });
      connects.add(d.hub.hub().sessions().presence(d.id).since());
    }
    for (int i = 1; i < connects.size(); i++) {
      assertThat(Duration.between(connects.get(i - 1), connects.get(i)))
          .as("connection %s lasted less than its token", i).isLessThan(LIFETIME);
    }
    d.patchDesired(file("motd", "/etc/motd", "after the renewals"));
    d.awaitStatus("files", "succeeded");
    assertThat(d.file("/etc/motd")).isEqualTo("after the renewals");
    assertThat(d.agent.connectionState()).isEqualTo("connected");
    assertThat(d.agent.connectionSince()).as("no drop since the start").isEqualTo(agentConnectedSince);
  }

  private static AgentConfig shortTokens(AgentConfig config) {
    AgentConfig fast = DeviceUnderTest.fast(config);
    return fast.withSdk(fast.sdk().withTokenLifetime(LIFETIME, MARGIN));
  }
}
