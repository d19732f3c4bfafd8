package io.eegrid.cdi;

/**
 * CDI event: a handshake failed. {@code byRemote} says whether {@code remote} refused this node
 * (true) or this node refused it (false).
 */
public record PeerRejected(String remote, String reason, boolean byRemote) {}
