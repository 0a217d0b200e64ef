package dev.converge.agent.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.azure.sdk.iot.device.IotHubStatusCode;
import com.microsoft.azure.sdk.iot.device.MessageType;
import com.microsoft.azure.sdk.iot.device.transport.IotHubTransportMessage;
import com.microsoft.azure.sdk.iot.device.twin.Twin;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * SDK 2.5.0 can lose {@code onResponseReceived} of a twin request; the request must then complete from
 * {@code onResponseAcknowledged}, which the SDK's receive task always calls with the response message.
 */
class TwinAnswerTest {

  private static IotHubTransportMessage response(String status, String body) {
    IotHubTransportMessage m = new IotHubTransportMessage(body.getBytes(StandardCharsets.UTF_8),
        MessageType.DEVICE_TWIN);
    m.setStatus(status);
    return m;
  }

  @Test
  void a_twin_get_completes_from_the_acknowledged_response_when_the_received_callback_is_lost() {
    CompletableFuture<Twin> got = new CompletableFuture<>();

    new HubConnection.TwinAnswer(got).onResponseAcknowledged(
        response("200", "{\"desired\":{\"a\":1,\"$version\":7},\"reported\":{\"$version\":3}}"), null);

    assertThat(got).isCompleted();
    assertThat(got.join().getDesiredProperties().getVersion()).isEqualTo(7);
    assertThat(got.join().getDesiredProperties().get("a")).isEqualTo(1L);
  }

  @Test
  void a_reported_patch_completes_from_the_acknowledged_204_and_fails_on_a_refusal() {
    CompletableFuture<Void> accepted = new CompletableFuture<>();
    CompletableFuture<Void> refused = new CompletableFuture<>();

    new HubConnection.ReportedAnswer(accepted).onResponseAcknowledged(response("204", ""), null);
    new HubConnection.ReportedAnswer(refused).onResponseAcknowledged(response("400", "{}"), null);

    assertThat(accepted).isCompleted();
    assertThat(refused).isCompletedExceptionally();
  }

  @Test
  void the_first_of_the_two_callbacks_wins_and_the_second_changes_nothing() {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    HubConnection.ReportedAnswer answer = new HubConnection.ReportedAnswer(acked);

    answer.onResponseReceived(null, null, IotHubStatusCode.OK, null, null);
    answer.onResponseAcknowledged(response("400", "{}"), null);

    assertThat(acked).isCompleted().isNotCompletedExceptionally();
  }
}
