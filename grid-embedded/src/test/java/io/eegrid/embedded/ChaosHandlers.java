package io.eegrid.embedded;

import io.eegrid.CallContext;
import io.eegrid.ErrorCode;
import io.eegrid.GridManager;
import io.eegrid.HandlerOptions;
import io.eegrid.RemoteException;
import io.eegrid.embedded.ChaosLedger.Violation;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The chaos run's handlers, registered on every node. Every payload starts with the call id (8
 * bytes); stream messages follow it with their sequence number (4 bytes), so the caller can tell a
 * message that belongs to another call (misrouted), a gap (lost), a repeat (duplicated) or a step
 * back (reordered). Handlers:
 *
 * <ul>
 *   <li>{@code chaos.echo}: single; {@code [id][delayMillis][mode][filler]}: waits the delay (mode
 *       0: until cancelled; mode 1: ignoring cancellation and interrupts, until the workload is
 *       over), or fails (mode 2), then echoes the request;
 *   <li>{@code chaos.source}: one-way stream to the caller; {@code
 *       [id][count][size][paceMillis][pauseAt][pauseMillis]}: sends {@code count} messages {@code
 *       [id][seq][filler]}; windows 0/4;
 *   <li>{@code chaos.sink}: one-way stream from the caller: reads {@code [id][seq]} requests,
 *       checks their order, answers {@code [id][count][ok]} at the end; windows 4/1;
 *   <li>{@code chaos.bidi}: two-way stream echoing every request, checking their order; windows
 *       4/4;
 *   <li>{@code chaos.hold}: stream that waits for its cancel (at most {@link #HOLD_MILLIS}) and
 *       sends nothing; windows 1/1.
 * </ul>
 *
 * <p>Thread rules: handlers run on the grid's threads and touch only atomics and the thread-safe
 * ledger.
 */
final class ChaosHandlers {
  static final String ECHO = "chaos.echo";

  /** {@link #ECHO} as a non-blocking handler (on the I/O thread); never sent a delay. */
  static final String ECHO_DIRECT = "chaos.echo.direct";

  static final String SOURCE = "chaos.source";
  static final String SINK = "chaos.sink";
  static final String BIDI = "chaos.bidi";
  static final String HOLD = "chaos.hold";

  /** How long a held handler waits for its cancel: longer than the settling waits. */
  static final int HOLD_MILLIS = 120_000;

  private final ChaosLedger ledger;
  private final AtomicInteger handlersRunning = new AtomicInteger();

  /** Counted down when the workload is over: busy handlers that ignore their cancel stop then. */
  private final CountDownLatch runOver = new CountDownLatch(1);

  ChaosHandlers(ChaosLedger ledger) {
    this.ledger = ledger;
  }

  /** The workload is over: handlers busy past their cancel return now. */
  void stop() {
    runOver.countDown();
  }

  /** Handlers running now, on every node (must be 0 once the grid settled). */
  int handlersRunning() {
    return handlersRunning.get();
  }

  void register(GridManager.Builder b) {
    b.handler(ECHO, this::echo);
    b.handler(ECHO_DIRECT, this::echoDirect, HandlerOptions.defaults().withNonBlocking(true));
    b.streamHandler(
        SOURCE,
        (ctx, p, in, out) -> {
          handlersRunning.incrementAndGet();
          try {
            ByteBuffer h = ByteBuffer.wrap(p);
            long id = h.getLong();
            int count = h.getInt();
            int size = h.getInt();
            int pace = h.getInt();
            int pauseAt = h.hasRemaining() ? h.getInt() : -1;
            int pauseMillis = h.hasRemaining() ? h.getInt() : 0;
            CountDownLatch cancelled = cancelOf(ctx);
            for (int seq = 0; seq < count; seq++) {
              out.send(message(id, seq, size));
              if (pace > 0 && cancelled.await(pace, TimeUnit.MILLISECONDS)) {
                return; // a slow handler: it sends one message per pace until cancelled
              }
              if (seq == pauseAt) {
                // A busy handler, silent for longer than the caller's limit of two stream ping
                // intervals: the stream pings must keep the stream alive.
                busyIgnoringCancel(Math.min(pauseMillis, ctx.remaining().toMillis() - 500));
              }
            }
          } finally {
            handlersRunning.decrementAndGet();
          }
        },
        new HandlerOptions(null, 0, 4));
    b.streamHandler(
        SINK,
        (ctx, p, in, out) -> {
          handlersRunning.incrementAndGet();
          try {
            long id = ByteBuffer.wrap(p).getLong();
            int expected = 0;
            boolean ok = true;
            for (byte[] r; (r = in.next()) != null; expected++) {
              ok &= inSequence("sink", id, r, expected);
            }
            out.send(
                ByteBuffer.allocate(13)
                    .putLong(id)
                    .putInt(expected)
                    .put((byte) (ok ? 1 : 0))
                    .array());
          } finally {
            handlersRunning.decrementAndGet();
          }
        },
        new HandlerOptions(null, 4, 1));
    b.streamHandler(
        BIDI,
        (ctx, p, in, out) -> {
          handlersRunning.incrementAndGet();
          try {
            long id = ByteBuffer.wrap(p).getLong();
            for (int expected = 0; ; expected++) {
              byte[] r = in.next();
              if (r == null) {
                break;
              }
              inSequence("bidi", id, r, expected);
              out.send(r);
            }
          } finally {
            handlersRunning.decrementAndGet();
          }
        },
        new HandlerOptions(null, 4, 4));
    b.streamHandler(
        HOLD,
        (ctx, p, in, out) -> {
          handlersRunning.incrementAndGet();
          try {
            cancelOf(ctx).await(HOLD_MILLIS, TimeUnit.MILLISECONDS);
          } finally {
            handlersRunning.decrementAndGet();
          }
        },
        new HandlerOptions(null, 1, 1));
  }

  private byte[] echo(CallContext ctx, byte[] payload) throws Exception {
    handlersRunning.incrementAndGet();
    try {
      ByteBuffer p = ByteBuffer.wrap(payload);
      long id = p.getLong();
      int delay = p.getInt();
      byte mode = p.get();
      if (mode == 2) {
        throw new RemoteException(ErrorCode.INVALID_ARGUMENT, "chaos call " + id + " fails");
      }
      if (delay > 0 && mode == 1) {
        busyIgnoringCancel(delay);
      } else if (delay > 0) {
        cancelOf(ctx).await(delay, TimeUnit.MILLISECONDS);
      }
      return payload;
    } finally {
      handlersRunning.decrementAndGet();
    }
  }

  /** The echo on the I/O thread: it fails (mode 2) or answers at once, never waits. */
  private byte[] echoDirect(CallContext ctx, byte[] payload) {
    handlersRunning.incrementAndGet();
    try {
      ByteBuffer p = ByteBuffer.wrap(payload);
      long id = p.getLong();
      if (p.getInt() != 0) {
        throw new IllegalStateException(
            "chaos call " + id + ": a non-blocking handler got a delay");
      }
      if (p.get() == 2) {
        throw new RemoteException(ErrorCode.INVALID_ARGUMENT, "chaos call " + id + " fails");
      }
      return payload;
    } finally {
      handlersRunning.decrementAndGet();
    }
  }

  /** A latch the call's cancel counts down; take it once per call. */
  private static CountDownLatch cancelOf(CallContext ctx) {
    CountDownLatch cancelled = new CountDownLatch(1);
    ctx.onCancel(cancelled::countDown);
    return cancelled;
  }

  /**
   * A handler busy with work that does not listen to its cancel or to interrupts: it returns after
   * {@code millis}, or as soon as the workload is over ({@link #stop}); an interrupt is kept for
   * the caller.
   */
  private void busyIgnoringCancel(long millis) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    boolean interrupted = false;
    for (long left; (left = end - System.nanoTime()) > 0; ) {
      try {
        if (runOver.await(left, TimeUnit.NANOSECONDS)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether request {@code r} of call {@code id} is the {@code expected}-th; records it if not. */
  private boolean inSequence(String handler, long id, byte[] r, int expected) {
    ByteBuffer m = ByteBuffer.wrap(r);
    long rid = m.getLong();
    int seq = m.getInt();
    if (rid == id && seq == expected) {
      return true;
    }
    ledger.violation(
        Violation.HANDLER_SAW_BAD_SEQUENCE,
        handler
            + " of call "
            + id
            + " got call "
            + rid
            + " seq "
            + seq
            + ", expected seq "
            + expected);
    return false;
  }

  static byte[] message(long id, int seq, int size) {
    return ByteBuffer.allocate(12 + size).putLong(id).putInt(seq).array();
  }
}
