package io.eegrid.embedded;

import io.eegrid.GridConfig;
import io.eegrid.GridManager;
import io.eegrid.mux.DialRule;
import io.eegrid.transport.Dialer;
import io.eegrid.websocket.GridEndpoint;
import io.eegrid.websocket.WebSocketDialer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiConsumer;
import org.glassfish.tyrus.client.ClientManager;

/**
 * A grid of Tyrus nodes on 127.0.0.1 whose every link runs through a {@link ChaosProxy}: one proxy
 * per pair of nodes, in front of the accepting node's port. The node that dials (by {@link
 * DialRule}) reaches the peer through its proxy: the {@link Dialer} SPI gets the peer's host name
 * from the grid and is free to connect anywhere, so this grid's dialer swaps the host name for the
 * proxy's address; host names, headers and tokens are unchanged.
 *
 * <p>Each node slot has one executor of its own (threads named {@code eegrid-chaos-N-...}, idle
 * ones end after a second) that outlives restarts, so the grid's threads can be counted against a
 * baseline. {@link #restart} closes the node's manager and builds a new one (new instance id) at
 * the same host and port.
 *
 * <p>Thread rules: {@code nodes} is an atomic array (the endpoint reads it on Tyrus threads,
 * restarts write it); {@link #restart} of one node must not run concurrently with itself or with
 * {@link #close}. Everything else is immutable after construction.
 */
final class ChaosGrid implements AutoCloseable {
  static final String PATH = "/grid/v1";

  private final GridConfig config;
  private final BiConsumer<Integer, GridManager.Builder> handlers;
  private final List<TyrusGridServer> servers = new ArrayList<>();
  private final List<String> hosts = new ArrayList<>();
  private final List<ThreadPoolExecutor> executors = new ArrayList<>();
  private final Map<String, ChaosProxy> proxies = new LinkedHashMap<>(); // "dialer->acceptor"
  private final AtomicReferenceArray<GridManager> nodes;
  private final ClientManager client = ClientManager.createClient();

  ChaosGrid(int n, GridConfig config, BiConsumer<Integer, GridManager.Builder> handlers) {
    this.config = config;
    this.handlers = handlers;
    this.nodes = new AtomicReferenceArray<>(n);
    try {
      for (int i = 0; i < n; i++) {
        int k = i;
        TyrusGridServer s =
            TyrusGridServer.start(
                "127.0.0.1",
                0,
                config.maxFrameBytes(),
                GridEndpoint.config(() -> nodes.get(k), PATH));
        servers.add(s);
        hosts.add("127.0.0.1:" + s.port());
        executors.add(newExecutor(i));
      }
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (i != j && DialRule.dials(hosts.get(i), hosts.get(j))) {
            proxies.put(key(i, j), ChaosProxy.start(i + "to" + j, servers.get(j).port()));
          }
        }
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    }
    for (int i = 0; i < n; i++) {
      nodes.set(i, build(i));
    }
    for (int i = 0; i < n; i++) {
      nodes.get(i).start();
    }
  }

  private static ThreadPoolExecutor newExecutor(int node) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory f =
        r -> {
          Thread t = new Thread(r, "eegrid-chaos-" + node + "-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    return new ThreadPoolExecutor(
        0, Integer.MAX_VALUE, 1, TimeUnit.SECONDS, new SynchronousQueue<>(), f);
  }

  private static String key(int from, int to) {
    return from + "->" + to;
  }

  private GridManager build(int i) {
    WebSocketDialer ws = new WebSocketDialer(client, PATH, false);
    Dialer viaProxy =
        (remote, headers, listener, timeout, maxFrameBytes) ->
            ws.dial(
                proxies.get(key(i, hosts.indexOf(remote))).address(),
                headers,
                listener,
                timeout,
                maxFrameBytes);
    GridManager.Builder b =
        GridManager.builder()
            .localHost(hosts.get(i))
            .hosts(hosts)
            .secret("chaos-secret-of-the-grid")
            .config(config)
            .executor(executors.get(i))
            .dialer(viaProxy);
    handlers.accept(i, b);
    return b.build();
  }

  int size() {
    return nodes.length();
  }

  /** The node's current manager (it changes on {@link #restart}). */
  GridManager node(int i) {
    return nodes.get(i);
  }

  String host(int i) {
    return hosts.get(i);
  }

  /** The proxies, one per pair of nodes, in a fixed order. */
  List<ChaosProxy> proxies() {
    return List.copyOf(proxies.values());
  }

  /** The executor every manager of node {@code i} runs on. */
  ThreadPoolExecutor executor(int i) {
    return executors.get(i);
  }

  /** Closes node {@code i}'s manager (gracefully) and starts a new one at the same host. */
  void restart(int i) {
    GridManager old = nodes.get(i);
    nodes.set(i, null);
    old.close();
    GridManager fresh = build(i);
    nodes.set(i, fresh);
    fresh.start();
  }

  @Override
  public void close() {
    for (int i = 0; i < nodes.length(); i++) {
      GridManager g = nodes.get(i);
      if (g != null) {
        g.close();
      }
    }
    proxies.values().forEach(ChaosProxy::close);
    servers.forEach(TyrusGridServer::close);
    client.shutdown();
    for (ThreadPoolExecutor e : executors) {
      e.shutdown();
      try {
        if (!e.awaitTermination(5, TimeUnit.SECONDS)) {
          e.shutdownNow();
        }
      } catch (InterruptedException ex) {
        e.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }
}
