package io.eegrid.testing;

import io.eegrid.GridManager;
import io.eegrid.transport.Dialer;
import io.eegrid.transport.Transport;
import io.eegrid.transport.TransportListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory transport for tests: each link is a pair of ends, each delivering frames to the
 * other on its own single I/O thread (as a WebSocket container would). Faults can be injected per
 * node: pause delivery of inbound frames (a blocked reader or a black hole), withhold send
 * completions (a stuck socket), or kill every link.
 *
 * <p>Thread-safe. Closing the network stops every I/O thread.
 */
public final class InMemoryNetwork implements AutoCloseable {
  private final Map<String, GridManager> nodes = new ConcurrentHashMap<>();
  private final List<End> ends = new CopyOnWriteArrayList<>();
  private final Map<String, Fault> faults = new ConcurrentHashMap<>();
  private final AtomicInteger threads = new AtomicInteger();

  /** Fault switches of one node's ends. */
  public static final class Fault {
    final AtomicBoolean pauseInbound = new AtomicBoolean();
    final AtomicBoolean stallSends = new AtomicBoolean();
  }

  public void register(String host, GridManager grid) {
    nodes.put(host, grid);
  }

  public void unregister(String host) {
    nodes.remove(host);
  }

  private Fault fault(String host) {
    return faults.computeIfAbsent(host, h -> new Fault());
  }

  /** Stops (true) or resumes (false) delivery of frames arriving at {@code host}. */
  public void pauseInbound(String host, boolean paused) {
    fault(host).pauseInbound.set(paused);
    if (!paused) {
      for (End e : ends) {
        if (e.host.equals(host)) {
          e.resume();
        }
      }
    }
  }

  /** Makes sends from {@code host} never complete (true), or complete again (false). */
  public void stallSends(String host, boolean stalled) {
    fault(host).stallSends.set(stalled);
    if (!stalled) {
      for (End e : ends) {
        if (e.host.equals(host)) {
          e.releaseStalled();
        }
      }
    }
  }

  /** Closes every open link, as a network failure would. */
  public void killAll(String reason) {
    for (End e : ends) {
      e.close(reason);
    }
  }

  /** Number of ends not yet closed. */
  public int openEnds() {
    return (int) ends.stream().filter(e -> !e.closed.get()).count();
  }

  /** The dialer a node at {@code localHost} uses. */
  public Dialer dialer(String localHost) {
    return (remote, headers, listener, timeout, maxFrameBytes) -> {
      GridManager target = nodes.get(remote);
      if (target == null) {
        throw new IOException("connection refused: no node at " + remote);
      }
      Map<String, List<String>> upgrade = new ConcurrentHashMap<>();
      headers.forEach((k, v) -> upgrade.put(k, List.of(v)));
      String refusal = target.checkUpgrade(upgrade);
      End dialing = new End(localHost);
      End accepting = new End(remote);
      dialing.peer = accepting;
      accepting.peer = dialing;
      ends.add(dialing);
      ends.add(accepting);
      dialing.listener = listener;
      if (refusal != null) {
        // As GridEndpoint does: the upgrade completes, then closes with the reason (1008).
        dialing.close("1008 refused: " + refusal);
        return dialing;
      }
      accepting.listener = target.accept(accepting);
      return dialing;
    };
  }

  @Override
  public void close() {
    killAll("network closed");
    for (End e : ends) {
      e.io.shutdownNow();
    }
    for (End e : ends) {
      try {
        e.io.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
    }
    ends.clear();
  }

  /** One end of a link. */
  private final class End implements Transport {
    final String host;
    final ExecutorService io;
    final AtomicBoolean closed = new AtomicBoolean();
    final List<byte[]> held = new ArrayList<>(); // guarded by this: frames held while paused
    final List<Runnable> stalled = new ArrayList<>(); // guarded by this: held sends
    volatile End peer;
    volatile TransportListener listener;

    End(String host) {
      this.host = host;
      this.io =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "inmem-io-" + host + "-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
    }

    @Override
    public void send(ByteBuffer frame, SendCallback callback) {
      if (closed.get()) {
        callback.onSent(new IOException("link closed"));
        return;
      }
      byte[] copy = new byte[frame.remaining()];
      frame.duplicate().get(copy);
      synchronized (this) {
        if (fault(host).stallSends.get() || !stalled.isEmpty()) {
          // A stuck socket: the frame leaves only when the stall is lifted.
          stalled.add(
              () -> {
                peer.deliver(copy);
                callback.onSent(null);
              });
          return;
        }
      }
      peer.deliver(copy);
      callback.onSent(null);
    }

    void deliver(byte[] frame) {
      synchronized (this) {
        if (fault(host).pauseInbound.get() || !held.isEmpty()) {
          held.add(frame);
          return;
        }
      }
      submit(frame);
    }

    private void submit(byte[] frame) {
      try {
        io.execute(
            () -> {
              TransportListener l = listener;
              if (!closed.get() && l != null) {
                l.onFrame(ByteBuffer.wrap(frame));
              }
            });
      } catch (RuntimeException e) {
        // shut down
      }
    }

    void resume() {
      List<byte[]> frames;
      synchronized (this) {
        frames = new ArrayList<>(held);
        held.clear();
      }
      frames.forEach(this::submit);
    }

    void releaseStalled() {
      List<Runnable> sends;
      synchronized (this) {
        sends = new ArrayList<>(stalled);
        stalled.clear();
      }
      if (!closed.get()) {
        sends.forEach(Runnable::run);
      }
    }

    @Override
    public void close(String reason) {
      if (closed.compareAndSet(false, true)) {
        notifyClosed(reason);
        io.shutdown(); // queued deliveries still run; the thread ends after them
        End p = peer;
        if (p != null) {
          p.close(reason);
        }
        synchronized (this) {
          stalled.clear(); // the writer's wait ends with the link (its session is closed)
        }
      }
    }

    private void notifyClosed(String reason) {
      try {
        io.execute(
            () -> {
              TransportListener l = listener;
              if (l != null) {
                l.onClosed(reason);
              }
            });
      } catch (RuntimeException e) {
        TransportListener l = listener;
        if (l != null) {
          l.onClosed(reason);
        }
      }
    }

    @Override
    public boolean isSecure() {
      return false;
    }

    @Override
    public String remoteAddress() {
      return "mem:" + (peer == null ? "?" : peer.host);
    }
  }
}
