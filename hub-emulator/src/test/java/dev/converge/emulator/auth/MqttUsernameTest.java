package dev.converge.emulator.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MqttUsernameTest {

  private static final String HUB = "localhub.azure-devices.net";
  /** As the Java device SDK 2.5.0 builds it ({@code MqttIotHubConnection}). */
  private static final String JAVA_QUERY = "?api-version=2020-09-30&DeviceClientType="
      + "com.microsoft.azure.sdk.iot.iot-device-client%2F2.5.0%20%28Java%2017%3B%20Linux%3B%20amd64%29";

  private static MqttUsername parsed(String username, String clientId) {
    MqttUsernameParse parse = MqttUsername.parse(username, clientId);
    assertThat(parse).isInstanceOf(MqttUsernameParse.Parsed.class);
    return ((MqttUsernameParse.Parsed) parse).username();
  }

  private static String invalid(String username, String clientId) {
    MqttUsernameParse parse = MqttUsername.parse(username, clientId);
    assertThat(parse).isInstanceOf(MqttUsernameParse.Invalid.class);
    return ((MqttUsernameParse.Invalid) parse).reason();
  }

  @Test
  void reads_the_java_sdk_device_username() {
    MqttUsername username = parsed(HUB + "/dev1/" + JAVA_QUERY, "dev1");

    assertThat(username).isInstanceOfSatisfying(MqttUsername.Hub.class, hub -> {
      assertThat(hub.kind()).isEqualTo(MqttUsername.Kind.HUB);
      assertThat(hub.hubHost()).isEqualTo(HUB);
      assertThat(hub.deviceId()).isEqualTo("dev1");
      assertThat(hub.moduleId()).isNull();
      assertThat(hub.clientId()).isEqualTo("dev1");
      assertThat(hub.apiVersion()).isEqualTo("2020-09-30");
      assertThat(hub.query()).containsEntry("DeviceClientType",
          "com.microsoft.azure.sdk.iot.iot-device-client/2.5.0 (Java 17; Linux; amd64)");
      assertThat(hub.resource()).isEqualTo(ResourceUri.device(HUB, "dev1"));
      assertThat(hub.isForHub("LocalHub.Azure-Devices.net")).isTrue();
      assertThat(hub.isForHub("otherhub.azure-devices.net")).isFalse();
    });
  }

  @Test
  void reads_a_module_username_with_a_model_id() {
    MqttUsername username =
        parsed(HUB + "/dev1/m1/?api-version=2020-09-30&model-id=dtmi%3Acom%3Aexample%3Bl&DeviceClientType=x",
            "dev1/m1");

    assertThat(username).isEqualTo(new MqttUsername.Hub(HUB, "dev1", "m1",
        Map.of("api-version", "2020-09-30", "model-id", "dtmi:com:example;l", "DeviceClientType", "x")));
    assertThat(username.resource()).isEqualTo(ResourceUri.module(HUB, "dev1", "m1"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "C SDK          | localhub.azure-devices.net/dev1/?api-version=2020-09-30&DeviceClientType=iothubclient%2F1.11.0"
          + "%20(native%3B%20Linux%3B%20x86_64)                                         | dev1 | 2020-09-30",
      "Python         | localhub.azure-devices.net/dev1/?api-version=2021-04-12&DeviceClientType=azure-iot-device"
          + "%2F2.12.0%28python%29                                                      | dev1 | 2021-04-12",
      "no question    | localhub.azure-devices.net/dev1/api-version=2016-11-14                    | dev1 | 2016-11-14",
      "with port      | localhub.azure-devices.net:8883/dev1/?api-version=2020-09-30              | dev1 | 2020-09-30",
      "gateway query  | localhub.azure-devices.net/dev1/?api-version=2020-09-30&GatewayHostName=localhost%3A8883"
          + "                                                                           | dev1 | 2020-09-30",
      "repeated name  | localhub.azure-devices.net/dev1/?api-version=2020-09-30&api-version=1999-01-01"
          + "                                                                           | dev1 | 2020-09-30",
      "encoded id     | localhub.azure-devices.net/dev%231/?api-version=2020-09-30                | dev#1 | 2020-09-30",
      "raw odd id     | localhub.azure-devices.net/dev?1/?api-version=2020-09-30                  | dev?1 | 2020-09-30",
  })
  void is_lenient_about_the_query_and_encodings(String sdk, String username, String clientId, String apiVersion) {
    MqttUsername parsed = parsed(username, clientId);

    assertThat(parsed).isInstanceOfSatisfying(MqttUsername.Hub.class, hub -> {
      assertThat(hub.hubHost()).isEqualTo(HUB);
      assertThat(hub.deviceId()).isEqualTo(clientId);
      assertThat(hub.apiVersion()).isEqualTo(apiVersion);
    });
  }

  @Test
  void accepts_a_username_without_any_query() {
    assertThat(parsed(HUB + "/dev1", "dev1").apiVersion()).isNull();
    assertThat(parsed(HUB + "/dev1/", "dev1").query()).isEmpty();
  }

  @Test
  void refuses_a_username_naming_another_device_than_the_client_id() {
    assertThat(invalid(HUB + "/dev2/" + JAVA_QUERY, "dev1")).contains("'dev2'", "'dev1'");
    assertThat(invalid(HUB + "/dev1/m1/" + JAVA_QUERY, "dev1/m2")).contains("'dev1/m1'", "'dev1/m2'");
    assertThat(invalid(HUB + "/dev1/" + JAVA_QUERY, "dev1/m1")).contains("dev1/m1");
    assertThat(invalid(HUB + "/dev1/m1/" + JAVA_QUERY, "dev1")).contains("'dev1'", "deviceId/moduleId");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''                                     | dev1",
      "dev1                                   | dev1",
      "/dev1/?api-version=2020-09-30          | dev1",
      "local hub/dev1/?api-version=2020-09-30 | dev1",
      "hub_1.net/dev1/?api-version=2020-09-30 | dev1",
      "-hub.net/dev1/?api-version=2020-09-30  | dev1",
      "hub.net/dev1/?api-version=2020-09-30   | ''",
      "hub.net/a/b/c/?api-version=2020-09-30  | a/b/c",
      "hub.net/dev1//?api-version=2020-09-30  | dev1/",
  })
  void refuses_usernames_that_cannot_name_a_hub_identity(String username, String clientId) {
    assertThat(invalid(username, clientId)).isNotBlank();
  }

  @Test
  void reads_the_java_dps_username() {
    MqttUsername username =
        parsed("0ne00000A1B/registrations/reg-1/api-version=2019-03-31&ClientVersion=2019-03-31", "reg-1");

    assertThat(username).isEqualTo(new MqttUsername.Dps("0ne00000A1B", "reg-1",
        Map.of("api-version", "2019-03-31", "ClientVersion", "2019-03-31")));
    assertThat(username.kind()).isEqualTo(MqttUsername.Kind.DPS);
    assertThat(username.apiVersion()).isEqualTo("2019-03-31");
    assertThat(username.resource()).isEqualTo(ResourceUri.registration("0ne00000A1B", "reg-1"));
  }

  @Test
  void reads_dps_usernames_from_other_sdks() {
    assertThat(parsed("0ne00000A1B/registrations/reg-1/?api-version=2019-03-31", "reg-1").apiVersion())
        .isEqualTo("2019-03-31");
    assertThat(parsed("0ne00000A1B/registrations/reg-1", "reg-1")).isInstanceOf(MqttUsername.Dps.class);
  }

  @Test
  void refuses_a_dps_username_for_another_registration() {
    assertThat(invalid("0ne00000A1B/registrations/reg-2/api-version=2019-03-31", "reg-1"))
        .contains("'reg-2'", "'reg-1'");
    assertThat(invalid("0ne00000A1B/registrations//api-version=2019-03-31", "reg-1")).contains("registration id");
    assertThat(invalid("0ne00000A1B/registrations/reg-1/x/api-version=2019-03-31", "reg-1")).contains("extra");
  }

  @Test
  void a_hub_device_called_registrations_is_still_a_hub_client() {
    assertThat(parsed(HUB + "/registrations/?api-version=2020-09-30", "registrations"))
        .isInstanceOf(MqttUsername.Hub.class);
  }
}
