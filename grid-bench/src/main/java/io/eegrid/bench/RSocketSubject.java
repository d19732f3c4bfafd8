package io.eegrid.bench;

import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.core.RSocketConnector;
import io.rsocket.frame.decoder.PayloadDecoder;
import io.rsocket.transport.netty.client.WebsocketClientTransport;
import io.rsocket.util.DefaultPayload;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * RSocket-java over its WebSocket transport, one connection to {@link RSocketEchoServer}:
 * request-response for single requests, request-stream for handler-to-caller flows, and
 * request-channel for caller-to-handler and echo flows. Payloads are heap {@link DefaultPayload}s,
 * as the default decoder makes them.
 */
final class RSocketSubject implements Subject {
  private final RSocketEchoServer server;
  private final RSocket client;

  RSocketSubject() {
    server = new RSocketEchoServer();
    try {
      client =
          RSocketConnector.create()
              .payloadDecoder(PayloadDecoder.DEFAULT)
              .connect(WebsocketClientTransport.create("127.0.0.1", server.port()))
              .block(Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  @Override
  public void call(Loop loop) {
    client
        .requestResponse(DefaultPayload.create(loop.payload))
        .subscribe(p -> loop.replied(), loop::failed);
  }

  @Override
  public Flow openFlow(Direction direction, int messageBytes, Meter meter) {
    server.meter(meter);
    byte[] message = new byte[messageBytes];
    Disposable d;
    switch (direction) {
      case TO_CALLER:
        d =
            client
                .requestStream(
                    DefaultPayload.create(ByteBuffer.allocate(4).putInt(0, messageBytes)))
                .limitRate(RSocketEchoServer.DEMAND)
                .subscribe(p -> meter.completed(1), meter::fail);
        break;
      case TO_HANDLER:
        d =
            client
                .requestChannel(messages(message, RSocketEchoServer.SINK))
                .subscribe(p -> {}, meter::fail);
        break;
      case ECHO:
        d =
            client
                .requestChannel(messages(message, "echo"))
                .limitRate(RSocketEchoServer.DEMAND)
                .subscribe(p -> meter.completed(2), meter::fail);
        break;
      default:
        throw new IllegalArgumentException("direction " + direction);
    }
    return d::dispose;
  }

  /** Endless copies of {@code message}, produced on demand; the first carries the route. */
  private static Flux<Payload> messages(byte[] message, String route) {
    byte[] metadata = route.getBytes(StandardCharsets.UTF_8);
    return Flux.generate(
        () -> Boolean.TRUE,
        (first, sink) -> {
          sink.next(
              first ? DefaultPayload.create(message, metadata) : DefaultPayload.create(message));
          return Boolean.FALSE;
        });
  }

  @Override
  public void close() {
    client.dispose();
    server.close();
  }
}
