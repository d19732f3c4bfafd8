package io.eegrid.mux;

import io.eegrid.CancelledException;
import io.eegrid.DeadlineExceededException;
import io.eegrid.DisconnectedException;
import io.eegrid.GridException;
import io.eegrid.protocol.Message;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The messages waiting to be written on one link, in order; drained by that link's single writer.
 * Bound to one session: when the link ends the queue is closed and what it holds is dropped, so no
 * stale message reaches a later link.
 *
 * <p>Two ways in, one order out:
 *
 * <ul>
 *   <li>{@link #offerControl} never blocks. It is for small control messages (acks, credits, pongs,
 *       cancels) that the inbound path must send without waiting. A hard cap guards against a peer
 *       that makes us answer faster than the link drains; past it the caller drops the link.
 *   <li>{@link #putData} blocks while the queue holds {@code maxMessages} messages or {@code
 *       maxBytes} payload bytes. A waiting sender wakes when its own call ends ({@link CallState}),
 *       so a cancelled call never stays stuck here (MinIO bug 5.4).
 * </ul>
 *
 * <p>Thread rules: one lock guards all fields; nothing blocks while holding it except the condition
 * waits. {@link #takeBatch} is called by the writer only.
 */
final class OutboundQueue {
  /** A call that may be waiting in {@link #putData}; non-null {@link #endedError()} stops it. */
  interface CallState {
    /** Why the call is over, or null while it runs. */
    GridException endedError();

    /** The call's deadline ({@link System#nanoTime()} scale), or 0 for none. */
    default long deadlineNanos() {
      return 0;
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private final ArrayDeque<Message> queue = new ArrayDeque<>();
  private final int maxMessages;
  private final long maxBytes;
  private final int controlCap;

  // guarded by lock
  private long bytes;
  private String closedReason;
  private boolean finishing;

  OutboundQueue(int maxMessages, long maxBytes) {
    this.maxMessages = maxMessages;
    this.maxBytes = maxBytes;
    this.controlCap = maxMessages * 2 + 1024;
  }

  /**
   * Appends a control message without blocking. Returns false if the queue is closed or past its
   * hard cap; the caller then drops the link.
   */
  boolean offerControl(Message m) {
    lock.lock();
    try {
      if (closedReason != null || finishing) {
        return true; // the link is ending; the message is moot
      }
      if (queue.size() >= controlCap) {
        return false;
      }
      enqueue(m);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Appends a data message, waiting for room. With {@code seq} non-null the message's sequence
   * number is taken from it under the queue lock, so messages of one mux leave in sequence order.
   *
   * @throws DisconnectedException if the link is closed
   * @throws GridException the call's own error if it ends while waiting
   * @throws DeadlineExceededException if the call's deadline passes while waiting
   * @throws CancelledException if the thread is interrupted while waiting (flag set again)
   */
  void putData(Message m, CallState call, AtomicLong seq) {
    lock.lock();
    try {
      while (true) {
        if (closedReason != null || finishing) {
          throw new DisconnectedException("link closed: " + closedReason);
        }
        GridException ended = call == null ? null : call.endedError();
        if (ended != null) {
          throw ended;
        }
        boolean full =
            queue.size() >= maxMessages || (bytes > 0 && bytes + m.payloadBytes() > maxBytes);
        if (!full) {
          break;
        }
        long deadline = call == null ? 0 : call.deadlineNanos();
        if (deadline == 0) {
          notFull.await();
        } else {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new DeadlineExceededException(
                "deadline passed while waiting for room in the output queue");
          }
          notFull.awaitNanos(left);
        }
      }
      if (seq != null) {
        m.seq = seq.incrementAndGet();
      }
      enqueue(m);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledException("interrupted while waiting for room in the output queue");
    } finally {
      lock.unlock();
    }
  }

  private void enqueue(Message m) {
    queue.addLast(m);
    bytes += m.payloadBytes();
    if (queue.size() == 1) {
      notEmpty.signal();
    }
  }

  /**
   * Writer only: waits up to {@code waitNanos} for a message, then moves up to {@code maxCount}
   * messages (and, past the first, up to {@code maxBatchBytes} payload bytes) into {@code out}.
   * When only one message was there it yields once to let more arrive, so concurrent senders share
   * a frame. Returns false once the queue is closed, or finished and empty.
   */
  boolean takeBatch(List<Message> out, int maxCount, int maxBatchBytes, long waitNanos)
      throws InterruptedException {
    lock.lock();
    try {
      long nanos = waitNanos;
      while (queue.isEmpty()) {
        if (closedReason != null || finishing) {
          return false;
        }
        if (nanos <= 0) {
          return true;
        }
        nanos = notEmpty.awaitNanos(nanos);
      }
      if (closedReason != null) {
        return false;
      }
      long batchBytes = moveTo(out, maxCount, maxBatchBytes, 0);
      if (queue.isEmpty() && out.size() < maxCount && !finishing) {
        lock.unlock();
        try {
          Thread.yield();
        } finally {
          lock.lock();
        }
        if (closedReason != null) {
          return false;
        }
        moveTo(out, maxCount, maxBatchBytes, batchBytes);
      }
      notFull.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  private long moveTo(List<Message> out, int maxCount, int maxBatchBytes, long batchBytes) {
    while (!queue.isEmpty() && out.size() < maxCount) {
      Message next = queue.peekFirst();
      if (!out.isEmpty() && batchBytes + next.payloadBytes() > maxBatchBytes) {
        break;
      }
      queue.pollFirst();
      bytes -= next.payloadBytes();
      batchBytes += next.payloadBytes();
      out.add(next);
    }
    return batchBytes;
  }

  /** Wakes senders waiting for room so they can see that their call ended. */
  void wakeWaiters() {
    lock.lock();
    try {
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Accepts nothing more; the writer sends what is queued, then stops. */
  void finish() {
    lock.lock();
    try {
      finishing = true;
      notEmpty.signalAll();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Closes the queue now: queued messages are dropped, every waiter wakes. Idempotent. */
  void close(String reason) {
    lock.lock();
    try {
      if (closedReason == null) {
        closedReason = reason;
        queue.clear();
        bytes = 0;
      }
      notEmpty.signalAll();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  long bytes() {
    lock.lock();
    try {
      return bytes;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until the writer has taken everything (for tests and graceful close). */
  boolean awaitEmpty(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    lock.lock();
    try {
      while (!queue.isEmpty() && closedReason == null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        notFull.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }
}
