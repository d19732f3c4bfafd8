package io.eegrid.testing;

import io.eegrid.GridConfig;
import io.eegrid.GridListener;
import io.eegrid.GridManager;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

/**
 * What a test grid looks like: how many nodes, their configuration, the handlers every node serves,
 * each node's secret and listener. Immutable.
 */
public record GridSpec(
    int nodes,
    GridConfig config,
    BiConsumer<Integer, GridManager.Builder> handlers,
    IntFunction<String> secret,
    IntFunction<GridListener> listener,
    boolean awaitConnected) {

  public static GridSpec of(
      int nodes, GridConfig config, BiConsumer<Integer, GridManager.Builder> h) {
    return new GridSpec(nodes, config, h, i -> "test-secret-of-the-grid", i -> null, true);
  }

  public GridSpec withSecrets(IntFunction<String> secrets) {
    return new GridSpec(nodes, config, handlers, secrets, listener, awaitConnected);
  }

  public GridSpec withListeners(IntFunction<GridListener> listeners) {
    return new GridSpec(nodes, config, handlers, secret, listeners, awaitConnected);
  }

  public GridSpec notAwaitingConnections() {
    return new GridSpec(nodes, config, handlers, secret, listener, false);
  }
}
