package io.eegrid.bench;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * gRPC-java over Netty (shaded), one channel to {@link GrpcEchoServer} on 127.0.0.1: unary calls
 * for single requests, and server, client and bidi streaming for the flows, with gRPC's own flow
 * control ({@code isReady} and the ready handler). With {@code directExecutor} both the channel and
 * the server run callbacks on the Netty event loops; otherwise both use gRPC's default executor.
 */
final class GrpcSubject implements Subject {
  private final GrpcEchoServer server;
  private final ManagedChannel channel;

  GrpcSubject(boolean directExecutor) throws IOException {
    server = new GrpcEchoServer(directExecutor);
    NettyChannelBuilder b =
        NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext();
    if (directExecutor) {
      b.directExecutor();
    }
    channel = b.build();
  }

  @Override
  public void call(Loop loop) {
    ClientCalls.asyncUnaryCall(
        channel.newCall(GrpcEchoServer.ECHO, CallOptions.DEFAULT),
        loop.payload,
        new StreamObserver<>() {
          @Override
          public void onNext(byte[] value) {}

          @Override
          public void onError(Throwable t) {
            loop.failed(t);
          }

          @Override
          public void onCompleted() {
            loop.replied();
          }
        });
  }

  @Override
  public Flow openFlow(Direction direction, int messageBytes, Meter meter) {
    server.meter(meter);
    byte[] message = new byte[messageBytes];
    switch (direction) {
      case TO_CALLER:
        {
          ClientCall<byte[], byte[]> call =
              channel.newCall(GrpcEchoServer.SOURCE, CallOptions.DEFAULT);
          Pushing counting = new Pushing(null, meter, 1);
          ClientCalls.asyncServerStreamingCall(
              call, ByteBuffer.allocate(4).putInt(messageBytes).array(), counting);
          return counting::stop;
        }
      case TO_HANDLER:
        {
          Pushing pushing = new Pushing(message, meter, 0);
          ClientCalls.asyncClientStreamingCall(
              channel.newCall(GrpcEchoServer.SINK, CallOptions.DEFAULT), pushing);
          return pushing::stop;
        }
      case ECHO:
        {
          Pushing pushing = new Pushing(message, meter, 2);
          ClientCalls.asyncBidiStreamingCall(
              channel.newCall(GrpcEchoServer.ECHO_STREAM, CallOptions.DEFAULT), pushing);
          return pushing::stop;
        }
      default:
        throw new IllegalArgumentException("direction " + direction);
    }
  }

  /**
   * The caller's side of a streaming call: sends {@code message} whenever the call is ready (if
   * there is one), counts each response {@code count} times.
   */
  private static final class Pushing implements ClientResponseObserver<byte[], byte[]> {
    private final byte[] message;
    private final Meter meter;
    private final int count;
    private volatile boolean running = true;
    private volatile ClientCallStreamObserver<byte[]> requests;

    Pushing(byte[] message, Meter meter, int count) {
      this.message = message;
      this.meter = meter;
      this.count = count;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<byte[]> requests) {
      this.requests = requests;
      if (message != null) {
        requests.setOnReadyHandler(
            () -> {
              while (running && requests.isReady()) {
                requests.onNext(message);
              }
            });
      }
    }

    @Override
    public void onNext(byte[] value) {
      meter.completed(count);
    }

    @Override
    public void onError(Throwable t) {
      if (running) {
        meter.fail(t);
      }
    }

    @Override
    public void onCompleted() {
      if (running) {
        meter.fail(new IllegalStateException("the stream ended early"));
      }
    }

    void stop() {
      running = false;
      requests.cancel("the benchmark is over", null);
    }
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.close();
  }
}
