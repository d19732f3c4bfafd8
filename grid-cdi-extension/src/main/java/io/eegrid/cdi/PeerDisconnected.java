package io.eegrid.cdi;

/** CDI event: the connection to {@code host} went down; calls in flight on it failed. */
public record PeerDisconnected(String host, String reason) {}
