package io.eegrid.embedded;

import io.eegrid.Connection;
import io.eegrid.GridConfig;
import io.eegrid.GridManager;
import io.eegrid.transport.Transport;
import io.eegrid.transport.TransportListener;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Fault injection at the transport boundary of one node whose links are real WebSockets: inbound
 * frames can be held back (a silent peer, as seen from this node) and sends can be held before they
 * reach the socket, their completion with them (a stuck write). Everything else passes through
 * unchanged. Thread-safe; each wrapped link serializes its own deliveries.
 */
final class FaultyLinks {
  private final AtomicBoolean pauseInbound = new AtomicBoolean();
  private final AtomicBoolean stallSends = new AtomicBoolean();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final List<Link> links = new CopyOnWriteArrayList<>();

  void pauseInbound(boolean paused) {
    pauseInbound.set(paused);
    if (!paused) {
      listeners.forEach(Listener::resume);
    }
  }

  void stallSends(boolean stalled) {
    stallSends.set(stalled);
    if (!stalled) {
      links.forEach(Link::release);
    }
  }

  TransportListener wrap(TransportListener inner) {
    Listener l = new Listener(inner);
    listeners.add(l);
    return l;
  }

  Transport wrap(Transport inner) {
    Link l = new Link(inner);
    links.add(l);
    return l;
  }

  /** The grid as its endpoint sees it: accepted links get the same faults. */
  GridManager accepting(Supplier<GridManager> grid) {
    return new Accepting(grid);
  }

  /** Holds inbound frames while paused; delivers them in order on resume. */
  private final class Listener implements TransportListener {
    private final TransportListener inner;
    private final ArrayDeque<byte[]> held = new ArrayDeque<>(); // guarded by this

    Listener(TransportListener inner) {
      this.inner = inner;
    }

    @Override
    public synchronized void onFrame(ByteBuffer frame) {
      if (pauseInbound.get() || !held.isEmpty()) {
        byte[] copy = new byte[frame.remaining()];
        frame.get(copy);
        held.add(copy);
        return;
      }
      inner.onFrame(frame);
    }

    synchronized void resume() {
      for (byte[] f; !pauseInbound.get() && (f = held.poll()) != null; ) {
        inner.onFrame(ByteBuffer.wrap(f));
      }
    }

    @Override
    public void onClosed(String reason) {
      inner.onClosed(reason);
    }
  }

  /** Holds a send (and its completion) while sends are stalled. */
  private final class Link implements Transport {
    private final Transport inner;
    private ByteBuffer heldFrame; // guarded by this; the grid has one send outstanding at most
    private SendCallback heldCallback; // guarded by this

    Link(Transport inner) {
      this.inner = inner;
    }

    @Override
    public void send(ByteBuffer frame, SendCallback callback) {
      synchronized (this) {
        if (stallSends.get()) {
          heldFrame = frame;
          heldCallback = callback;
          return;
        }
      }
      inner.send(frame, callback);
    }

    void release() {
      ByteBuffer f;
      SendCallback c;
      synchronized (this) {
        f = heldFrame;
        c = heldCallback;
        heldFrame = null;
        heldCallback = null;
      }
      if (f != null) {
        inner.send(f, c);
      }
    }

    @Override
    public void close(String reason) {
      inner.close(reason);
    }

    @Override
    public boolean isSecure() {
      return inner.isSecure();
    }

    @Override
    public String remoteAddress() {
      return inner.remoteAddress();
    }
  }

  /** Delegates to the node's grid, wrapping the links it accepts. */
  private final class Accepting implements GridManager {
    private final Supplier<GridManager> grid;

    Accepting(Supplier<GridManager> grid) {
      this.grid = grid;
    }

    @Override
    public String checkUpgrade(Map<String, List<String>> headers) {
      return grid.get().checkUpgrade(headers);
    }

    @Override
    public TransportListener accept(Transport transport) {
      return wrap(grid.get().accept(wrap(transport)));
    }

    @Override
    public String localHost() {
      return grid.get().localHost();
    }

    @Override
    public UUID instanceId() {
      return grid.get().instanceId();
    }

    @Override
    public List<String> remoteHosts() {
      return grid.get().remoteHosts();
    }

    @Override
    public Connection connection(String remoteHost) {
      return grid.get().connection(remoteHost);
    }

    @Override
    public Collection<Connection> connections() {
      return grid.get().connections();
    }

    @Override
    public GridConfig config() {
      return grid.get().config();
    }

    @Override
    public void start() {
      grid.get().start();
    }

    @Override
    public void close() {
      grid.get().close();
    }
  }
}
