package io.eegrid.mux;

import io.eegrid.CancelledException;
import io.eegrid.ErrorCode;
import io.eegrid.GridException;
import io.eegrid.StreamHandler;
import io.eegrid.StreamRequests;
import io.eegrid.StreamResponses;
import io.eegrid.protocol.Flags;
import io.eegrid.protocol.Message;
import io.eegrid.protocol.Op;
import io.eegrid.protocol.Payloads;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The handler side of one stream: buffers the caller's requests (up to the request window), holds
 * the response credits, and runs the handler on the executor. When the handler returns it queues
 * the end of stream (which needs no credit); when it throws, the end carries the error.
 *
 * <p>Thread rules: {@code lock} guards the fields below it; {@code readable} wakes the handler
 * reading requests, {@code writable} the handler waiting for credit. Nothing blocks while holding
 * the lock except those waits. Inbound hooks never block; a caller that overruns the request window
 * ends this stream only (PROTOCOL_ERROR), never the connection.
 */
final class ServerStream extends ServerCall implements StreamRequests, StreamResponses {
  private final StreamHandler target;
  private final byte[] payload;
  private final int requestWindow;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition readable = lock.newCondition();
  private final Condition writable = lock.newCondition();
  private final AtomicLong sendSeq = new AtomicLong();

  // guarded by lock
  private final ArrayDeque<byte[]> requests = new ArrayDeque<>();
  private boolean requestsEnded;
  private int responseCredits;
  private int consumedSinceCredit;

  // inbound path only
  private long expectedSeq = 1;

  volatile long lastPingNanos;

  ServerStream(
      Session session, Message m, StreamHandler target, int requestWindow, int responseWindow) {
    super(session, m);
    this.target = target;
    this.payload = m.payload;
    this.requestWindow = requestWindow;
    this.responseCredits = responseWindow;
    this.requestsEnded = requestWindow == 0;
    this.lastPingNanos = session.nanoTime();
  }

  @Override
  public void run() {
    Message end;
    try {
      target.handle(this, payload, this, this);
      end = Message.of(id, 0, Op.MUX_SERVER_MSG, Flags.EOF, null);
    } catch (Throwable t) {
      if (t instanceof Error && !(t instanceof AssertionError)) {
        finish();
        throw (Error) t;
      }
      logHandlerFailure(describe(), t);
      end = Message.of(id, 0, Op.MUX_SERVER_MSG, Flags.EOF | Flags.ERROR, Errors.toPayload(t));
    }
    try {
      if (!isCancelled()) {
        session.sendData(end, this, sendSeq);
      }
    } catch (GridException e) {
      // cancelled or disconnected meanwhile: the caller already knows
    } finally {
      finish();
    }
  }

  // ---- inbound path -------------------------------------------------------------------------

  /** A MUX_CLIENT_MSG: one request and/or the end of requests. */
  void receiveRequest(Message m) {
    lastPingNanos = session.nanoTime();
    String violation = null;
    lock.lock();
    try {
      if (m.seq != expectedSeq) {
        violation = "request seq " + m.seq + " where " + expectedSeq + " was expected";
      } else if (m.payload != null && (requestsEnded || requests.size() >= requestWindow)) {
        violation =
            requestsEnded
                ? "request after the end of requests"
                : "caller sent beyond the request window of " + requestWindow;
      } else {
        expectedSeq++;
        if (m.payload != null) {
          requests.addLast(m.payload);
        }
        if (m.has(Flags.EOF)) {
          requestsEnded = true;
        }
        readable.signalAll();
      }
    } finally {
      lock.unlock();
    }
    if (violation != null) {
      failProtocol(violation);
    }
  }

  /** UNBLOCK_SRV_MUX: the caller read {@code credits} responses. */
  void receiveCredits(long credits) {
    lastPingNanos = session.nanoTime();
    lock.lock();
    try {
      responseCredits = (int) Math.min(Integer.MAX_VALUE, responseCredits + credits);
      writable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** A stream PING from the caller. */
  void receivePing() {
    lastPingNanos = session.nanoTime();
  }

  private void failProtocol(String violation) {
    String text = describe() + ": " + violation;
    cancel(new CancelledException(text));
    session.sendControl(
        Message.of(
            id,
            0,
            Op.DISCONNECT_CLIENT_MUX,
            Flags.ERROR,
            Payloads.encodeError(ErrorCode.PROTOCOL_ERROR, text)));
    finish();
  }

  @Override
  void onCancelled() {
    lock.lock();
    try {
      readable.signalAll();
      writable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // ---- handler API --------------------------------------------------------------------------

  @Override
  public byte[] next() {
    byte[] item;
    int credit = 0;
    lock.lock();
    try {
      while (requests.isEmpty() && !requestsEnded) {
        checkCancelled();
        awaitInterruptibly(readable);
      }
      checkCancelled();
      item = requests.pollFirst();
      if (item == null) {
        return null;
      }
      consumedSinceCredit++;
      if (!requestsEnded && consumedSinceCredit >= Math.max(1, requestWindow / 2)) {
        credit = consumedSinceCredit;
        consumedSinceCredit = 0;
      }
    } finally {
      lock.unlock();
    }
    if (credit > 0) {
      session.sendControl(Message.of(id, credit, Op.UNBLOCK_CL_MUX, 0, null), true);
    }
    return item;
  }

  @Override
  public void send(byte[] response) {
    java.util.Objects.requireNonNull(response, "response");
    session.connection.checkPayload(response, "response");
    lock.lock();
    try {
      while (responseCredits == 0) {
        checkCancelled();
        awaitInterruptibly(writable);
      }
      checkCancelled();
      responseCredits--;
    } finally {
      lock.unlock();
    }
    session.sendData(Message.of(id, 0, Op.MUX_SERVER_MSG, 0, response), this, sendSeq);
  }

  private void awaitInterruptibly(Condition c) {
    try {
      long left = deadlineNanos == 0 ? Long.MAX_VALUE : deadlineNanos - session.nanoTime();
      if (left <= 0) {
        return; // the next checkCancelled() reports the deadline
      }
      c.awaitNanos(left);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledException(describe() + ": handler thread interrupted");
    }
  }
}
