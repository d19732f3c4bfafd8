package io.eegrid.bench;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The gRPC-java peer's server: Netty (shaded) on 127.0.0.1, no protobuf: every method carries
 * {@code byte[]} through {@link #BYTES}. {@code bench/Echo} (unary echo), {@code bench/Source}
 * (server streaming, sends while the call is ready), {@code bench/Sink} (client streaming, counts)
 * and {@code bench/EchoStream} (bidi, echoes each message).
 *
 * <p>Either with gRPC's default executor (a cached pool) or with {@code directExecutor()}, where
 * handlers run on the Netty event loop.
 */
final class GrpcEchoServer implements AutoCloseable {
  /**
   * Passes byte arrays through unchanged, the cheap way gRPC allows: the outbound stream tells its
   * length and drains itself ({@link KnownLength}, {@link Drainable}), so gRPC neither measures nor
   * copies it through a buffer; the inbound one is read in one exact-size array.
   */
  static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new BytesStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            byte[] b = new byte[stream.available()]; // exact: gRPC's inbound stream is KnownLength
            int n = stream.readNBytes(b, 0, b.length);
            return n == b.length && stream.read() < 0 ? b : readRest(b, n, stream);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  private static byte[] readRest(byte[] head, int n, InputStream stream) throws IOException {
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    all.write(head, 0, n);
    stream.transferTo(all);
    return all.toByteArray();
  }

  /** A byte array as gRPC's fast path wants it. */
  private static final class BytesStream extends ByteArrayInputStream
      implements KnownLength, Drainable {
    BytesStream(byte[] b) {
      super(b);
    }

    @Override
    public synchronized int drainTo(OutputStream target) throws IOException {
      int n = count - pos;
      target.write(buf, pos, n);
      pos = count;
      return n;
    }
  }

  static final MethodDescriptor<byte[], byte[]> ECHO =
      method("Echo", MethodDescriptor.MethodType.UNARY);
  static final MethodDescriptor<byte[], byte[]> SOURCE =
      method("Source", MethodDescriptor.MethodType.SERVER_STREAMING);
  static final MethodDescriptor<byte[], byte[]> SINK =
      method("Sink", MethodDescriptor.MethodType.CLIENT_STREAMING);
  static final MethodDescriptor<byte[], byte[]> ECHO_STREAM =
      method("EchoStream", MethodDescriptor.MethodType.BIDI_STREAMING);

  private final Server server;
  private volatile Meter meter;

  GrpcEchoServer(boolean directExecutor) throws IOException {
    ServerServiceDefinition service =
        ServerServiceDefinition.builder("bench")
            .addMethod(
                ECHO,
                ServerCalls.asyncUnaryCall(
                    (request, response) -> {
                      response.onNext(request);
                      response.onCompleted();
                    }))
            .addMethod(SOURCE, ServerCalls.asyncServerStreamingCall(GrpcEchoServer::source))
            .addMethod(SINK, ServerCalls.asyncClientStreamingCall(this::sink))
            .addMethod(ECHO_STREAM, ServerCalls.asyncBidiStreamingCall(GrpcEchoServer::echo))
            .build();
    NettyServerBuilder b =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(service);
    if (directExecutor) {
      b.directExecutor();
    }
    server = b.build().start();
  }

  private static MethodDescriptor<byte[], byte[]> method(
      String name, MethodDescriptor.MethodType type) {
    return MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName("bench", name))
        .setRequestMarshaller(BYTES)
        .setResponseMarshaller(BYTES)
        .build();
  }

  int port() {
    return server.getPort();
  }

  /** Where {@code Sink} counts. */
  void meter(Meter meter) {
    this.meter = meter;
  }

  private static void source(byte[] request, StreamObserver<byte[]> responses) {
    ServerCallStreamObserver<byte[]> out = (ServerCallStreamObserver<byte[]>) responses;
    byte[] message = new byte[ByteBuffer.wrap(request).getInt()];
    out.setOnCancelHandler(() -> {});
    out.setOnReadyHandler(
        () -> {
          while (out.isReady() && !out.isCancelled()) {
            out.onNext(message);
          }
        });
  }

  private StreamObserver<byte[]> sink(StreamObserver<byte[]> responses) {
    Meter m = meter;
    return new StreamObserver<>() {
      @Override
      public void onNext(byte[] value) {
        m.completed(1);
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        responses.onCompleted();
      }
    };
  }

  /**
   * Echoes each message under gRPC's manual inbound flow control, as gRPC-java's own
   * manual-flow-control example does: one request at a time, and the next only while the response
   * side is ready, so the echo never buffers more than HTTP/2's window. (An echo that ignored
   * {@code isReady} let Netty's outbound buffer grow without bound when the caller read slower than
   * it sent: with 512 B messages and a 512 MiB heap the collector took most of the time and the
   * connection was reset.)
   *
   * <p>Thread rules: gRPC calls {@code onNext} and the on-ready handler serially for one call.
   */
  private static StreamObserver<byte[]> echo(StreamObserver<byte[]> responses) {
    ServerCallStreamObserver<byte[]> out = (ServerCallStreamObserver<byte[]>) responses;
    out.disableAutoRequest();
    AtomicBoolean waiting = new AtomicBoolean(true); // no request outstanding until ready
    out.setOnCancelHandler(() -> {});
    out.setOnReadyHandler(
        () -> {
          if (out.isReady() && waiting.compareAndSet(true, false)) {
            out.request(1);
          }
        });
    return new StreamObserver<>() {
      @Override
      public void onNext(byte[] value) {
        if (out.isCancelled()) {
          return;
        }
        out.onNext(value);
        if (out.isReady()) {
          out.request(1);
        } else {
          waiting.set(true); // the on-ready handler requests the next one
        }
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        out.onCompleted();
      }
    };
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
