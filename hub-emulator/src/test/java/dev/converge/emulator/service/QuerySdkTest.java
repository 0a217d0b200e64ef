package dev.converge.emulator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadFormatException;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.RawQueryResponse;
import com.microsoft.azure.sdk.iot.service.query.TwinQueryResponse;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import dev.converge.emulator.identity.IdentityId;
import dev.converge.emulator.local.LocalHub;
import dev.converge.emulator.testing.LocalHubExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Twin queries ({@code POST /devices/query}) through the official service SDK, paging included. */
@ExtendWith(LocalHubExtension.class)
class QuerySdkTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final TwinClient twins;
  private final QueryClient queries;

  QuerySdkTest(LocalHub hub) {
    twins = new TwinClient(hub.serviceConnectionString());
    queries = new QueryClient(hub.serviceConnectionString());
  }

  @BeforeAll
  static void devices(LocalHub hub) throws Exception {
    ServiceSdk.trust(hub);
    for (int i = 1; i <= 5; i++) {
      hub.createDevice("q-" + i);
      String tag = i <= 3 ? "{\"x\":\"y\",\"n\":" + i + "}" : "{\"x\":\"z\",\"n\":" + i + "}";
      hub.hub().twins().patchTags(IdentityId.device("q-" + i), JSON.readTree(tag), "*");
    }
    hub.createModule("q-1", "alpha");
    hub.createModule("q-1", "beta");
    hub.hub().twins().patchReported(IdentityId.module("q-1", "beta"), JSON.readTree("{\"ready\":true}"));
  }

  @Test
  void where_on_tags_returns_whole_twins() throws Exception {
    List<Twin> found = all(twins.query("SELECT * FROM devices WHERE tags.x = 'y'"));
    assertThat(found).extracting(Twin::getDeviceId).containsExactly("q-1", "q-2", "q-3");
    assertThat(found.get(1).getTags()).containsEntry("x", "y");
    assertThat(found.get(1).getETag()).isNotEmpty();
    assertThat(found.get(1).getDesiredProperties().getVersion()).isEqualTo(1);
  }

  @Test
  void projection_returns_only_the_selected_properties() throws Exception {
    RawQueryResponse rows = queries.queryRaw("SELECT deviceId FROM devices WHERE tags.n >= 4");
    List<JsonNode> json = new ArrayList<>();
    while (rows.hasNext()) {
      json.add(JSON.readTree(rows.next()));
    }
    assertThat(json).containsExactly(JSON.readTree("{\"deviceId\":\"q-4\"}"), JSON.readTree("{\"deviceId\":\"q-5\"}"));

    RawQueryResponse count = queries.queryRaw("SELECT COUNT() AS matching FROM devices WHERE tags.x = 'z'");
    assertThat(JSON.readTree(count.next()).path("matching").asInt()).isEqualTo(2);
  }

  @Test
  void module_twins_are_queried_from_devices_modules() throws Exception {
    List<Twin> modules = all(twins.query("SELECT * FROM devices.modules WHERE deviceId = 'q-1'"));
    assertThat(modules).extracting(Twin::getModuleId).containsExactly("alpha", "beta");
    List<Twin> ready = all(twins.query("SELECT * FROM devices.modules WHERE properties.reported.ready = true"));
    assertThat(ready).extracting(Twin::getModuleId).containsExactly("beta");
  }

  @Test
  void pages_follow_the_continuation_token() throws Exception {
    QueryPageOptions two = QueryPageOptions.builder().pageSize(2).build();
    TwinQueryResponse response = twins.query("SELECT * FROM devices WHERE tags.x = 'y'", two);
    assertThat(response.getContinuationToken()).as("a first page of 2 out of 3 continues").isNotNull();
    List<String> ids = new ArrayList<>();
    while (response.hasNext()) {
      ids.add(response.next(two).getDeviceId());
    }
    assertThat(ids).containsExactly("q-1", "q-2", "q-3");
    assertThat(response.getContinuationToken()).as("the last page has no token").isNull();

    TwinQueryResponse exact = twins.query("SELECT * FROM devices WHERE tags.x = 'z'", two);
    assertThat(exact.getContinuationToken()).as("a page holding the last row does not continue").isNull();
  }

  @Test
  void a_malformed_query_is_a_bad_request_naming_the_column() {
    assertThatThrownBy(() -> twins.query("SELECT * FROM devices WHERE tags.x ="))
        .isInstanceOfSatisfying(IotHubBadFormatException.class, e -> assertThat(e.getErrorCode()).isEqualTo(400004))
        .hasMessageContaining("column");
  }

  private static List<Twin> all(TwinQueryResponse response) throws Exception {
    List<Twin> found = new ArrayList<>();
    while (response.hasNext()) {
      found.add(response.next());
    }
    return found;
  }
}
