package io.eegrid.mux;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The deadlines of one link's asynchronous single requests and of the calls it serves, kept by one
 * timer task on the grid's scheduler instead of one per call. The task is armed for the earliest
 * deadline it knows of; when it fires it ends every call whose deadline has passed and arms itself
 * for the earliest deadline left. A call whose deadline is later than the armed one costs nothing
 * but a comparison; a call that ends early leaves nothing to cancel.
 *
 * <p>Clocks: a caller's deadline is on the {@link System#nanoTime()} scale (as the output queue's
 * waits), a served call's on the grid's clock (as its {@code remaining()}); the armed time is kept
 * on the {@link System#nanoTime()} scale.
 *
 * <p>Thread rules: {@code this} guards {@code armed}, {@code armedAtNanos} and {@code closed}.
 * {@link #watch} is called by any thread after the call is in its session's table; {@link #sweep}
 * runs on the scheduler. A sweep clears {@code armed} under the lock before it scans: a call
 * watched before that is in the tables the scan reads (the lock orders them), a call watched after
 * it arms a new task. No deadline is missed; at worst a task fires with nothing to do.
 */
final class DeadlineSweep {
  private final Session session;
  private final Runnable sweepTask = this::sweep;
  private ScheduledFuture<?> armed; // guarded by this
  private long armedAtNanos; // guarded by this; System.nanoTime() scale, valid while armed != null
  private boolean closed; // guarded by this

  DeadlineSweep(Session session) {
    this.session = session;
  }

  /**
   * Makes sure a sweep runs at or before {@code deadlineNanos} ({@link System#nanoTime()} scale).
   * Returns false if the scheduler refused the task: the grid is shutting down.
   */
  boolean watch(long deadlineNanos) {
    synchronized (this) {
      if (closed || (armed != null && deadlineNanos - armedAtNanos >= 0)) {
        return true; // closing ends every call anyway; or an earlier sweep will see this one
      }
      if (armed != null) {
        armed.cancel(false);
      }
      long delay = Math.max(0, deadlineNanos - System.nanoTime());
      try {
        armed = session.grid.scheduler.schedule(sweepTask, delay, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        armed = null;
        return false;
      }
      armedAtNanos = deadlineNanos;
      return true;
    }
  }

  /** {@link #watch} for a served call, whose deadline is on the grid's clock. */
  boolean watchServed(ServerCall call) {
    return watch(System.nanoTime() + (call.deadlineNanos - session.nanoTime()));
  }

  /** The link ended (its close ends every call): no more sweeps. */
  void close() {
    synchronized (this) {
      closed = true;
      if (armed != null) {
        armed.cancel(false);
        armed = null;
      }
    }
  }

  /** Ends the calls whose deadline has passed; arms for the earliest one left. */
  private void sweep() {
    synchronized (this) {
      armed = null;
    }
    long now = System.nanoTime();
    long next = 0;
    boolean pending = false;
    for (ClientCall c : session.clients.values()) {
      if (c instanceof UnaryCall u && u.swept()) {
        long d = u.deadlineNanos;
        if (d - now <= 0) {
          u.expire();
        } else if (!pending || d - next < 0) {
          next = d;
          pending = true;
        }
      }
    }
    long gridNow = session.nanoTime();
    for (ServerCall s : session.servers.values()) {
      long d = s.deadlineNanos;
      if (d == 0 || s.isCancelled()) {
        continue; // isCancelled() cancels one whose deadline has passed
      }
      long at = now + (d - gridNow);
      if (!pending || at - next < 0) {
        next = at;
        pending = true;
      }
    }
    if (pending) {
      watch(next);
    }
  }
}
