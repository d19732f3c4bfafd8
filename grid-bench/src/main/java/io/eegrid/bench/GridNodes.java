package io.eegrid.bench;

import io.eegrid.Connection;
import io.eegrid.GridConfig;
import io.eegrid.GridManager;
import io.eegrid.embedded.TyrusGridServer;
import io.eegrid.transport.Dialer;
import io.eegrid.websocket.GridEndpoint;
import io.eegrid.websocket.WebSocketDialer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiConsumer;
import org.glassfish.tyrus.client.ClientManager;

/**
 * {@code n} EE Grid nodes in this JVM, each with its own {@link TyrusGridServer} on 127.0.0.1,
 * dialing with one shared Tyrus Grizzly client, exactly as the embedded default wires them. In a
 * mesh every node lists every other; otherwise each node lists only itself (no links), which is the
 * baseline of {@link Footprint}.
 *
 * <p>Thread rules: built and closed by one thread; {@link #node} is safe from any thread once the
 * constructor returned.
 */
final class GridNodes implements AutoCloseable {
  static final String PATH = "/grid/v1";

  private final List<TyrusGridServer> servers = new ArrayList<>();
  private final AtomicReferenceArray<GridManager> nodes;
  private final AtomicBoolean[] dialed;
  private final ClientManager client = ClientManager.createClient();
  private final List<String> hosts = new ArrayList<>();

  /**
   * Starts the nodes; {@code handlers} registers each node's handlers (index, builder). In a mesh
   * it waits until every node is connected to every other.
   */
  GridNodes(
      int n, GridConfig config, boolean mesh, BiConsumer<Integer, GridManager.Builder> handlers)
      throws IOException {
    nodes = new AtomicReferenceArray<>(n);
    dialed = new AtomicBoolean[n];
    try {
      for (int i = 0; i < n; i++) {
        int index = i;
        TyrusGridServer s =
            TyrusGridServer.start(
                "127.0.0.1",
                0,
                config.maxFrameBytes(),
                GridEndpoint.config(() -> nodes.get(index), PATH));
        servers.add(s);
        hosts.add("127.0.0.1:" + s.port());
      }
      for (int i = 0; i < n; i++) {
        Dialer ws = new WebSocketDialer(client, PATH, false);
        AtomicBoolean mine = new AtomicBoolean();
        dialed[i] = mine;
        GridManager.Builder b =
            GridManager.builder()
                .localHost(hosts.get(i))
                .hosts(mesh ? hosts : List.of(hosts.get(i)))
                .secret("grid-bench shared secret")
                .config(config)
                .dialer(
                    (remote, headers, listener, timeout, maxFrameBytes) -> {
                      mine.set(true);
                      return ws.dial(remote, headers, listener, timeout, maxFrameBytes);
                    });
        handlers.accept(i, b);
        nodes.set(i, b.build());
      }
      for (int i = 0; i < n; i++) {
        nodes.get(i).start();
      }
      if (mesh) {
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            if (i != j && !connection(i, j).awaitConnected(Duration.ofSeconds(10))) {
              throw new IOException(
                  "grid node " + hosts.get(i) + " did not connect to " + hosts.get(j) + " in 10 s");
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  GridManager node(int i) {
    return nodes.get(i);
  }

  /** Node {@code from}'s connection to node {@code to}. */
  Connection connection(int from, int to) {
    return nodes.get(from).connection(hosts.get(to));
  }

  /** Whether node {@code i} dialed (so its sends to the node it dialed are masked). */
  boolean dialed(int i) {
    return dialed[i].get();
  }

  @Override
  public void close() {
    for (int i = 0; i < nodes.length(); i++) {
      GridManager g = nodes.get(i);
      if (g != null) {
        g.close();
      }
    }
    for (TyrusGridServer s : servers) {
      s.close();
    }
    client.shutdown();
  }
}
