package io.eegrid.embedded;

import io.eegrid.GridListener;
import io.eegrid.GridManager;
import io.eegrid.testing.Fixtures;
import io.eegrid.testing.GridSpec;
import io.eegrid.testing.TestGrid;
import io.eegrid.transport.Dialer;
import io.eegrid.transport.Transport;
import io.eegrid.websocket.GridEndpoint;
import io.eegrid.websocket.WebSocketDialer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.glassfish.tyrus.client.ClientManager;

/**
 * A {@link TestGrid} over real WebSockets: one {@link TyrusGridServer} per node on 127.0.0.1 with
 * an ephemeral port, and one Tyrus client container dialing. Links are killed by closing the dialed
 * WebSocket sessions. Faults (a node that hears nothing, a node whose writes never complete) are
 * injected by {@link FaultyLinks} at the transport boundary of each node, on both its dialed and
 * its accepted links; the frames that do pass travel over real WebSockets.
 */
final class TyrusTestGrid implements TestGrid {
  static final String PATH = "/grid/v1";

  private final GridSpec spec;
  private final List<TyrusGridServer> servers = new ArrayList<>();
  private final List<String> hosts = new ArrayList<>();
  private final AtomicReferenceArray<GridManager> nodes;
  private final ClientManager client = ClientManager.createClient();
  private final List<Transport> dialed = new CopyOnWriteArrayList<>();
  private final List<FaultyLinks> faults = new ArrayList<>();

  TyrusTestGrid(GridSpec spec) {
    this.spec = spec;
    this.nodes = new AtomicReferenceArray<>(spec.nodes());
    for (int i = 0; i < spec.nodes(); i++) {
      faults.add(new FaultyLinks());
    }
    try {
      for (int i = 0; i < spec.nodes(); i++) {
        int n = i;
        TyrusGridServer s =
            TyrusGridServer.start(
                "127.0.0.1",
                0,
                spec.config().maxFrameBytes(),
                GridEndpoint.config(
                    () -> nodes.get(n) == null ? null : faults.get(n).accepting(() -> nodes.get(n)),
                    PATH));
        servers.add(s);
        hosts.add("127.0.0.1:" + s.port());
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    }
    GridManager[] all = new GridManager[spec.nodes()];
    for (int i = 0; i < spec.nodes(); i++) {
      all[i] = build(i);
      nodes.set(i, all[i]);
    }
    for (GridManager g : all) {
      g.start();
    }
    if (spec.awaitConnected()) {
      Fixtures.awaitAllConnected(all, Duration.ofSeconds(10));
    }
  }

  private GridManager build(int i) {
    Dialer ws = new WebSocketDialer(client, PATH, false);
    FaultyLinks f = faults.get(i);
    Dialer recording =
        (remote, headers, listener, timeout, maxFrameBytes) -> {
          Transport t = f.wrap(ws.dial(remote, headers, f.wrap(listener), timeout, maxFrameBytes));
          dialed.add(t);
          return t;
        };
    GridManager.Builder b =
        GridManager.builder()
            .localHost(hosts.get(i))
            .hosts(hosts)
            .secret(spec.secret().apply(i))
            .config(spec.config())
            .dialer(recording);
    GridListener l = spec.listener().apply(i);
    if (l != null) {
      b.listener(l);
    }
    spec.handlers().accept(i, b);
    return b.build();
  }

  @Override
  public GridManager node(int i) {
    return nodes.get(i);
  }

  @Override
  public String host(int i) {
    return hosts.get(i);
  }

  @Override
  public void killLinks() {
    for (Transport t : dialed) {
      t.close("killed by the test");
    }
    dialed.clear();
  }

  @Override
  public void restart(int i) {
    GridManager old = nodes.get(i);
    nodes.set(i, null);
    old.close();
    GridManager fresh = build(i);
    nodes.set(i, fresh);
    fresh.start();
  }

  @Override
  public boolean supportsFaults() {
    return true;
  }

  @Override
  public void pauseInbound(int i, boolean paused) {
    faults.get(i).pauseInbound(paused);
  }

  @Override
  public void stallSends(int i, boolean stalled) {
    faults.get(i).stallSends(stalled);
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
