package io.eegrid.bench;

import io.rsocket.Payload;
import io.rsocket.RSocket;
import io.rsocket.SocketAcceptor;
import io.rsocket.core.RSocketServer;
import io.rsocket.frame.decoder.PayloadDecoder;
import io.rsocket.transport.netty.server.CloseableChannel;
import io.rsocket.transport.netty.server.WebsocketServerTransport;
import io.rsocket.util.DefaultPayload;
import java.time.Duration;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The RSocket-java peer's server: its WebSocket transport (reactor-netty) on 127.0.0.1, with the
 * default (copying) payload decoder. Request-response echoes; request-stream sends the requested
 * size until cancelled, as fast as the requester's REQUEST_N allows; request-channel echoes, or,
 * when the first payload's metadata is {@value #SINK}, counts and sends nothing.
 *
 * <p>Demand is bounded everywhere ({@link #DEMAND} per REQUEST_N), so no side buffers without
 * limit.
 */
final class RSocketEchoServer implements AutoCloseable {
  /** Metadata of the first channel payload that selects the counting sink. */
  static final String SINK = "sink";

  /** Messages requested at a time, replenished at 75 % (Reactor's {@code limitRate}). */
  static final int DEMAND = 256;

  private final CloseableChannel server;
  private volatile Meter meter;

  RSocketEchoServer() {
    RSocket handler =
        new RSocket() {
          @Override
          public Mono<Payload> requestResponse(Payload payload) {
            return Mono.just(payload);
          }

          @Override
          public Flux<Payload> requestStream(Payload payload) {
            byte[] message = new byte[payload.getData().getInt()];
            return Flux.generate(sink -> sink.next(DefaultPayload.create(message)));
          }

          @Override
          public Flux<Payload> requestChannel(Publisher<Payload> payloads) {
            return Flux.from(payloads)
                .switchOnFirst(
                    (first, all) -> {
                      Payload p = first.get();
                      if (p != null && p.hasMetadata() && SINK.equals(p.getMetadataUtf8())) {
                        Meter m = meter;
                        return all.limitRate(DEMAND)
                            .doOnNext(x -> m.completed(1))
                            .thenMany(Flux.<Payload>empty());
                      }
                      return all.limitRate(DEMAND);
                    });
          }
        };
    server =
        RSocketServer.create(SocketAcceptor.with(handler))
            .payloadDecoder(PayloadDecoder.DEFAULT)
            .bind(WebsocketServerTransport.create("127.0.0.1", 0))
            .block(Duration.ofSeconds(10));
  }

  int port() {
    return server.address().getPort();
  }

  /** Where the sink channel counts. */
  void meter(Meter meter) {
    this.meter = meter;
  }

  @Override
  public void close() {
    server.dispose();
    server.onClose().block(Duration.ofSeconds(5));
  }
}
