package io.eegrid.testing;

import io.eegrid.GridListener;
import io.eegrid.GridManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link TestGrid} over {@link InMemoryNetwork}; host names are {@code node-N:1}. */
public final class InMemoryTestGrid implements TestGrid {
  private final InMemoryNetwork network = new InMemoryNetwork();
  private final GridSpec spec;
  private final List<String> hosts = new ArrayList<>();
  private final GridManager[] nodes;

  public InMemoryTestGrid(GridSpec spec) {
    this.spec = spec;
    for (int i = 0; i < spec.nodes(); i++) {
      hosts.add("node-" + i + ":1");
    }
    nodes = new GridManager[spec.nodes()];
    for (int i = 0; i < spec.nodes(); i++) {
      nodes[i] = build(i);
    }
    for (GridManager g : nodes) {
      g.start();
    }
    if (spec.awaitConnected()) {
      Fixtures.awaitAllConnected(nodes, Duration.ofSeconds(10));
    }
  }

  private GridManager build(int i) {
    GridManager.Builder b =
        GridManager.builder()
            .localHost(hosts.get(i))
            .hosts(hosts)
            .secret(spec.secret().apply(i))
            .config(spec.config())
            .dialer(network.dialer(hosts.get(i)));
    GridListener l = spec.listener().apply(i);
    if (l != null) {
      b.listener(l);
    }
    spec.handlers().accept(i, b);
    GridManager g = b.build();
    network.register(hosts.get(i), g);
    return g;
  }

  @Override
  public GridManager node(int i) {
    return nodes[i];
  }

  @Override
  public String host(int i) {
    return hosts.get(i);
  }

  @Override
  public void killLinks() {
    network.killAll("killed by the test");
  }

  @Override
  public void restart(int i) {
    network.unregister(hosts.get(i));
    nodes[i].close();
    nodes[i] = build(i);
    nodes[i].start();
  }

  @Override
  public boolean supportsFaults() {
    return true;
  }

  @Override
  public void pauseInbound(int i, boolean paused) {
    network.pauseInbound(hosts.get(i), paused);
  }

  @Override
  public void stallSends(int i, boolean stalled) {
    network.stallSends(hosts.get(i), stalled);
  }

  @Override
  public void close() {
    for (GridManager g : nodes) {
      g.close();
    }
    network.close();
  }
}
