package io.eegrid.embedded.app;

import io.eegrid.cdi.PeerConnected;
import io.eegrid.cdi.PeerDisconnected;
import io.eegrid.cdi.PeerRejected;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the grid's CDI events. Thread-safe: events arrive on grid threads. */
@ApplicationScoped
public class PeerEvents {
  private final List<Object> events = new CopyOnWriteArrayList<>();

  void connected(@Observes PeerConnected e) {
    events.add(e);
  }

  void disconnected(@Observes PeerDisconnected e) {
    events.add(e);
  }

  void rejected(@Observes PeerRejected e) {
    events.add(e);
  }

  public List<Object> events() {
    return List.copyOf(events);
  }
}
