package io.eegrid.embedded.app;

import io.eegrid.CallOptions;
import io.eegrid.GridManager;
import io.eegrid.cdi.PeerConnected;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Calls the peer that just connected, from the observer itself: what a user naturally writes. The
 * outcomes are kept for the test. Thread-safe.
 */
@ApplicationScoped
public class CallOnConnect {
  @Inject GridManager grid;
  private final List<String> outcomes = new CopyOnWriteArrayList<>();
  private final List<String> asyncSeen = new CopyOnWriteArrayList<>();

  void connected(@Observes PeerConnected e) {
    try {
      byte[] r =
          grid.connection(e.host())
              .request("echo", new byte[] {7}, CallOptions.timeout(Duration.ofSeconds(5)));
      outcomes.add("ok " + e.host() + " " + r.length);
    } catch (RuntimeException ex) {
      outcomes.add("failed " + e.host() + ": " + ex);
    }
  }

  void connectedAsync(@ObservesAsync PeerConnected e) {
    asyncSeen.add(e.host());
  }

  public List<String> outcomes() {
    return List.copyOf(outcomes);
  }

  public List<String> asyncSeen() {
    return List.copyOf(asyncSeen);
  }
}
