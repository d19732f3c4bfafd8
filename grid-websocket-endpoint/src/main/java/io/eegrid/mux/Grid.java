package io.eegrid.mux;

import io.eegrid.Connection;
import io.eegrid.GridClock;
import io.eegrid.GridConfig;
import io.eegrid.GridListener;
import io.eegrid.GridManager;
import io.eegrid.protocol.Payloads;
import io.eegrid.transport.Dialer;
import io.eegrid.transport.Transport;
import io.eegrid.transport.TransportListener;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@link GridManager} implementation: host list, handler registry, one {@link GridConnection}
 * per remote, the sessions still in their handshake, executors, and graceful close.
 *
 * <p>Thread rules: settings are immutable after construction; {@code connections} is an immutable
 * map; {@code handshaking} is a concurrent set; {@code closing}/{@code closed} are volatile flags;
 * {@code this} is the monitor {@link #close()} waits on for running handlers to finish ({@link
 * #serverCallEnded()} notifies it). Listener callbacks run on the grid's executor, one event at a
 * time and in order ({@code events} is a concurrent queue drained by whichever task won {@code
 * eventsRunning}), never on a WebSocket I/O thread.
 */
public final class Grid implements GridManager {
  private static final Logger LOG = Logger.getLogger(Grid.class.getName());

  /** Upgrade header naming the dialing node. */
  public static final String HOST_HEADER = "X-EEGrid-Host";

  /** Upgrade header carrying the dialing node's token. */
  public static final String TOKEN_HEADER = "X-EEGrid-Token";

  /** Everything {@link GridManager.Builder} collected. */
  public record Settings(
      String localHost,
      List<String> hosts,
      byte[] secret,
      byte[] previousSecret,
      Dialer dialer,
      GridConfig config,
      ExecutorService executor,
      ScheduledExecutorService scheduler,
      ThreadFactory threadFactory,
      GridClock clock,
      List<GridListener> listeners,
      HandlerRegistry handlers) {}

  final GridConfig config;
  // The secrets this node accepts: the current one first, then the previous one while a rotation
  // is under way (docs/SECURITY.md). Tokens are made for each, so a peer that knows either accepts.
  private final List<byte[]> secrets;
  final Dialer dialer;
  final ExecutorService executor;
  final ScheduledExecutorService scheduler;
  final GridClock clock;
  final HandlerRegistry handlers;
  private final String localHost;
  private final UUID instanceId = UUID.randomUUID();
  private final boolean ownsExecutor;
  private final boolean ownsScheduler;
  private final List<GridListener> listeners;
  // Listener events waiting for delivery; eventsRunning says a drain task owns delivery.
  private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> events =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.concurrent.atomic.AtomicBoolean eventsRunning =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final Map<String, GridConnection> connections;
  private final Set<Session> handshaking = ConcurrentHashMap.newKeySet();
  private final RefusalLog refusals;
  private volatile boolean started;
  private volatile boolean closing;
  private volatile boolean closed;

  public Grid(Settings s) {
    this.localHost = s.localHost();
    this.config = s.config();
    this.secrets =
        s.previousSecret() == null ? List.of(s.secret()) : List.of(s.secret(), s.previousSecret());
    this.dialer = s.dialer();
    this.clock = s.clock();
    this.handlers = s.handlers();
    this.listeners = s.listeners();
    this.refusals = new RefusalLog(config.refusalLogInterval().toNanos());
    handlers.validate(config);
    int localCount = 0;
    Map<String, GridConnection> conns = new LinkedHashMap<>();
    for (String host : s.hosts()) {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("hosts contains an empty host name");
      }
      if (host.equals(localHost)) {
        localCount++;
        continue;
      }
      if (conns.containsKey(host)) {
        throw new IllegalArgumentException("hosts lists " + host + " twice");
      }
      conns.put(host, new GridConnection(this, host, DialRule.dials(localHost, host)));
    }
    if (localCount != 1) {
      throw new IllegalArgumentException(
          "hosts must list the local host "
              + localHost
              + " exactly once, found "
              + localCount
              + " times in "
              + s.hosts());
    }
    this.connections = Map.copyOf(conns);
    this.ownsExecutor = s.executor() == null;
    ThreadFactory factory = s.threadFactory();
    this.executor =
        ownsExecutor
            ? Executors.newCachedThreadPool(
                factory != null ? factory : threads("eegrid-" + localHost))
            : s.executor();
    this.ownsScheduler = s.scheduler() == null;
    if (ownsScheduler) {
      ScheduledThreadPoolExecutor timer =
          new ScheduledThreadPoolExecutor(
              1, factory != null ? factory : threads("eegrid-timer-" + localHost));
      timer.setRemoveOnCancelPolicy(true);
      this.scheduler = timer;
    } else {
      this.scheduler = s.scheduler();
    }
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public String localHost() {
    return localHost;
  }

  @Override
  public UUID instanceId() {
    return instanceId;
  }

  @Override
  public List<String> remoteHosts() {
    return List.copyOf(connections.keySet());
  }

  @Override
  public Connection connection(String remoteHost) {
    GridConnection c = connections.get(remoteHost);
    if (c == null) {
      throw new IllegalArgumentException(
          remoteHost
              + " is not a remote of "
              + localHost
              + "; remotes are "
              + connections.keySet());
    }
    return c;
  }

  GridConnection connectionFor(String remoteHost) {
    return connections.get(remoteHost);
  }

  @Override
  public Collection<Connection> connections() {
    return List.copyOf(connections.values());
  }

  @Override
  public GridConfig config() {
    return config;
  }

  boolean isClosing() {
    return closing;
  }

  @Override
  public synchronized void start() {
    if (started || closing) {
      return;
    }
    started = true;
    LOG.info(
        "grid: "
            + localHost
            + " starting (instance "
            + instanceId
            + "), "
            + connections.size()
            + " remotes, "
            + handlers.size()
            + " handlers");
    for (GridConnection c : connections.values()) {
      if (c.dials) {
        c.dialLater(0);
      }
    }
  }

  // ---- accepting ----------------------------------------------------------------------------

  @Override
  public String checkUpgrade(Map<String, List<String>> headers) {
    String refusal = upgradeRefusal(headers);
    if (refusal != null) {
      String host = header(headers, HOST_HEADER);
      rejected(host == null ? "an unnamed peer" : host, null, refusal, false);
    }
    return refusal;
  }

  private String upgradeRefusal(Map<String, List<String>> headers) {
    if (closing) {
      return localHost + " is shutting down";
    }
    String host = header(headers, HOST_HEADER);
    String token = header(headers, TOKEN_HEADER);
    if (host == null || token == null) {
      return "missing " + HOST_HEADER + " or " + TOKEN_HEADER + " header";
    }
    GridConnection c = connections.get(host);
    if (c == null) {
      return "unknown host " + host + " (not in the host list of " + localHost + ")";
    }
    if (c.dials) {
      return "wrong direction: " + localHost + " dials " + host + ", not the other way round";
    }
    return AuthToken.verify(
        secrets, host, token, clock.currentTimeMillis(), config.maxClockSkew().toMillis());
  }

  /** The token field this node sends at {@code nowMillis}: one token per secret it holds. */
  String token(long nowMillis) {
    return AuthToken.createAll(secrets, localHost, nowMillis);
  }

  private static String header(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  /** The listener of a link refused before its handshake: it has nothing to do. */
  private static final TransportListener IGNORED =
      new TransportListener() {
        @Override
        public void onFrame(ByteBuffer frame) {}

        @Override
        public void onClosed(String reason) {}
      };

  @Override
  public TransportListener accept(Transport transport) {
    if (closing) {
      transport.close(localHost + " is shutting down");
      return IGNORED;
    }
    if (config.requireTls() && !transport.isSecure()) {
      String reason =
          localHost
              + " accepts only TLS links (requireTls) and this link from "
              + transport.remoteAddress()
              + " is not encrypted: dial it with wss";
      rejected(transport.remoteAddress(), null, reason, false);
      transport.close("refused: " + reason);
      return IGNORED;
    }
    Session s = new Session(this, null, false);
    handshaking.add(s);
    s.bind(transport);
    return s;
  }

  /** Checks a CONNECT; returns null to accept, else the reason. */
  String checkConnect(Payloads.ConnectRequest r) {
    if (closing) {
      return localHost + " is shutting down";
    }
    if (r.version() < 1) {
      return "handshake version "
          + r.version()
          + " is not supported (this node speaks "
          + Payloads.HANDSHAKE_VERSION
          + ")";
    }
    GridConnection c = connections.get(r.host());
    if (c == null) {
      return "unknown host " + r.host() + " (not in the host list of " + localHost + ")";
    }
    if (c.dials) {
      return "wrong direction: " + localHost + " dials " + r.host() + ", not the other way round";
    }
    long now = clock.currentTimeMillis();
    if (!AuthToken.withinMillis(now, r.timeMillis(), config.maxClockSkew().toMillis())) {
      long skew = AuthToken.distanceMillis(now, r.timeMillis()); // no overflow, unlike Math.abs
      return "clocks of "
          + r.host()
          + " and "
          + localHost
          + " differ by "
          + skew
          + " ms, more than the limit of "
          + config.maxClockSkew().toMillis()
          + " ms";
    }
    return AuthToken.verify(
        secrets, r.host(), r.token(), clock.currentTimeMillis(), config.maxClockSkew().toMillis());
  }

  /**
   * Logs a handshake refusal (at WARNING when its reason is new for that peer, at most once per
   * refusalLogInterval per peer; otherwise at FINE, see {@link RefusalLog}) and tells the
   * listeners. {@code address} is the peer's network address when known, for the log only. Peers
   * that are not in the host list share one entry, so that invented host names cannot grow this
   * node's memory.
   */
  void rejected(String remote, String address, String reason, boolean byRemote) {
    String peer = connections.containsKey(remote) ? remote : "an unknown peer";
    String suffix = refusals.warning(peer + (byRemote ? "<" : ">"), reason, clock.nanoTime());
    String who = address == null ? remote : remote + " (" + address + ")";
    LOG.log(
        suffix == null ? Level.FINE : Level.WARNING,
        "grid: "
            + (byRemote ? who + " refused " + localHost : localHost + " refused " + who)
            + ": "
            + reason
            + (suffix == null ? "" : suffix));
    tell(l -> l.onRejected(remote, reason, byRemote));
  }

  /** How many peers (and directions) the refusal log remembers; for tests. */
  int rememberedRefusals() {
    return refusals.size();
  }

  /** How many accepted links are still in their handshake; for tests. */
  int linksInHandshake() {
    return handshaking.size();
  }

  /** A session without a connection (an accepted one that never finished its handshake) ended. */
  void sessionEnded(Session s, String reason) {
    if (handshaking.remove(s)) {
      LOG.fine("grid: " + localHost + " dropped a link in its handshake: " + reason);
    }
  }

  /** An accepted session finished its handshake: its connection owns it now. */
  void handshakeDone(Session s) {
    handshaking.remove(s);
  }

  void fireConnected(String remote, UUID id, boolean restarted) {
    refusals.forget(remote + "<");
    tell(l -> l.onConnected(remote, id, restarted));
  }

  void fireDisconnected(String remote, String reason) {
    tell(l -> l.onDisconnected(remote, reason));
  }

  /**
   * Hands one event to every listener on the grid's executor, never on the calling (often a
   * WebSocket I/O) thread: a listener may then call the grid, even the peer that just connected.
   * Events reach the listeners one at a time, in the order they were fired.
   */
  private void tell(java.util.function.Consumer<GridListener> event) {
    if (listeners.isEmpty()) {
      return;
    }
    events.add(
        () -> {
          for (GridListener l : listeners) {
            try {
              event.accept(l);
            } catch (RuntimeException e) {
              LOG.log(Level.WARNING, "grid: listener failed", e);
            }
          }
        });
    if (eventsRunning.compareAndSet(false, true)) {
      try {
        executor.execute(this::drainEvents);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        drainEvents(); // the executor is gone (grid closed): deliver here rather than lose them
      }
    }
  }

  private void drainEvents() {
    do {
      for (Runnable r; (r = events.poll()) != null; ) {
        r.run();
      }
      eventsRunning.set(false);
    } while (!events.isEmpty() && eventsRunning.compareAndSet(false, true));
  }

  synchronized void serverCallEnded() {
    if (closing) {
      notifyAll();
    }
  }

  private int runningHandlers() {
    int n = 0;
    for (GridConnection c : connections.values()) {
      Session s = c.session();
      if (s != null) {
        n += s.servers.size();
      }
    }
    return n;
  }

  // ---- closing ------------------------------------------------------------------------------

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closing = true;
      long deadline = System.nanoTime() + config.shutdownGracePeriod().toNanos();
      try {
        while (runningHandlers() > 0) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            LOG.info(
                "grid: "
                    + localHost
                    + " closing with "
                    + runningHandlers()
                    + " handlers still running; cancelling them");
            break;
          }
          TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      closed = true;
    }
    // Responses of the handlers that just finished may still be queued: send them first.
    String reason = localHost + " closed its grid";
    List<Session> flushing = new ArrayList<>();
    for (GridConnection c : connections.values()) {
      Session s = c.session();
      if (s != null) {
        s.closeAfterFlush(reason);
        flushing.add(s);
      }
    }
    long flushDeadline = System.nanoTime() + config.writeTimeout().toNanos();
    try {
      for (Session s : flushing) {
        s.awaitEnded(flushDeadline);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (GridConnection c : connections.values()) {
      c.close(reason);
    }
    for (Session s : new ArrayList<>(handshaking)) {
      s.close(reason);
    }
    if (ownsScheduler) {
      scheduler.shutdownNow();
    }
    if (ownsExecutor) {
      executor.shutdown();
      try {
        if (!executor.awaitTermination(
            config.writeTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
          executor.shutdownNow();
        }
      } catch (InterruptedException e) {
        executor.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    LOG.info("grid: " + localHost + " closed");
  }

  @Override
  public String toString() {
    return "Grid{" + localHost + ", remotes " + connections.keySet() + "}";
  }
}
