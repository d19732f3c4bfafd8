package io.eegrid.mux;

import io.eegrid.DeadlineExceededException;
import io.eegrid.GridException;
import io.eegrid.RemoteException;
import io.eegrid.protocol.Flags;
import io.eegrid.protocol.Message;
import io.eegrid.protocol.Op;
import io.eegrid.protocol.Payloads;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The caller's side of one single request. Its outcome is its future; the first completion wins.
 *
 * <p>Thread rules: {@code over} (set once, by compare-and-set) decides, once, whether a response or
 * a failure ends the call. Completions go through {@code deliveryExecutor} when the caller asked
 * for a future, so no user code runs on an I/O thread, unless the caller asked for direct
 * completion: then an outcome that arrives on the inbound path ({@link InboundThread}) completes
 * the future right there, and only the others (deadline timer, disconnect, cancel) go through the
 * executor. Blocking callers are woken directly. The deadline of an asynchronous call is kept by
 * its session's {@link DeadlineSweep}, which calls {@link #expire}; a blocking caller times out on
 * its own thread.
 */
final class UnaryCall extends ClientCall {
  private static final VarHandle OVER;

  static {
    try {
      OVER = MethodHandles.lookup().findVarHandle(UnaryCall.class, "over", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final CompletableFuture<byte[]> future = new CallFuture(this);
  private final Executor deliveryExecutor;
  private final boolean direct;

  @SuppressWarnings("unused") // through OVER
  private volatile boolean over;

  private volatile GridException ended;
  private final String handler; // for the deadline's message
  private final long timeoutNanos;
  final long deadlineNanos; // System.nanoTime() scale, never 0 (0 means none to the output queue)

  /**
   * A call to {@code handler} whose deadline is {@code timeoutNanos} from now, set before the call
   * enters its session's table, so a sweep never sees a call without one.
   *
   * @param deliveryExecutor null to complete the future on the completing thread (a blocking
   *     caller)
   * @param direct complete on the inbound path without the executor ({@link
   *     io.eegrid.CallOptions#withDirectCompletion()})
   */
  UnaryCall(
      Session session,
      long id,
      Executor deliveryExecutor,
      boolean direct,
      String handler,
      long timeoutNanos) {
    super(session, id);
    this.deliveryExecutor = deliveryExecutor;
    this.direct = direct;
    this.handler = handler;
    this.timeoutNanos = timeoutNanos;
    long d = System.nanoTime() + timeoutNanos;
    this.deadlineNanos = d == 0 ? 1 : d;
  }

  /** Whether the session's deadline sweep ends this call ({@link #expire}): not a blocking one. */
  boolean swept() {
    return deliveryExecutor != null;
  }

  /**
   * For an asynchronous call, once it is in its session's table: asks the session's sweep to end
   * the call at its deadline. Returns false if the grid's scheduler refused (the grid is shutting
   * down). A blocking call times out on its own thread.
   */
  boolean watchDeadline() {
    return !swept() || session.deadlines.watch(deadlineNanos);
  }

  /** The deadline passed (the session's sweep): fail the call and cancel it at the remote. */
  void expire() {
    fail(deadlineExceeded(), true);
  }

  /** The error of a call whose deadline passed, naming the handler, remote and timeout. */
  DeadlineExceededException deadlineExceeded() {
    return new DeadlineExceededException(
        "request "
            + handler
            + " to "
            + session.remoteHost()
            + ": deadline of "
            + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
            + " ms exceeded");
  }

  @Override
  public GridException endedError() {
    return ended;
  }

  @Override
  public long deadlineNanos() {
    return deadlineNanos;
  }

  @Override
  void receive(Message m) {
    if (m.op != Op.RESPONSE) {
      return;
    }
    if (m.has(Flags.ERROR)) {
      fail(Payloads.decodeError(m.payload), false);
    } else {
      complete(m.payload);
    }
  }

  @Override
  void receiveConnectError(RemoteException error) {
    fail(error, false);
  }

  @Override
  void receiveDisconnect(GridException error) {
    fail(error, false);
  }

  private void complete(byte[] value) {
    if (!OVER.compareAndSet(this, false, true)) {
      return;
    }
    finish();
    if (completesHere()) {
      future.complete(value);
    } else {
      deliver(() -> future.complete(value));
    }
  }

  /**
   * Ends the call with {@code error}; with {@code cancelRemote} the handler side is told to stop.
   */
  void fail(GridException error, boolean cancelRemote) {
    if (!OVER.compareAndSet(this, false, true)) {
      return;
    }
    ended = error;
    finish();
    if (cancelRemote) {
      session.sendCancel(id);
    }
    session.queue.wakeWaiters();
    if (completesHere()) {
      future.completeExceptionally(error);
    } else {
      deliver(() -> future.completeExceptionally(error));
    }
  }

  private void finish() {
    session.removeClient(this);
  }

  private boolean completesHere() {
    return deliveryExecutor == null || (direct && InboundThread.isCurrent());
  }

  private void deliver(Runnable r) {
    try {
      deliveryExecutor.execute(r);
    } catch (RuntimeException rejected) {
      r.run(); // the executor is shutting down; better the caller's stages run here than never
    }
  }

  /** A future whose cancellation cancels the call at the remote too. */
  private static final class CallFuture extends CompletableFuture<byte[]> {
    private final UnaryCall call;

    CallFuture(UnaryCall call) {
      this.call = call;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled) {
        call.fail(new io.eegrid.CancelledException("request cancelled by the caller"), true);
      }
      return cancelled;
    }
  }
}
