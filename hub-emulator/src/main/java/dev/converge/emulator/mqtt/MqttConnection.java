package dev.converge.emulator.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: MQTT 3.1.1 framing rules as IoT Hub applies them, with the protocol logic delegated to the
 * {@link MqttSession} the chosen {@link MqttService} opened.
 *
 * <p>Rules enforced here: the first packet must be CONNECT, and only protocol level 4 (3.1.1) is accepted; the
 * keep-alive is enforced at 1.5 times the client's value, capped at IoT Hub's 1177 s (0 means the cap); QoS 2 is not
 * supported (a QoS 2 PUBLISH drops the connection, a QoS 2 subscription is granted QoS 1); a PUBLISH the session
 * refuses (unknown topic, message too large) drops the connection.
 */
final class MqttConnection extends SimpleChannelInboundHandler<MqttMessage> implements MqttOutbound {

  static final int MAX_KEEP_ALIVE_SECONDS = 1177;
  private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);

  private final List<MqttService> services;
  private final AtomicInteger nextPacketId = new AtomicInteger();
  private @Nullable Channel channel;
  private @Nullable MqttSession session;
  private String clientId = "?";
  private @Nullable ScheduledFuture<?> scheduledClose;

  MqttConnection(List<MqttService> services) {
    this.services = services;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    channel = ctx.channel();
    super.channelActive(ctx);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
    if (msg.decoderResult().isFailure()) {
      drop(ctx, "malformed MQTT packet: " + msg.decoderResult().cause().getMessage());
      return;
    }
    MqttMessageType type = msg.fixedHeader().messageType();
    if (session == null && type != MqttMessageType.CONNECT) {
      drop(ctx, "first packet was " + type + ", not CONNECT");
      return;
    }
    switch (type) {
      case CONNECT -> connect(ctx, (MqttConnectMessage) msg);
      case SUBSCRIBE -> subscribe(ctx, (MqttSubscribeMessage) msg);
      case UNSUBSCRIBE -> unsubscribe(ctx, (MqttUnsubscribeMessage) msg);
      case PUBLISH -> publish(ctx, (MqttPublishMessage) msg);
      case PUBACK -> {
        // Acknowledgements of what the hub sent; IoT Hub does not redeliver at this level, neither do we.
      }
      case PINGREQ -> ctx.writeAndFlush(MqttMessage.PINGRESP);
      case DISCONNECT -> ctx.close();
      default -> drop(ctx, "unsupported packet " + type);
    }
  }

  private void connect(ChannelHandlerContext ctx, MqttConnectMessage msg) {
    if (session != null) {
      drop(ctx, "second CONNECT on one connection");
      return;
    }
    if (msg.variableHeader().version() != 4) {
      refuse(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION,
          "protocol level " + msg.variableHeader().version() + "; IoT Hub speaks MQTT 3.1.1 (level 4) only");
      return;
    }
    clientId = msg.payload().clientIdentifier();
    String username = msg.variableHeader().hasUserName() ? msg.payload().userName() : "";
    ConnectRequest request =
        new ConnectRequest(
            clientId,
            username == null ? "" : username,
            msg.variableHeader().hasPassword() ? msg.payload().passwordInBytes() : null,
            msg.variableHeader().isCleanSession(),
            msg.variableHeader().keepAliveTimeSeconds(),
            clientCertificate(ctx));
    MqttService service = services.stream().filter(s -> s.serves(request.username())).findFirst().orElse(null);
    if (service == null) {
      refuse(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
          "user name '" + request.username() + "' names neither an IoT Hub identity nor a DPS registration");
      return;
    }
    ConnectResult result;
    try {
      result = service.connect(request, this);
    } catch (RuntimeException e) {
      LOG.error("CONNECT of {} failed inside the emulator", clientId, e);
      refuse(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, "internal error: " + e);
      return;
    }
    if (result instanceof ConnectResult.Refused refused) {
      refuse(ctx, refused.code(), refused.reason());
      return;
    }
    ConnectResult.Accepted accepted = (ConnectResult.Accepted) result;
    session = accepted.session();
    int keepAlive = request.keepAliveSeconds() == 0
        ? MAX_KEEP_ALIVE_SECONDS
        : Math.min(request.keepAliveSeconds(), MAX_KEEP_ALIVE_SECONDS);
    ctx.pipeline().addFirst("keep-alive", new IdleStateHandler(keepAlive * 1500L, 0, 0, TimeUnit.MILLISECONDS));
    ctx.writeAndFlush(MqttMessageBuilders.connAck()
        .returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
        .sessionPresent(accepted.sessionPresent())
        .build());
    LOG.debug("{} connected (session present: {})", clientId, accepted.sessionPresent());
  }

  private void subscribe(ChannelHandlerContext ctx, MqttSubscribeMessage msg) {
    List<MqttSession.Subscription> requested = new ArrayList<>();
    for (MqttTopicSubscription s : msg.payload().topicSubscriptions()) {
      requested.add(new MqttSession.Subscription(s.topicName(), Math.min(1, s.qualityOfService().value())));
    }
    List<Integer> granted = session().subscribe(requested);
    MqttMessageBuilders.SubAckBuilder ack = MqttMessageBuilders.subAck().packetId(msg.variableHeader().messageId());
    for (int qos : granted) {
      ack.addGrantedQos(MqttQoS.valueOf(qos));
    }
    ctx.writeAndFlush(ack.build());
  }

  private void unsubscribe(ChannelHandlerContext ctx, MqttUnsubscribeMessage msg) {
    session().unsubscribe(msg.payload().topics());
    ctx.writeAndFlush(MqttMessageBuilders.unsubAck().packetId(msg.variableHeader().messageId()).build());
  }

  private void publish(ChannelHandlerContext ctx, MqttPublishMessage msg) {
    MqttQoS qos = msg.fixedHeader().qosLevel();
    if (qos == MqttQoS.EXACTLY_ONCE) {
      drop(ctx, "PUBLISH at QoS 2, which IoT Hub does not support");
      return;
    }
    String topic = msg.variableHeader().topicName();
    byte[] payload = ByteBufUtil.getBytes(msg.payload());
    if (!session().accepts(topic, payload)) {
      drop(ctx, "PUBLISH of " + payload.length + " bytes to '" + topic + "' refused");
      return;
    }
    if (qos == MqttQoS.AT_LEAST_ONCE) {
      ctx.writeAndFlush(MqttMessageBuilders.pubAck().packetId(msg.variableHeader().packetId()).build());
    }
    session().publish(topic, payload);
  }

  @Override
  public void publish(String topic, byte[] payload, int qos) {
    Channel ch = channel;
    if (ch == null || !ch.isActive()) {
      return;
    }
    MqttQoS level = qos >= 1 ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
    ByteBuf body = Unpooled.wrappedBuffer(payload);
    MqttMessageBuilders.PublishBuilder publish =
        MqttMessageBuilders.publish().topicName(topic).qos(level).retained(false).payload(body);
    if (level == MqttQoS.AT_LEAST_ONCE) {
      publish.messageId(nextPacketId());
    }
    ch.writeAndFlush(publish.build());
  }

  @Override
  public void close(String reason) {
    Channel ch = channel;
    if (ch != null && ch.isActive()) {
      LOG.info("Closing connection of {}: {}", clientId, reason);
      ch.close();
    }
  }

  @Override
  public void closeAfter(Duration delay, String reason) {
    Channel ch = channel;
    if (ch == null) {
      return;
    }
    ch.eventLoop().execute(() -> {
      if (scheduledClose != null) {
        scheduledClose.cancel(false);
      }
      scheduledClose = ch.eventLoop().schedule(() -> close(reason), Math.max(0, delay.toMillis()),
          TimeUnit.MILLISECONDS);
    });
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent) {
      drop(ctx, "keep-alive expired (no packet within 1.5 times the keep-alive interval)");
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    MqttSession ended = session;
    session = null;
    if (scheduledClose != null) {
      scheduledClose.cancel(false);
      scheduledClose = null;
    }
    if (ended != null) {
      ended.closed();
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("Connection of {} failed: {}", clientId, cause.toString());
    ctx.close();
  }

  private MqttSession session() {
    MqttSession s = session;
    if (s == null) {
      throw new IllegalStateException("no session before CONNECT");
    }
    return s;
  }

  private int nextPacketId() {
    return nextPacketId.updateAndGet(id -> id >= 0xFFFF ? 1 : id + 1);
  }

  private void refuse(ChannelHandlerContext ctx, MqttConnectReturnCode code, String reason) {
    LOG.info("Refused CONNECT of {}: {} ({})", clientId, reason, code);
    ctx.writeAndFlush(MqttMessageBuilders.connAck().returnCode(code).sessionPresent(false).build())
        .addListener(ChannelFutureListener.CLOSE);
  }

  private void drop(ChannelHandlerContext ctx, String reason) {
    LOG.warn("Dropping connection of {}: {}", clientId, reason);
    ctx.close();
  }

  private static @Nullable X509Certificate clientCertificate(ChannelHandlerContext ctx) {
    SslHandler ssl = ctx.pipeline().get(SslHandler.class);
    if (ssl == null) {
      return null;
    }
    try {
      Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? leaf : null;
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }
}
