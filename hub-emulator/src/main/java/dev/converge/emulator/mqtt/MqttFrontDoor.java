package dev.converge.emulator.mqtt;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The MQTT-over-TLS listener (IoT Hub's port 8883). The SDKs hard-code 8883, so parallel hubs differ by bind
 * address ({@code 127.0.0.N}), not by port.
 */
public final class MqttFrontDoor implements AutoCloseable {

  /** Larger than IoT Hub's largest message (256 KB D2C), so that its own limits answer first. */
  static final int MAX_PACKET_BYTES = 512 * 1024;

  private final Channel server;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;

  private MqttFrontDoor(Channel server, EventLoopGroup boss, EventLoopGroup workers) {
    this.server = server;
    this.boss = boss;
    this.workers = workers;
  }

  /** Binds and starts serving; throws if the address is taken. */
  public static MqttFrontDoor start(InetSocketAddress address, SslContext tls, List<MqttService> services)
      throws InterruptedException {
    List<MqttService> chosen = List.copyOf(services);
    EventLoopGroup boss = new NioEventLoopGroup(1);
    EventLoopGroup workers = new NioEventLoopGroup(2);
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast("tls", tls.newHandler(ch.alloc()))
                        .addLast("decoder", new MqttDecoder(MAX_PACKET_BYTES))
                        .addLast("encoder", MqttEncoder.INSTANCE)
                        .addLast("connection", new MqttConnection(chosen));
                  }
                });
    ChannelFuture bound = bootstrap.bind(address).await();
    if (!bound.isSuccess()) {
      shutdown(boss, workers);
      throw new IllegalStateException(
          "cannot listen for MQTT on " + address + ": " + bound.cause().getMessage(), bound.cause());
    }
    return new MqttFrontDoor(bound.channel(), boss, workers);
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) server.localAddress();
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    shutdown(boss, workers);
  }

  private static void shutdown(EventLoopGroup boss, EventLoopGroup workers) {
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
