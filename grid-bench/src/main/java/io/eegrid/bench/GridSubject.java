package io.eegrid.bench;

import io.eegrid.CallContext;
import io.eegrid.CallOptions;
import io.eegrid.Connection;
import io.eegrid.GridConfig;
import io.eegrid.HandlerOptions;
import io.eegrid.Response;
import io.eegrid.Stream;
import io.eegrid.StreamRequests;
import io.eegrid.StreamResponses;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * EE Grid: two nodes in this JVM, each with its own {@link TyrusGridServer} on 127.0.0.1, linked by
 * one WebSocket dialed with the Tyrus Grizzly client, exactly as the embedded default wires them.
 * The caller is the node that dialed, so caller-to-handler traffic is the masked (client-to-server)
 * direction, as for the raw Tyrus peer.
 *
 * <p>Handlers: {@code echo} (single request), {@code source} (sends until cancelled), {@code sink}
 * (reads and counts), {@code echo-stream} (echoes each request), and the typed call of {@link
 * TypedRequestBench}. With wide windows the stream handlers are registered with windows of {@value
 * Shapes#WIDE_WINDOW} instead of the default {@value io.eegrid.HandlerOptions#DEFAULT_WINDOW}.
 * Direct: {@code echo} is a non-blocking handler (it runs on the I/O thread that read the request)
 * and single requests complete on the I/O thread that read the response, EE Grid's counterpart of
 * gRPC's {@code directExecutor}.
 */
final class GridSubject implements Subject {
  private final GridNodes nodes;
  private final Connection caller;
  private final CallOptions requestOptions;
  private volatile Meter sinkMeter;

  GridSubject(boolean wideWindows) throws IOException {
    this(wideWindows, false);
  }

  GridSubject(boolean wideWindows, boolean direct) throws IOException {
    // Defaults, except a short grace period so that closing after a trial never waits 10 s.
    GridConfig config = GridConfig.builder().shutdownGracePeriod(Duration.ofSeconds(1)).build();
    HandlerOptions streams =
        wideWindows
            ? new HandlerOptions(null, Shapes.WIDE_WINDOW, Shapes.WIDE_WINDOW)
            : HandlerOptions.defaults();
    nodes =
        new GridNodes(
            2,
            config,
            true,
            (i, b) ->
                b.handler("echo", (ctx, p) -> p, HandlerOptions.defaults().withNonBlocking(direct))
                    .streamHandler("source", this::source, streams)
                    .streamHandler("sink", this::sink, streams)
                    .streamHandler("echo-stream", GridSubject::echo, streams)
                    .handler(TypedRequestBench.LOOKUP, TypedRequestBench::found));
    caller = nodes.dialed(0) ? nodes.connection(0, 1) : nodes.connection(1, 0);
    requestOptions =
        direct ? CallOptions.defaults().withDirectCompletion() : CallOptions.defaults();
  }

  /** The caller node's connection to the handler node. */
  Connection caller() {
    return caller;
  }

  @Override
  public void call(Loop loop) {
    echo(caller, loop, requestOptions);
  }

  /** One echo request of {@code loop} on {@code caller}; the loop hears of its end. */
  static void echo(Connection caller, Loop loop, CallOptions options) {
    caller
        .requestAsync("echo", loop.payload, options)
        .whenComplete(
            (r, e) -> {
              if (e != null) {
                loop.failed(e);
              } else {
                loop.replied();
              }
            });
  }

  @Override
  public Flow openFlow(Direction direction, int messageBytes, Meter meter) {
    byte[] message = new byte[messageBytes];
    switch (direction) {
      case TO_CALLER:
        {
          byte[] size = ByteBuffer.allocate(4).putInt(messageBytes).array();
          Stream s = caller.newStream("source", size, CallOptions.defaults());
          s.closeRequests();
          return flow(s, null, reader(s, meter, 1));
        }
      case TO_HANDLER:
        {
          sinkMeter = meter;
          Stream s = caller.newStream("sink", null, CallOptions.defaults());
          return flow(s, Worker.start("bench-grid-writer", meter, writer(s, message)), null);
        }
      case ECHO:
        {
          Stream s = caller.newStream("echo-stream", null, CallOptions.defaults());
          return flow(
              s, Worker.start("bench-grid-writer", meter, writer(s, message)), reader(s, meter, 2));
        }
      default:
        throw new IllegalArgumentException("direction " + direction);
    }
  }

  private static Worker.Step writer(Stream s, byte[] message) {
    return () -> {
      s.send(message);
      return true;
    };
  }

  private static Worker reader(Stream s, Meter meter, int count) {
    return Worker.start(
        "bench-grid-reader",
        meter,
        () -> {
          Response r = s.next();
          if (r == null) {
            return false;
          }
          r.payload(); // throws the stream's error
          meter.completed(count);
          return true;
        });
  }

  private static Flow flow(Stream s, Worker writer, Worker reader) {
    return () -> {
      if (writer != null) {
        writer.stop();
      }
      if (reader != null) {
        reader.stop();
      }
      s.cancel();
      if (writer != null) {
        writer.join(5_000);
      }
      if (reader != null) {
        reader.join(5_000);
      }
    };
  }

  private void source(
      CallContext ctx, byte[] payload, StreamRequests requests, StreamResponses responses) {
    byte[] message = new byte[ByteBuffer.wrap(payload).getInt()];
    while (true) {
      responses.send(message); // ends with CancelledException when the caller cancels
    }
  }

  private void sink(
      CallContext ctx, byte[] payload, StreamRequests requests, StreamResponses responses) {
    Meter meter = sinkMeter;
    while (requests.next() != null) {
      meter.completed(1);
    }
  }

  private static void echo(
      CallContext ctx, byte[] payload, StreamRequests requests, StreamResponses responses) {
    for (byte[] r; (r = requests.next()) != null; ) {
      responses.send(r);
    }
  }

  @Override
  public void close() {
    nodes.close();
  }
}
