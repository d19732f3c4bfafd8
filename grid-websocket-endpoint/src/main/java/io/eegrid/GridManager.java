package io.eegrid;

import io.eegrid.mux.Grid;
import io.eegrid.mux.HandlerRegistry;
import io.eegrid.transport.Dialer;
import io.eegrid.transport.Transport;
import io.eegrid.transport.TransportListener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One node's grid: its own host name, the host names of all nodes, the handlers it serves, and one
 * {@link Connection} per remote node. Exactly one side of each pair dials (decided from the two
 * host names); the other accepts through {@link #accept}.
 *
 * <pre>{@code
 * GridManager grid = GridManager.builder()
 *     .localHost("10.0.0.1:8080")
 *     .hosts(List.of("10.0.0.1:8080", "10.0.0.2:8080"))
 *     .secret("shared cluster secret")
 *     .dialer(new WebSocketDialer(container, "/grid/v1", false))
 *     .handler("echo", (ctx, payload) -> payload)
 *     .build();
 * grid.start();
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} is graceful: new calls are refused, running handlers get the
 * configured grace period, then the connections close.
 */
public interface GridManager extends AutoCloseable {
  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /** This node's host name. */
  String localHost();

  /** This process's instance id, new on every start; peers use it to notice a restart. */
  UUID instanceId();

  /** The host names of all other nodes. */
  List<String> remoteHosts();

  /**
   * The connection to {@code remoteHost}.
   *
   * @throws IllegalArgumentException if the host is not in the grid's host list, or is this node
   */
  Connection connection(String remoteHost);

  /** The connections to all other nodes. */
  Collection<Connection> connections();

  GridConfig config();

  /** Opens the connections this side dials. Idempotent. */
  void start();

  /** Closes gracefully (see the class comment) and waits for it. Idempotent. */
  @Override
  void close();

  /**
   * For transports: checks the headers of an incoming upgrade request before the link is opened.
   * Returns null to accept, or the reason to refuse.
   */
  String checkUpgrade(Map<String, List<String>> headers);

  /**
   * For transports: adopts a freshly accepted link. The grid expects the dialer's CONNECT message
   * first, and closes the link with a reason if it does not arrive in time or is refused.
   */
  TransportListener accept(Transport transport);

  /** Builds a {@link GridManager}. Not thread-safe. */
  final class Builder {
    private String localHost;
    private final List<String> hosts = new ArrayList<>();
    private byte[] secret;
    private byte[] previousSecret;
    private Dialer dialer;
    private GridConfig config = GridConfig.defaults();
    private ExecutorService executor;
    private ScheduledExecutorService scheduler;
    private java.util.concurrent.ThreadFactory threadFactory;
    private GridClock clock = GridClock.system();
    private final List<GridListener> listeners = new ArrayList<>();
    private final HandlerRegistry handlers = new HandlerRegistry();

    private Builder() {}

    /** This node's host name, exactly as it appears in {@link #hosts}. Required. */
    public Builder localHost(String localHost) {
      this.localHost = Objects.requireNonNull(localHost, "localHost");
      return this;
    }

    /**
     * All nodes of the grid, this one included, as {@code host:port}; identical on every node.
     * Required.
     */
    public Builder hosts(Collection<String> hosts) {
      this.hosts.clear();
      this.hosts.addAll(Objects.requireNonNull(hosts, "hosts"));
      return this;
    }

    /** The shared secret every node of the grid knows. Required; never sent or logged. */
    public Builder secret(String secret) {
      return secret(Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8));
    }

    /** The shared secret, as bytes. */
    public Builder secret(byte[] secret) {
      Objects.requireNonNull(secret, "secret");
      if (secret.length < 8) {
        throw new IllegalArgumentException("secret must be at least 8 bytes, was " + secret.length);
      }
      this.secret = secret.clone();
      return this;
    }

    /**
     * A second secret this node accepts while the grid's secret is being rotated: the one being
     * replaced. Optional; at least 8 bytes. With it, the node sends one token per secret (the
     * current one first) and accepts a peer whose token matches either, so nodes restarted with the
     * new secret and nodes still on the old one connect without a refusal (docs/SECURITY.md). Like
     * the secret, it is copied, never sent and never logged. {@code null} removes it.
     */
    public Builder previousSecret(String previousSecret) {
      return previousSecret(
          previousSecret == null ? null : previousSecret.getBytes(StandardCharsets.UTF_8));
    }

    /** The previous secret, as bytes; {@code null} removes it. */
    public Builder previousSecret(byte[] previousSecret) {
      if (previousSecret != null && previousSecret.length < 8) {
        throw new IllegalArgumentException(
            "previousSecret must be at least 8 bytes, was " + previousSecret.length);
      }
      this.previousSecret = previousSecret == null ? null : previousSecret.clone();
      return this;
    }

    /** How this node opens links to the remotes it dials. Required. */
    public Builder dialer(Dialer dialer) {
      this.dialer = Objects.requireNonNull(dialer, "dialer");
      return this;
    }

    public Builder config(GridConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Runs handlers, writers and dials. Given: the grid uses it and never shuts it down (pass a
     * container's managed executor here). Not given: the grid makes its own and shuts it down.
     */
    public Builder executor(ExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Makes the threads of the pools the grid creates itself (when no {@link #executor} or {@link
     * #scheduler} is given). In a Jakarta EE server pass the container's {@code
     * ManagedThreadFactory}, so every grid thread is a managed thread; the grid still owns and
     * shuts down those pools. Without it the grid makes daemon threads named {@code eegrid-...}.
     */
    public Builder threadFactory(java.util.concurrent.ThreadFactory threadFactory) {
      this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
      return this;
    }

    /** Runs timers (pings, deadlines, redials). Same ownership rule as {@link #executor}. */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    public Builder clock(GridClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder listener(GridListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Serves single requests for {@code name}. */
    public Builder handler(String name, SingleHandler handler) {
      return handler(name, handler, HandlerOptions.defaults());
    }

    /**
     * Serves single requests for {@code name} (and the options' subroute).
     *
     * @throws IllegalArgumentException if the name and subroute are already taken
     */
    public Builder handler(String name, SingleHandler handler, HandlerOptions options) {
      handlers.register(name, options, handler);
      return this;
    }

    /** Serves streams for {@code name} with the default windows. */
    public Builder streamHandler(String name, StreamHandler handler) {
      return streamHandler(name, handler, HandlerOptions.defaults());
    }

    /**
     * Serves streams for {@code name} (and the options' subroute).
     *
     * @throws IllegalArgumentException if the name and subroute are already taken
     */
    public Builder streamHandler(String name, StreamHandler handler, HandlerOptions options) {
      handlers.register(name, options, handler);
      return this;
    }

    /** Serves a typed single request. */
    public <Q, R> Builder handler(TypedSingle<Q, R> call, TypedSingle.Handler<Q, R> handler) {
      return handler(call.name(), call.adapt(handler), call.options());
    }

    /** Serves a typed stream. */
    public <P, Q, R> Builder handler(
        TypedStream<P, Q, R> call, TypedStream.Handler<P, Q, R> handler) {
      return streamHandler(call.name(), call.adapt(handler), call.options());
    }

    /**
     * Builds the manager; it opens no connection before {@link GridManager#start()}.
     *
     * @throws IllegalArgumentException naming what is missing or wrong
     */
    public GridManager build() {
      if (localHost == null) {
        throw new IllegalArgumentException("localHost is not set");
      }
      if (secret == null) {
        throw new IllegalArgumentException("secret is not set");
      }
      if (dialer == null) {
        throw new IllegalArgumentException("dialer is not set");
      }
      return new Grid(
          new Grid.Settings(
              localHost,
              List.copyOf(hosts),
              secret.clone(),
              previousSecret == null || java.util.Arrays.equals(previousSecret, secret)
                  ? null
                  : previousSecret.clone(),
              dialer,
              config,
              executor,
              scheduler,
              threadFactory,
              clock,
              List.copyOf(listeners),
              handlers.copy())); // later registrations on this builder do not reach it
    }
  }
}
