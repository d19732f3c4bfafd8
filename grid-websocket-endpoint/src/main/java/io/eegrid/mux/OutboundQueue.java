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
 *   <li>{@link #offerData} is {@code putData} for a thread that must not wait (an I/O thread
 *       running a non-blocking handler or a direct completion): it refuses instead of waiting, at
 *       {@code putData}'s limits for new calls, at the control messages' hard cap for responses.
 * </ul>
 *
 * <p>The writer is not a thread but a role: whoever {@link #claimWriter claims} it while it is free
 * (a sender that just queued a message, or a task on the grid's executor) takes a batch, writes one
 * frame, and keeps the role until the frame's send completes; {@link #takeOwned} hands the role
 * back when nothing is left. So at most one frame is outstanding and messages leave in queue order.
 *
 * <p>Thread rules: one lock guards all fields; nothing blocks while holding it except the condition
 * waits. {@link #takeOwned} is called by the writer only.
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
  private boolean writerClaimed;

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
        checkCanQueue(call);
        if (!isFullFor(m)) {
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

  /**
   * Appends a data message without waiting (single requests and their responses only: no sequence
   * number). Returns false if there is no room: past {@code putData}'s limits, or with {@code
   * response} past the hard cap (a response ends a call the remote waits for, so it may use the
   * room kept for control messages).
   *
   * @throws DisconnectedException if the link is closed
   * @throws GridException the call's own error if it already ended
   */
  boolean offerData(Message m, CallState call, boolean response) {
    lock.lock();
    try {
      checkCanQueue(call);
      if (response ? queue.size() >= controlCap : isFullFor(m)) {
        return false;
      }
      enqueue(m);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock: throws if the link is closed or {@code call} (may be null) has ended. */
  private void checkCanQueue(CallState call) {
    if (closedReason != null || finishing) {
      throw new DisconnectedException("link closed: " + closedReason);
    }
    GridException ended = call == null ? null : call.endedError();
    if (ended != null) {
      throw ended;
    }
  }

  /**
   * Under the lock: whether {@code m} must wait, by message count or queued payload bytes (a
   * message is always admitted when no payload bytes are queued).
   */
  private boolean isFullFor(Message m) {
    return queue.size() >= maxMessages || (bytes > 0 && bytes + m.payloadBytes() > maxBytes);
  }

  private void enqueue(Message m) {
    queue.addLast(m);
    bytes += m.payloadBytes();
    if (queue.size() == 1) {
      notEmpty.signal();
    }
  }

  /**
   * Takes the writer role if it is free and something is queued. Whoever gets true must call {@link
   * #takeOwned} until it returns false (possibly through a chain of send completions).
   */
  boolean claimWriter() {
    lock.lock();
    try {
      if (writerClaimed || queue.isEmpty() || closedReason != null) {
        return false;
      }
      writerClaimed = true;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writer role only: moves the next batch (up to {@code maxCount} messages and, past the first,
   * {@code maxBatchBytes} payload bytes) into {@code out} and returns true; or, when nothing is
   * queued or the queue is closed, gives the role up and returns false. Never waits.
   */
  boolean takeOwned(List<Message> out, int maxCount, int maxBatchBytes) {
    lock.lock();
    try {
      if (queue.isEmpty() || closedReason != null) {
        writerClaimed = false;
        return false;
      }
      moveTo(out, maxCount, maxBatchBytes, 0);
      notFull.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writer role only, after a send completed: gives the role up if nothing is queued (true), else
   * keeps it (false) and the holder must go on with {@link #takeOwned}.
   */
  boolean releaseWriterIfIdle() {
    lock.lock();
    try {
      if (queue.isEmpty() || closedReason != null) {
        writerClaimed = false;
        return true;
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** True once {@link #finish} was called and the writer has taken everything. */
  boolean isDrainedAfterFinish() {
    lock.lock();
    try {
      return finishing && queue.isEmpty() && !writerClaimed;
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
