package io.eegrid.cdi;

import java.util.UUID;

/**
 * CDI event: the connection to {@code host} is up. {@code restarted} is true when the peer's
 * process is new since the last connection. Observers run on a grid thread, one grid event at a
 * time; they may call the grid, even this peer.
 */
public record PeerConnected(String host, UUID instanceId, boolean restarted) {}
