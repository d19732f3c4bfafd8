package io.eegrid.embedded.app;

import io.eegrid.Connection;
import io.eegrid.cdi.GridPeer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Injects the connection to one peer named in its annotation (a fixed port on loopback). */
@ApplicationScoped
public class FixedPeerClient {
  public static final String PEER = "127.0.0.1:47812";

  @Inject
  @GridPeer(PEER)
  Connection peer;

  public Connection peer() {
    return peer;
  }
}
