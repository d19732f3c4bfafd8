package io.eegrid.testing;

import io.eegrid.Connection;
import io.eegrid.GridManager;

/** A running grid of nodes over one transport, for the contract suite. */
public interface TestGrid extends AutoCloseable {
  GridManager node(int i);

  String host(int i);

  default Connection conn(int from, int to) {
    return node(from).connection(host(to));
  }

  /** Closes every link, as a network failure would; the grid reconnects. */
  void killLinks();

  /** Replaces node {@code i} with a fresh process (new instance id) at the same host. */
  void restart(int i);

  /** False when this transport cannot pause or stall links (the test is skipped, with reason). */
  boolean supportsFaults();

  /** Stops (or resumes) delivering the frames that arrive at node {@code i}. */
  void pauseInbound(int i, boolean paused);

  /** Makes node {@code i}'s sends never complete (or complete again). */
  void stallSends(int i, boolean stalled);

  /** Closes every node and the transport. */
  @Override
  void close();
}
