package io.eegrid.mux;

import io.eegrid.CancelledException;
import io.eegrid.DeadlineExceededException;
import io.eegrid.DisconnectedException;
import io.eegrid.GridException;
import io.eegrid.ProtocolException;
import io.eegrid.RemoteException;
import io.eegrid.Response;
import io.eegrid.Stream;
import io.eegrid.protocol.Flags;
import io.eegrid.protocol.Message;
import io.eegrid.protocol.Op;
import io.eegrid.protocol.Payloads;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The caller's side of one stream (a mux client).
 *
 * <p>Thread rules: {@code lock} guards every mutable field below it; {@code readable} wakes the
 * reader, {@code writable} the sender. Nothing blocks while holding the lock except those condition
 * waits: messages are queued after unlocking (control messages never block; data messages wait in
 * the queue, woken by this call's end). Inbound hooks ({@code receive*}) never block (rule 1), and
 * delivering an error never waits for the reader (rule 4): the error is a field, not a buffered
 * item.
 *
 * <p>Ordering: a remote error or end of stream comes after every response already buffered (rule 6:
 * end of stream closes, it does not cancel). A local end (cancel, deadline, disconnect, protocol
 * violation) discards what is buffered.
 */
final class StreamCall extends ClientCall implements Stream {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition readable = lock.newCondition();
  private final Condition writable = lock.newCondition();
  private final AtomicLong sendSeq = new AtomicLong();
  private final int maxWindow;

  // guarded by lock
  private final ArrayDeque<byte[]> responses = new ArrayDeque<>();
  private boolean acked;
  private int requestWindow;
  private int responseWindow;
  private int requestCredits;
  private int consumedSinceCredit;
  private boolean requestsClosed;
  private boolean remoteEnded;
  private GridException error;
  private boolean errorDelivered;

  // inbound path only
  private long expectedSeq = 1;

  volatile long lastSignNanos;
  volatile ScheduledFuture<?> deadlineTimer;
  private volatile GridException ended;

  StreamCall(Session session, long id, int maxWindow, long nowNanos) {
    super(session, id);
    this.maxWindow = maxWindow;
    this.lastSignNanos = nowNanos;
  }

  @Override
  public GridException endedError() {
    return ended;
  }

  // ---- inbound path -------------------------------------------------------------------------

  @Override
  void receive(Message m) {
    lastSignNanos = session.nanoTime();
    switch (m.op) {
      case ACK_MUX -> receiveAck(m);
      case MUX_SERVER_MSG -> receiveResponse(m);
      case UNBLOCK_CL_MUX -> receiveCredits(m.seq);
      case PONG -> {
        if (m.has(Flags.ERROR)) {
          failLocally(
              new DisconnectedException(
                  "the remote no longer knows stream "
                      + id
                      + ": "
                      + Payloads.decodeError(m.payload).remoteMessage()),
              false);
        }
      }
      default -> {}
    }
  }

  private void receiveAck(Message m) {
    int[] windows;
    try {
      windows = Payloads.decodeWindows(m.payload);
    } catch (ProtocolException e) {
      failLocally(e, true);
      return;
    }
    if (windows[0] > maxWindow || windows[1] > maxWindow) {
      failLocally(
          new ProtocolException(
              "handler announced windows "
                  + windows[0]
                  + "/"
                  + windows[1]
                  + ", limit "
                  + maxWindow),
          true);
      return;
    }
    boolean duplicate;
    lock.lock();
    try {
      duplicate = acked;
      if (!duplicate) {
        acked = true;
        requestWindow = windows[0];
        requestCredits = windows[0];
        responseWindow = windows[1];
        writable.signalAll();
      }
    } finally {
      lock.unlock();
    }
    if (duplicate) {
      failLocally(new ProtocolException("stream " + id + ": a second ACK_MUX"), true);
    }
  }

  private void receiveResponse(Message m) {
    if (m.seq != expectedSeq) {
      failLocally(
          new ProtocolException(
              "stream "
                  + id
                  + ": response seq "
                  + m.seq
                  + " where "
                  + expectedSeq
                  + " was expected"),
          true);
      return;
    }
    expectedSeq++;
    GridException violation = null;
    lock.lock();
    try {
      if (error != null || remoteEnded) {
        return;
      }
      if (m.has(Flags.ERROR)) {
        error = Payloads.decodeError(m.payload);
        remoteEnded = true;
      } else {
        if (m.payload != null) {
          if (!acked || responses.size() >= responseWindow) {
            violation =
                new ProtocolException(
                    "stream "
                        + id
                        + ": handler sent beyond the response window of "
                        + responseWindow);
          } else {
            responses.addLast(m.payload);
          }
        }
        if (m.has(Flags.EOF) && violation == null) {
          remoteEnded = true;
        }
      }
      readable.signalAll();
      writable.signalAll();
    } finally {
      lock.unlock();
    }
    if (violation != null) {
      failLocally(violation, true);
    } else if (m.has(Flags.EOF) || m.has(Flags.ERROR)) {
      endRemotely();
    }
  }

  private void receiveCredits(long credits) {
    lock.lock();
    try {
      requestCredits = (int) Math.min(requestWindow, requestCredits + credits);
      writable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  void receiveConnectError(RemoteException e) {
    lock.lock();
    try {
      if (error == null) {
        error = e;
        remoteEnded = true;
      }
      readable.signalAll();
      writable.signalAll();
    } finally {
      lock.unlock();
    }
    endRemotely();
  }

  @Override
  void receiveDisconnect(GridException e) {
    failLocally(e, false);
  }

  /** The handler side ended the stream: keep what is buffered, stop timers, leave the table. */
  private void endRemotely() {
    ended = new CancelledException("stream " + id + " already ended by the handler");
    session.removeClient(this);
    stopTimer();
    session.queue.wakeWaiters();
  }

  /**
   * Ends the stream from this side with {@code e}: buffered responses are dropped, both waiters
   * wake, and with {@code cancelRemote} the handler side is told to stop.
   */
  void failLocally(GridException e, boolean cancelRemote) {
    lock.lock();
    try {
      if (error != null || (remoteEnded && responses.isEmpty())) {
        return;
      }
      error = e;
      responses.clear();
      readable.signalAll();
      writable.signalAll();
    } finally {
      lock.unlock();
    }
    ended = e;
    session.removeClient(this);
    stopTimer();
    if (cancelRemote) {
      session.sendCancel(id);
    }
    session.queue.wakeWaiters();
  }

  private void stopTimer() {
    ScheduledFuture<?> t = deadlineTimer;
    if (t != null) {
      t.cancel(false);
    }
  }

  // ---- caller API ---------------------------------------------------------------------------

  @Override
  public void send(byte[] request) {
    java.util.Objects.requireNonNull(request, "request");
    session.connection.checkPayload(request, "request");
    lock.lock();
    try {
      if (requestsClosed) {
        throw new IllegalStateException("stream " + id + ": requests already closed");
      }
      while (error == null && !remoteEnded && (!acked || requestCredits == 0)) {
        if (acked && requestWindow == 0) {
          throw new IllegalStateException(
              "stream " + id + ": the handler takes no requests (request window 0)");
        }
        awaitOrCancel(writable);
      }
      if (error != null) {
        throw error;
      }
      if (remoteEnded) {
        throw new CancelledException("stream " + id + " already ended by the handler");
      }
      requestCredits--;
    } finally {
      lock.unlock();
    }
    enqueue(Message.of(id, 0, Op.MUX_CLIENT_MSG, 0, request));
  }

  /**
   * Queues a request message. A wait for room that ends in an interrupt or the deadline ends the
   * stream too (its credit is spent and the handler would wait for a message that never comes), and
   * the handler side is told.
   */
  private void enqueue(Message m) {
    try {
      session.sendData(m, this, sendSeq);
    } catch (CancelledException | DeadlineExceededException e) {
      // The queue rethrows this call's own end (endedError) as is: the stream is over already, and
      // failing it here would drop the responses buffered before the handler's end of stream.
      if (e != ended) {
        failLocally(e, true);
      }
      throw e;
    }
  }

  @Override
  public void closeRequests() {
    lock.lock();
    try {
      if (requestsClosed || error != null || remoteEnded) {
        requestsClosed = true;
        return;
      }
      requestsClosed = true;
    } finally {
      lock.unlock();
    }
    try {
      enqueue(Message.of(id, 0, Op.MUX_CLIENT_MSG, Flags.EOF, null));
    } catch (GridException e) {
      // the stream ended (or was ended just now); next() reports why
    }
  }

  @Override
  public Response next() {
    byte[] item;
    int credit = 0;
    lock.lock();
    try {
      while (responses.isEmpty() && error == null && !remoteEnded) {
        awaitOrCancel(readable);
      }
      item = responses.pollFirst();
      if (item == null) {
        if (error != null && !errorDelivered) {
          errorDelivered = true;
          return Response.error(error);
        }
        return null;
      }
      if (!remoteEnded) {
        consumedSinceCredit++;
        if (consumedSinceCredit >= Math.max(1, responseWindow / 2)) {
          credit = consumedSinceCredit;
          consumedSinceCredit = 0;
        }
      }
    } finally {
      lock.unlock();
    }
    if (credit > 0) {
      session.sendControl(Message.of(id, credit, Op.UNBLOCK_SRV_MUX, 0, null), true);
    }
    return Response.of(item);
  }

  /** Waits on {@code c}; an interrupt cancels the stream and surfaces as CancelledException. */
  private void awaitOrCancel(Condition c) {
    try {
      c.await();
    } catch (InterruptedException e) {
      lock.unlock();
      try {
        failLocally(new CancelledException("stream " + id + ": caller interrupted"), true);
      } finally {
        lock.lock();
      }
      Thread.currentThread().interrupt();
      throw new CancelledException("stream " + id + ": caller interrupted");
    }
  }

  @Override
  public void cancel() {
    failLocally(new CancelledException("stream " + id + " cancelled by the caller"), true);
  }

  /** The deadline passed. */
  void expire() {
    failLocally(
        new DeadlineExceededException(
            "stream " + id + " to " + session.remoteHost() + ": deadline exceeded"),
        true);
  }

  @Override
  public boolean isDone() {
    lock.lock();
    try {
      return error != null || (remoteEnded && responses.isEmpty());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    cancel();
  }

  @Override
  public String toString() {
    return "Stream{" + session.remoteHost() + ", mux " + id + "}";
  }
}
