package io.eegrid;

import java.util.UUID;

/**
 * Hears about connections coming up, going down and being refused. Called on the grid's executor
 * (never on a WebSocket I/O thread), one event at a time, in the order the events happened; a
 * listener may call the grid, even the peer that just connected, but holds up the next events while
 * it runs. All methods default to doing nothing.
 */
public interface GridListener {
  /**
   * The connection to {@code remoteHost} is up.
   *
   * @param restarted true when the remote's instance id differs from the previous connection's: the
   *     remote process was restarted
   */
  default void onConnected(String remoteHost, UUID remoteInstanceId, boolean restarted) {}

  /** The connection to {@code remoteHost} went down; calls in flight failed. */
  default void onDisconnected(String remoteHost, String reason) {}

  /**
   * A handshake failed. {@code remote} is the remote's host name when known, else its address;
   * {@code byRemote} says whether the remote refused us (true) or we refused it (false).
   */
  default void onRejected(String remote, String reason, boolean byRemote) {}
}
