package io.eegrid.mux;

import io.eegrid.CallContext;
import io.eegrid.CancelledException;
import io.eegrid.DeadlineExceededException;
import io.eegrid.GridException;
import io.eegrid.protocol.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The handler side of one call (a mux server): its {@link CallContext} and its run on the executor.
 * Registered in its session under the caller's mux id until the handler returns.
 *
 * <p>Thread rules: {@code this} guards {@code cancelActions} and {@code ended}'s first write;
 * {@code ended} is volatile for readers. Cancel actions run outside the monitor. Subclasses wake
 * their own waiters in {@link #onCancelled()}.
 */
abstract class ServerCall implements CallContext, OutboundQueue.CallState, Runnable {
  private static final Logger LOG = Logger.getLogger(ServerCall.class.getName());

  final Session session;
  final long id;
  final Long key; // id, boxed once for the session's table
  final String handler;
  final String subroute;
  final long deadlineNanos; // 0 = none

  private volatile GridException ended;
  private List<Runnable> cancelActions; // guarded by this

  ServerCall(Session session, Message m) {
    this.session = session;
    this.id = m.muxId;
    this.key = id;
    this.handler = m.handler;
    this.subroute = m.subroute;
    this.deadlineNanos =
        m.deadlineMillis == 0
            ? 0
            : session.nanoTime() + TimeUnit.MILLISECONDS.toNanos(m.deadlineMillis);
  }

  @Override
  public String callerHost() {
    return session.remoteHost();
  }

  @Override
  public String handler() {
    return handler;
  }

  @Override
  public String subroute() {
    return subroute;
  }

  @Override
  public Duration remaining() {
    return deadlineNanos == 0 ? null : Duration.ofNanos(deadlineNanos - session.nanoTime());
  }

  @Override
  public boolean isCancelled() {
    return endedError() != null;
  }

  @Override
  public GridException endedError() {
    GridException e = ended;
    if (e == null && deadlineNanos != 0 && session.nanoTime() - deadlineNanos >= 0) {
      cancel(new DeadlineExceededException(describe() + ": deadline exceeded"));
      e = ended;
    }
    return e;
  }

  @Override
  public void checkCancelled() {
    GridException e = endedError();
    if (e != null) {
      throw e;
    }
  }

  @Override
  public void onCancel(Runnable action) {
    synchronized (this) {
      if (ended == null) {
        if (cancelActions == null) {
          cancelActions = new ArrayList<>(2);
        }
        cancelActions.add(action);
        return;
      }
    }
    action.run();
  }

  /** Cancels the call: the handler sees it, its waits end, its result will be dropped. */
  final void cancel(GridException cause) {
    List<Runnable> actions;
    synchronized (this) {
      if (ended != null) {
        return;
      }
      ended = cause;
      actions = cancelActions;
      cancelActions = null;
    }
    onCancelled();
    session.queue.wakeWaiters();
    if (actions != null) {
      for (Runnable a : actions) {
        try {
          a.run();
        } catch (RuntimeException ex) {
          LOG.log(Level.WARNING, describe() + ": cancel action failed", ex);
        }
      }
    }
  }

  /** Cancelled by the caller (DISCONNECT_SERVER_MUX). */
  void cancelByCaller() {
    cancel(new CancelledException(describe() + " cancelled by the caller"));
  }

  /** Wakes the subclass's waiters after a cancel. */
  abstract void onCancelled();

  /** Leaves the session's table once the handler is done. */
  final void finish() {
    session.removeServer(this);
  }

  String describe() {
    return "call "
        + id
        + " ("
        + handler
        + (subroute == null ? "" : "/" + subroute)
        + ") from "
        + session.remoteHost();
  }

  static void logHandlerFailure(String what, Throwable t) {
    if (t instanceof GridException) {
      LOG.log(Level.FINE, what + " failed: " + t);
    } else {
      LOG.log(Level.FINE, what + " failed", t);
    }
  }

  static GridException cancelled(String what) {
    return new CancelledException(what);
  }
}
