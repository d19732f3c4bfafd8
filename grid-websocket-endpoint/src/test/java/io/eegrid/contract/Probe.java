package io.eegrid.contract;

import io.eegrid.CallContext;
import io.eegrid.ErrorCode;
import io.eegrid.GridManager;
import io.eegrid.HandlerOptions;
import io.eegrid.RemoteException;
import io.eegrid.StreamHandler;
import io.eegrid.TypedSingle;
import io.eegrid.TypedStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The handlers every node of a contract-test grid serves, and the latches and counters they report
 * to. One probe per test grid.
 */
public final class Probe {
  /** Typed call used by the generics tests. */
  public record Req(int num, String text) {}

  public record Resp(int orgNum, String orgText, Req embedded) {}

  public static final TypedSingle<Req, Resp> TYPED =
      TypedSingle.of("typed.echo", Req.class, Resp.class);
  public static final TypedStream<Req, Req, Resp> TYPED_STREAM =
      TypedStream.of("typed.stream", Req.class, Req.class, Resp.class);

  public final AtomicInteger handlerStarts = new AtomicInteger();
  public final AtomicInteger handlerCancels = new AtomicInteger();
  public volatile CountDownLatch started = new CountDownLatch(1);
  public volatile CountDownLatch cancelled = new CountDownLatch(1);
  public volatile CountDownLatch release = new CountDownLatch(1);

  /** Resets the latches before a test that uses them. */
  public void reset() {
    started = new CountDownLatch(1);
    cancelled = new CountDownLatch(1);
    release = new CountDownLatch(1);
  }

  private void waitForCancel(CallContext ctx) throws InterruptedException {
    handlerStarts.incrementAndGet();
    CountDownLatch done = new CountDownLatch(1);
    ctx.onCancel(done::countDown);
    started.countDown();
    if (done.await(30, TimeUnit.SECONDS)) {
      handlerCancels.incrementAndGet();
      cancelled.countDown();
    }
  }

  /** Registers every probe handler on {@code b}. */
  public void register(GridManager.Builder b) {
    b.handler("echo", (ctx, p) -> p);
    b.handler(
        "fail",
        (ctx, p) -> {
          throw new RemoteException(
              ErrorCode.INVALID_ARGUMENT, new String(p, StandardCharsets.UTF_8));
        });
    b.handler(
        "boom",
        (ctx, p) -> {
          throw new IllegalStateException("boom");
        });
    b.handler("caller", (ctx, p) -> ctx.callerHost().getBytes(StandardCharsets.UTF_8));
    b.handler(
        "route",
        (ctx, p) -> ("sub:" + ctx.subroute()).getBytes(StandardCharsets.UTF_8),
        HandlerOptions.defaults().withSubroute("disk/1"));
    b.handler(
        "block",
        (ctx, p) -> {
          waitForCancel(ctx);
          return null;
        });
    // The name of the thread a handler runs on, from a plain and from a non-blocking handler.
    HandlerOptions nonBlocking = HandlerOptions.defaults().withNonBlocking(true);
    b.handler("thread", (ctx, p) -> threadName());
    b.handler("thread.direct", (ctx, p) -> threadName(), nonBlocking);
    b.handler("echo.direct", (ctx, p) -> p, nonBlocking);
    b.handler(
        "boom.direct",
        (ctx, p) -> {
          throw new IllegalStateException("boom on the I/O thread");
        },
        nonBlocking);
    b.handler(TYPED, (ctx, r) -> new Resp(r.num(), r.text(), r));
    b.handler(
        TYPED_STREAM,
        (ctx, payload, in, out) -> {
          for (Req r; (r = in.next()) != null; ) {
            out.send(new Resp(r.num(), payload.text() + r.text(), payload));
          }
        });
    // Echo each request with its index appended; window 1 each way.
    b.streamHandler(
        "stream.echo",
        (ctx, p, in, out) -> {
          int n = 0;
          for (byte[] r; (r = in.next()) != null; n++) {
            byte[] resp = new byte[r.length + 1];
            System.arraycopy(r, 0, resp, 0, r.length);
            resp[r.length] = (byte) n;
            out.send(resp);
          }
        },
        new HandlerOptions(null, 1, 1));
    // Sends as many 1-byte responses (0, 1, 2, ...) as the payload's int says; window 1.
    b.streamHandler("stream.count", count(), new HandlerOptions(null, 0, 1));
    b.streamHandler("stream.count8", count(), new HandlerOptions(null, 0, 8));
    // Waits for cancellation; takes requests (window 1) or none.
    b.streamHandler(
        "stream.wait", (ctx, p, in, out) -> waitForCancel(ctx), new HandlerOptions(null, 1, 1));
    b.streamHandler(
        "stream.wait0", (ctx, p, in, out) -> waitForCancel(ctx), new HandlerOptions(null, 0, 1));
    // Two responses, then an error.
    b.streamHandler(
        "stream.fail",
        (ctx, p, in, out) -> {
          out.send(new byte[] {1});
          out.send(new byte[] {2});
          throw new RemoteException(ErrorCode.INVALID_ARGUMENT, "after two");
        },
        new HandlerOptions(null, 0, 4));
    // Reads nothing until released, then echoes every request; windows 5/5.
    b.streamHandler(
        "stream.hold",
        (ctx, p, in, out) -> {
          started.countDown();
          if (!release.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("never released");
          }
          for (byte[] r; (r = in.next()) != null; ) {
            out.send(r);
          }
        },
        new HandlerOptions(null, 5, 5));
  }

  private static byte[] threadName() {
    return Thread.currentThread().getName().getBytes(StandardCharsets.UTF_8);
  }

  private static StreamHandler count() {
    return (ctx, p, in, out) -> {
      int n = ByteBuffer.wrap(p).getInt();
      for (int i = 0; i < n; i++) {
        out.send(new byte[] {(byte) i});
      }
    };
  }

  public static byte[] intPayload(int n) {
    return ByteBuffer.allocate(4).putInt(n).array();
  }
}
