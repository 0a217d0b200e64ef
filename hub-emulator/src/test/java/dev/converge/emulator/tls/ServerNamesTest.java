package dev.converge.emulator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ServerNamesTest {

  @Test
  void sorts_names_into_dns_names_and_addresses() {
    ServerNames names = ServerNames.of("LocalHub.Azure-Devices.net", "127.0.0.5", "::1", "localhost");

    assertThat(names.dnsNames()).containsExactlyInAnyOrder("localhub.azure-devices.net", "localhost");
    assertThat(names.ipAddresses()).containsExactlyInAnyOrder("127.0.0.5", "0:0:0:0:0:0:0:1");
  }

  @Test
  void covers_subsets_only() {
    ServerNames names = ServerNames.of("localhost", "127.0.0.5");

    assertThat(names.covers(ServerNames.of("LOCALHOST"))).isTrue();
    assertThat(names.covers(ServerNames.of("127.0.0.6"))).isFalse();
    assertThat(names.union(ServerNames.of("127.0.0.6")).covers(ServerNames.of("127.0.0.6", "localhost"))).isTrue();
  }

  @Test
  void refuses_names_that_are_neither_hosts_nor_addresses() {
    assertThatIllegalArgumentException().isThrownBy(() -> ServerNames.of("300.1.1.1"));
    assertThatIllegalArgumentException().isThrownBy(() -> ServerNames.of("bad name"));
    assertThatIllegalArgumentException().isThrownBy(() -> ServerNames.of("::zz"));
    assertThatIllegalArgumentException().isThrownBy(() -> new ServerNames(Set.of("UPPER"), Set.of()));
  }
}
