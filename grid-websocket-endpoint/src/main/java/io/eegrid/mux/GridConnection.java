package io.eegrid.mux;

import io.eegrid.CallOptions;
import io.eegrid.CancelledException;
import io.eegrid.Connection;
import io.eegrid.ConnectionState;
import io.eegrid.ConnectionStats;
import io.eegrid.DeadlineExceededException;
import io.eegrid.DisconnectedException;
import io.eegrid.GridException;
import io.eegrid.Stream;
import io.eegrid.protocol.Flags;
import io.eegrid.protocol.Message;
import io.eegrid.protocol.Op;
import io.eegrid.transport.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@link Connection} to one remote, for the life of the grid. Holds the current {@link Session}
 * (at most one open link) and, on the dialing side, the redial loop: a session's end is what
 * schedules the next dial (rule 5), with capped exponential backoff and jitter.
 *
 * <p>Thread rules: {@code lock} guards the fields marked so; {@code connected} is signalled on
 * every state change. Nothing blocks while holding the lock except {@link #awaitConnected}'s wait.
 * Listener calls and session closes happen after unlocking. Mux ids come from one atomic counter
 * and are never reused on this connection.
 */
final class GridConnection implements Connection {
  private static final Logger LOG = Logger.getLogger(GridConnection.class.getName());

  /** Cumulative counters, written lock-free by sessions. */
  static final class Stats {
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder messagesIn = new LongAdder();
    final LongAdder messagesOut = new LongAdder();
    final LongAdder framesOut = new LongAdder();
    volatile long lastRoundTripNanos = -1;
  }

  final Stats stats = new Stats();
  private final Grid grid;
  private final String remoteHost;
  final boolean dials;
  private final Backoff backoff;
  private final AtomicLong nextMuxId = new AtomicLong();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private ConnectionState state = ConnectionState.UNCONNECTED; // guarded by lock
  private Session session; // guarded by lock; the open session, or null
  private int failedDials; // guarded by lock
  private UUID remoteInstanceId; // guarded by lock
  private long reconnects; // guarded by lock
  private boolean everConnected; // guarded by lock
  private String lastFailure; // guarded by lock; for log-once

  GridConnection(Grid grid, String remoteHost, boolean dials) {
    this.grid = grid;
    this.remoteHost = remoteHost;
    this.dials = dials;
    this.backoff =
        new Backoff(
            grid.config.reconnectMinDelay().toNanos(), grid.config.reconnectMaxDelay().toNanos());
  }

  @Override
  public String localHost() {
    return grid.localHost();
  }

  @Override
  public String remoteHost() {
    return remoteHost;
  }

  @Override
  public String subroute() {
    return null;
  }

  @Override
  public ConnectionState state() {
    lock.lock();
    try {
      return state;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean awaitConnected(Duration timeout) {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (state != ConnectionState.CONNECTED) {
        if (state == ConnectionState.CLOSED || nanos <= 0) {
          return false;
        }
        nanos = changed.awaitNanos(nanos);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledException("interrupted while waiting for " + remoteHost);
    } finally {
      lock.unlock();
    }
  }

  // ---- calls --------------------------------------------------------------------------------

  private Session openSession() {
    lock.lock();
    try {
      if (session != null && session.isOpen() && !grid.isClosing()) {
        return session;
      }
      if (grid.isClosing()) {
        throw new CancelledException("the grid of " + grid.localHost() + " is closing");
      }
      throw new DisconnectedException(
          "not connected to " + remoteHost + " (" + state.name().toLowerCase() + ")");
    } finally {
      lock.unlock();
    }
  }

  long nextMuxId() {
    return nextMuxId.incrementAndGet();
  }

  private long timeoutNanos(CallOptions options, boolean unary) {
    Duration t = options.timeout();
    if (t == null) {
      return unary ? grid.config.defaultRequestTimeout().toNanos() : 0;
    }
    return t.toNanos();
  }

  private static long deadlineMillis(long remainingNanos) {
    if (remainingNanos == 0) {
      return 0;
    }
    return Math.max(1, Math.min(Message.MAX_DEADLINE_MILLIS, remainingNanos / 1_000_000));
  }

  @Override
  public byte[] request(String handler, byte[] payload, CallOptions options) {
    return request(handler, null, payload, options);
  }

  byte[] request(String handler, String subroute, byte[] payload, CallOptions options) {
    checkName(handler, subroute);
    long timeout = timeoutNanos(options, true);
    Session s = openSession();
    checkPayload(payload, "request");
    long start = System.nanoTime();
    // A blocking call: the wait below times out.
    UnaryCall call = s.register(new UnaryCall(s, nextMuxId(), null, false, handler, timeout));
    try {
      s.sendData(
          new Message(
              call.id,
              0,
              deadlineMillis(timeout),
              handler,
              Op.REQUEST,
              Flags.EOF,
              payload,
              subroute),
          call,
          null);
      return call.future.get(timeout - (System.nanoTime() - start), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      DeadlineExceededException d = call.deadlineExceeded();
      call.fail(d, true);
      throw d;
    } catch (InterruptedException e) {
      call.fail(new CancelledException("request " + handler + " interrupted"), true);
      Thread.currentThread().interrupt();
      throw new CancelledException("request " + handler + " to " + remoteHost + " interrupted");
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (GridException e) {
      call.fail(e, false);
      throw e;
    }
  }

  private static GridException rethrow(Throwable t) {
    if (t instanceof GridException g) {
      // A fresh instance of the same kind would lose the remote code; rethrow with this stack.
      g.addSuppressed(new Exception("rethrown in the caller's thread"));
      return g;
    }
    return new GridException("unexpected failure", t);
  }

  @Override
  public CompletableFuture<byte[]> requestAsync(
      String handler, byte[] payload, CallOptions options) {
    return requestAsync(handler, null, payload, options);
  }

  CompletableFuture<byte[]> requestAsync(
      String handler, String subroute, byte[] payload, CallOptions options) {
    checkName(handler, subroute);
    long timeout = timeoutNanos(options, true);
    Session s;
    try {
      s = openSession();
    } catch (GridException e) {
      return CompletableFuture.failedFuture(e);
    }
    try {
      checkPayload(payload, "request");
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    UnaryCall call =
        s.register(
            new UnaryCall(
                s, nextMuxId(), grid.executor, options.directCompletion(), handler, timeout));
    if (!call.watchDeadline()) {
      call.fail(
          new DisconnectedException("the grid's scheduler is shut down: the grid is closing"),
          false);
      return call.future;
    }
    try {
      s.sendData(
          new Message(
              call.id,
              0,
              deadlineMillis(timeout),
              handler,
              Op.REQUEST,
              Flags.EOF,
              payload,
              subroute),
          call,
          null);
    } catch (GridException e) {
      call.fail(e, false);
    }
    return call.future;
  }

  @Override
  public Stream newStream(String handler, byte[] payload, CallOptions options) {
    return newStream(handler, null, payload, options);
  }

  Stream newStream(String handler, String subroute, byte[] payload, CallOptions options) {
    checkName(handler, subroute);
    long timeout = timeoutNanos(options, false);
    Session s = openSession();
    checkPayload(payload, "initial payload");
    StreamCall call =
        s.register(
            new StreamCall(s, nextMuxId(), grid.config.maxStreamWindow(), grid.clock.nanoTime()));
    if (timeout != 0) {
      call.deadlineTimer = grid.scheduler.schedule(call::expire, timeout, TimeUnit.NANOSECONDS);
    }
    try {
      s.sendData(
          new Message(
              call.id, 0, deadlineMillis(timeout), handler, Op.CONNECT_MUX, 0, payload, subroute),
          call,
          null);
    } catch (GridException e) {
      call.failLocally(e, false);
      throw e;
    }
    return call;
  }

  private void checkName(String handler, String subroute) {
    if (handler == null || handler.isEmpty()) {
      throw new IllegalArgumentException("handler name must not be empty");
    }
    int max = grid.config.maxNameBytes();
    // A UTF-16 char is at most 3 UTF-8 bytes (a surrogate pair 4 for 2): encode only when near
    if (handler.length() * 3 > max && handler.getBytes(StandardCharsets.UTF_8).length > max) {
      throw new IllegalArgumentException(
          "handler name \"" + handler + "\" is longer than maxNameBytes " + max);
    }
    if (subroute != null
        && subroute.length() * 3 > max
        && subroute.getBytes(StandardCharsets.UTF_8).length > max) {
      throw new IllegalArgumentException(
          "subroute \"" + subroute + "\" is longer than maxNameBytes " + max);
    }
  }

  /** Refuses a payload the remote would refuse (it would drop the whole link). */
  void checkPayload(byte[] payload, String what) {
    if (payload != null && payload.length > grid.config.maxMessageBytes()) {
      throw new IllegalArgumentException(
          what
              + " of "
              + payload.length
              + " bytes exceeds maxMessageBytes "
              + grid.config.maxMessageBytes());
    }
  }

  @Override
  public Connection subroute(String subroute) {
    return new SubrouteConnection(this, subroute);
  }

  @Override
  public ConnectionStats stats() {
    lock.lock();
    try {
      Session s = session;
      long rtt = stats.lastRoundTripNanos;
      return new ConnectionStats(
          state,
          stats.bytesIn.sum(),
          stats.bytesOut.sum(),
          stats.messagesIn.sum(),
          stats.messagesOut.sum(),
          stats.framesOut.sum(),
          s == null ? 0 : s.queue.size(),
          s == null ? 0 : s.queue.bytes(),
          s == null ? 0 : s.clients.size(),
          s == null ? 0 : s.servers.size(),
          rtt < 0 ? null : Duration.ofNanos(rtt),
          reconnects,
          remoteInstanceId);
    } finally {
      lock.unlock();
    }
  }

  /** The open session, or null (for tests and the grid's graceful close). */
  Session session() {
    lock.lock();
    try {
      return session;
    } finally {
      lock.unlock();
    }
  }

  // ---- link lifecycle -----------------------------------------------------------------------

  /**
   * Makes {@code s} this connection's open link; a previous one is closed. Returns false if the
   * grid is closed (the caller closes {@code s}).
   */
  boolean attach(Session s, UUID remoteId) {
    Session previous;
    boolean restarted;
    lock.lock();
    try {
      if (state == ConnectionState.CLOSED) {
        return false;
      }
      previous = session;
      session = s;
      restarted = remoteInstanceId != null && !remoteInstanceId.equals(remoteId);
      if (everConnected) {
        reconnects++;
      }
      everConnected = true;
      remoteInstanceId = remoteId;
      failedDials = 0;
      lastFailure = null;
      state = ConnectionState.CONNECTED;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (previous != null) {
      previous.close("replaced by a newer link from " + remoteHost);
    }
    LOG.info(
        "grid: "
            + grid.localHost()
            + " connected to "
            + remoteHost
            + (restarted ? " (the remote restarted: new instance " + remoteId + ")" : ""));
    grid.fireConnected(remoteHost, remoteId, restarted);
    return true;
  }

  /** A session of this connection ended; the dialing side schedules the next dial. */
  void sessionEnded(Session s, String reason, boolean wasOpen) {
    boolean redial;
    long delayNanos = 0;
    boolean logIt;
    lock.lock();
    try {
      boolean current = session == s;
      if (current) {
        session = null;
      }
      if (state == ConnectionState.CLOSED) {
        return;
      }
      if (current || (state != ConnectionState.CONNECTED)) {
        state = ConnectionState.DISCONNECTED;
        changed.signalAll();
      }
      redial = dials && !grid.isClosing() && (current || session == null);
      if (redial) {
        delayNanos = wasOpen ? backoff.delayNanos(0) : backoff.delayNanos(failedDials++);
      }
      logIt = !wasOpen && !reason.equals(lastFailure);
      if (!wasOpen) {
        lastFailure = reason;
      }
      wasOpen = wasOpen && current; // a replaced link's end is not a disconnect
    } finally {
      lock.unlock();
    }
    if (wasOpen) {
      LOG.info(
          "grid: "
              + grid.localHost()
              + " lost "
              + remoteHost
              + ": "
              + reason
              + (redial
                  ? "; redialing in " + TimeUnit.NANOSECONDS.toMillis(delayNanos) + " ms"
                  : ""));
      grid.fireDisconnected(remoteHost, reason);
    } else if (logIt) {
      LOG.info(
          "grid: "
              + grid.localHost()
              + " could not connect to "
              + remoteHost
              + ": "
              + reason
              + (redial ? "; retrying with backoff (logged once until it changes)" : ""));
    }
    if (redial) {
      dialLater(delayNanos);
    }
  }

  /** Schedules a dial after {@code delayNanos}. */
  void dialLater(long delayNanos) {
    try {
      grid.scheduler.schedule(
          () -> {
            try {
              grid.executor.execute(this::dial);
            } catch (RejectedExecutionException e) {
              LOG.log(Level.FINE, "grid: dial to " + remoteHost + " not run: shutting down");
            }
          },
          delayNanos,
          TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      LOG.log(Level.FINE, "grid: dial to " + remoteHost + " not scheduled: shutting down");
    }
  }

  private void dial() {
    lock.lock();
    try {
      if (state == ConnectionState.CLOSED || grid.isClosing()) {
        return;
      }
      if (state != ConnectionState.CONNECTED) {
        state = ConnectionState.CONNECTING;
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
    Session s = new Session(grid, this, true);
    Transport t;
    try {
      long now = grid.clock.currentTimeMillis();
      t =
          grid.dialer.dial(
              remoteHost,
              Map.of(
                  Grid.HOST_HEADER, grid.localHost(),
                  Grid.TOKEN_HEADER, grid.token(now)),
              s,
              grid.config.dialTimeout(),
              grid.config.maxFrameBytes());
    } catch (IOException | RuntimeException e) {
      s.close("dial failed: " + e.getMessage());
      return;
    }
    s.bind(t);
  }

  /** Closes the connection for good: the open link ends, no redial. */
  void close(String reason) {
    Session s;
    lock.lock();
    try {
      s = session;
      session = null;
      state = ConnectionState.CLOSED;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (s != null) {
      s.close(reason);
    }
  }

  @Override
  public String toString() {
    return "Connection{" + grid.localHost() + " -> " + remoteHost + ", " + state() + "}";
  }
}
