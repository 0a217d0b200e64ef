package dev.converge.emulator.local;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;

/** MQTT packets as bytes, encoded by netty's codec, for tests that drive a raw socket. */
final class RawMqtt {

  private RawMqtt() {}

  static byte[] connect(String clientId, String username, String password, int keepAliveSeconds) {
    return encode(MqttMessageBuilders.connect()
        .protocolVersion(MqttVersion.MQTT_3_1_1)
        .clientId(clientId)
        .username(username)
        .password(password.getBytes(StandardCharsets.UTF_8))
        .cleanSession(true)
        .keepAlive(keepAliveSeconds)
        .build());
  }

  private static byte[] encode(MqttMessage message) {
    EmbeddedChannel channel = new EmbeddedChannel(MqttEncoder.INSTANCE);
    channel.writeOutbound(message);
    ByteBuf encoded = channel.readOutbound();
    try {
      return ByteBufUtil.getBytes(encoded);
    } finally {
      encoded.release();
      channel.finishAndReleaseAll();
    }
  }
}
