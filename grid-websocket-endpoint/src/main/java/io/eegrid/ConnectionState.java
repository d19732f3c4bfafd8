package io.eegrid;

/** The state of a {@link Connection} to one remote. */
public enum ConnectionState {
  /** Not connected yet; the grid has not started, or this side waits to be dialed. */
  UNCONNECTED,
  /** This side is dialing or doing the handshake. */
  CONNECTING,
  /** The handshake succeeded; calls can be made. */
  CONNECTED,
  /** The link went down; this side redials after a backoff, or waits to be dialed again. */
  DISCONNECTED,
  /** The grid is closed; terminal. */
  CLOSED
}
