package dev.converge.emulator.dps;

import dev.converge.emulator.mqtt.MqttOutbound;
import dev.converge.emulator.mqtt.MqttSession;
import dev.converge.emulator.wire.QueryString;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device's DPS connection: {@code $dps/registrations/PUT/iotdps-register/?$rid={rid}} and {@code
 * $dps/registrations/GET/iotdps-get-operationstatus/?$rid={rid}&operationId={id}}, each answered on {@code
 * $dps/registrations/res/{status}/?$rid={rid}}, with {@code &retry-after=1} while the operation is pending.
 *
 * <p>Replies leave after a short delay because the Java provisioning client 2.1.3 publishes and only then starts
 * waiting on a monitor ({@code ContractAPIMqtt.executeProvisioningMessage}); a reply faster than that thread loses its
 * notify and stalls the client for its full 60 s timeout. Real DPS is never that fast.
 */
final class DpsMqttSession implements MqttSession {

  static final String RESPONSES = "$dps/registrations/res/";
  private static final String RESPONSE_FILTER = RESPONSES + "#";
  private static final String REGISTER = "$dps/registrations/PUT/iotdps-register/";
  private static final String OPERATION_STATUS = "$dps/registrations/GET/iotdps-get-operationstatus/";
  private static final Logger LOG = LoggerFactory.getLogger(DpsMqttSession.class);

  private final @Nullable EnrollmentMatch match;
  private final String registrationId;
  private final RuntimeRegistration runtime;
  private final MqttOutbound out;
  private final Executor replies;
  private volatile boolean subscribed;

  /** {@code match} is null when attestation failed: every request is then answered 401, as DPS answers it. */
  DpsMqttSession(@Nullable EnrollmentMatch match, String registrationId, RuntimeRegistration runtime,
      MqttOutbound out, Duration replyDelay) {
    this.match = match;
    this.registrationId = registrationId;
    this.runtime = runtime;
    this.out = out;
    this.replies = CompletableFuture.delayedExecutor(replyDelay.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public List<Integer> subscribe(List<Subscription> requested) {
    List<Integer> granted = new ArrayList<>();
    for (Subscription s : requested) {
      if (s.filter().equals(RESPONSE_FILTER) || (s.filter().startsWith(RESPONSES) && !s.filter().contains("#"))) {
        subscribed = true;
        granted.add(s.qos());
      } else {
        LOG.warn("{} subscribed to '{}', which DPS does not offer; refused", registrationId, s.filter());
        granted.add(0x80);
      }
    }
    return granted;
  }

  @Override
  public void unsubscribe(List<String> filters) {
    if (filters.contains(RESPONSE_FILTER)) {
      subscribed = false;
    }
  }

  @Override
  public boolean accepts(String topic, byte[] payload) {
    return topic.startsWith(REGISTER) || topic.startsWith(OPERATION_STATUS);
  }

  @Override
  public void publish(String topic, byte[] payload) {
    Map<String, String> query = QueryString.of(topic);
    String rid = query.getOrDefault("$rid", "");
    if (match == null) {
      reply(rid, runtime.unauthorized());
    } else if (topic.startsWith(REGISTER)) {
      reply(rid, runtime.register(match, payload));
    } else if (topic.startsWith(OPERATION_STATUS)) {
      reply(rid, runtime.operationStatus(match, query.getOrDefault("operationId", "")));
    }
  }

  @Override
  public void closed() {
    // Nothing to keep: DPS has no persistent sessions, and operations live on in RuntimeRegistration.
  }

  private void reply(String rid, DpsReply reply) {
    if (!subscribed) {
      LOG.warn("{} is not subscribed to {}; DPS reply {} dropped", registrationId, RESPONSE_FILTER,
          reply.status());
      return;
    }
    String topic = RESPONSES + reply.status() + "/?$rid=" + rid
        + (reply.isPending() ? "&retry-after=" + DpsReply.RETRY_AFTER_SECONDS : "");
    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
    replies.execute(() -> out.publish(topic, body, 1));
  }
}
