package io.eegrid.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fault-injecting TCP proxy on 127.0.0.1 in front of one target port: every connection accepted
 * is piped to a new connection to the target, one thread per direction. Faults:
 *
 * <ul>
 *   <li>{@link #cut()}: both sockets of every open connection are closed (FIN both ways);
 *   <li>{@link #reset()}: the same with SO_LINGER 0, so both peers get an RST;
 *   <li>{@link #blackHole(Direction)}: on the connections open now, the bytes of one direction are
 *       read and dropped while the sockets stay open (a silent peer that still accepts writes);
 *   <li>{@link #cutMidFrame(Direction, int)}: the next WebSocket frame in that direction is passed
 *       up to its first N bytes (at most all but its last byte), then the connection is cut;
 *   <li>{@link #delay(Duration)} and {@link #throttle(long)}: every chunk waits the delay before it
 *       is written, and each direction is paced to the given bytes per second; both apply to open
 *       and new connections until set back to zero.
 * </ul>
 *
 * <p>Half-closes are passed on (end of stream in one direction shuts the output of the other
 * socket); a connection is dropped when both directions ended or either failed.
 *
 * <p>Thread rules: the delay and the throttle are volatile and read by the pumps for every chunk;
 * black holes and armed cuts are volatile fields of each {@link Pipe}, written by the caller, read
 * by its pump; {@code pipes} is a concurrent set. One accept thread, two pump threads per open
 * connection; every method may be called from any thread and none blocks beyond closing sockets.
 */
final class ChaosProxy implements AutoCloseable {
  /** A direction of a proxied connection. */
  enum Direction {
    /** From the dialing client to the target. */
    UPSTREAM,
    /** From the target back to the client. */
    DOWNSTREAM
  }

  private final String name;
  private final InetSocketAddress target;
  private final ServerSocket server;
  private final Thread acceptor;
  private final Set<Pipe> pipes = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicLong bytesDropped = new AtomicLong();
  private final AtomicInteger midFrameCuts = new AtomicInteger();
  private volatile long delayNanos;
  private volatile long bytesPerSecond;
  private volatile boolean closed;

  private ChaosProxy(String name, InetSocketAddress target) throws IOException {
    this.name = name;
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "chaos-proxy-" + name + "-accept");
    acceptor.setDaemon(true);
  }

  /** Starts a proxy to {@code 127.0.0.1:targetPort}; {@code name} appears in thread names. */
  static ChaosProxy start(String name, int targetPort) throws IOException {
    ChaosProxy p =
        new ChaosProxy(name, new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
    p.acceptor.start();
    return p;
  }

  /** The port clients connect to. */
  int port() {
    return server.getLocalPort();
  }

  /** {@code 127.0.0.1:port}, for a dialer. */
  String address() {
    return "127.0.0.1:" + port();
  }

  String name() {
    return name;
  }

  /** Connections open now. */
  int openConnections() {
    return pipes.size();
  }

  /** Connections accepted since the start. */
  int acceptedConnections() {
    return accepted.get();
  }

  /** Bytes read and dropped by black holes since the start. */
  long bytesDropped() {
    return bytesDropped.get();
  }

  /** Connections cut inside a frame (armed cuts that fired) since the start. */
  int midFrameCuts() {
    return midFrameCuts.get();
  }

  /** Closes both sockets of every open connection. Returns how many were cut. */
  int cut() {
    return closeAll(false);
  }

  /** Resets (RST) both sockets of every open connection. Returns how many were reset. */
  int reset() {
    return closeAll(true);
  }

  private int closeAll(boolean rst) {
    int n = 0;
    for (Pipe p : List.copyOf(pipes)) {
      p.close(rst);
      n++;
    }
    return n;
  }

  /**
   * Drops, from now on, every byte of direction {@code d} on the connections open now; their
   * sockets stay open. New connections are not affected. Returns how many connections it hit.
   */
  int blackHole(Direction d) {
    int n = 0;
    for (Pipe p : pipes) {
      p.pump(d).blackHole = true;
      n++;
    }
    return n;
  }

  /**
   * Arms a cut on every open connection: the next frame in direction {@code d} is passed up to its
   * first {@code afterBytes} bytes (at most all but its last), then both sockets close. Returns how
   * many connections were armed.
   */
  int cutMidFrame(Direction d, int afterBytes) {
    if (afterBytes < 1) {
      throw new IllegalArgumentException("afterBytes must be >= 1, was " + afterBytes);
    }
    int n = 0;
    for (Pipe p : pipes) {
      p.pump(d).cutAfter = afterBytes;
      n++;
    }
    return n;
  }

  /** Holds every chunk this long before writing it on (zero: no delay). */
  void delay(Duration delay) {
    delayNanos = delay.toNanos();
  }

  /** Paces each direction of every connection to {@code bytesPerSecond} (0: unlimited). */
  void throttle(long bytesPerSecond) {
    if (bytesPerSecond < 0) {
      throw new IllegalArgumentException("bytesPerSecond must be >= 0, was " + bytesPerSecond);
    }
    this.bytesPerSecond = bytesPerSecond;
  }

  /** Stops accepting and cuts every connection. */
  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    cut();
    try {
      acceptor.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      Socket upstream = new Socket();
      try {
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        upstream.connect(target, 2000);
      } catch (IOException e) {
        closeQuietly(client, true);
        closeQuietly(upstream, true);
        continue; // the client sees a reset, like a refused connection
      }
      accepted.incrementAndGet();
      Pipe p = new Pipe(client, upstream, accepted.get());
      pipes.add(p);
      if (closed) {
        p.close(false);
        return;
      }
      p.start();
    }
  }

  private static void closeQuietly(Socket s, boolean rst) {
    try {
      if (rst) {
        s.setSoLinger(true, 0);
      }
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  /** One proxied connection: the client's socket, the target's socket, a pump each way. */
  private final class Pipe {
    private final Socket client;
    private final Socket upstream;
    private final Pump up;
    private final Pump down;
    private final AtomicInteger ended = new AtomicInteger();

    Pipe(Socket client, Socket upstream, int n) {
      this.client = client;
      this.upstream = upstream;
      this.up = new Pump(this, client, upstream, "chaos-proxy-" + name + "-" + n + "-up");
      this.down = new Pump(this, upstream, client, "chaos-proxy-" + name + "-" + n + "-down");
    }

    Pump pump(Direction d) {
      return d == Direction.UPSTREAM ? up : down;
    }

    void start() {
      up.thread.start();
      down.thread.start();
    }

    /** One direction reached its end of stream; the whole pipe goes when both did. */
    void endedOne() {
      if (ended.incrementAndGet() == 2) {
        close(false);
      }
    }

    void close(boolean rst) {
      pipes.remove(this);
      closeQuietly(client, rst);
      closeQuietly(upstream, rst);
    }
  }

  /** Copies one direction; its thread ends with the stream or the pipe. */
  private final class Pump implements Runnable {
    private final Pipe pipe;
    private final Socket from;
    private final Socket to;
    private final Thread thread;
    private final WebSocketFrameTracker frames = new WebSocketFrameTracker();
    volatile boolean blackHole;
    volatile int cutAfter;

    Pump(Pipe pipe, Socket from, Socket to, String threadName) {
      this.pipe = pipe;
      this.from = from;
      this.to = to;
      this.thread = new Thread(this, threadName);
      thread.setDaemon(true);
    }

    @Override
    public void run() {
      byte[] buf = new byte[16 * 1024];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        while (true) {
          long bps = bytesPerSecond;
          int max = bps > 0 ? (int) Math.max(1, Math.min(buf.length, bps / 20)) : buf.length;
          int n = in.read(buf, 0, max);
          long readAt = System.nanoTime();
          if (n < 0) {
            try {
              to.shutdownOutput();
            } catch (IOException e) {
              // the other side is gone already
            }
            pipe.endedOne();
            return;
          }
          if (blackHole) {
            bytesDropped.addAndGet(n);
            continue;
          }
          int cut = cutAfter;
          int pass = frames.feed(buf, 0, n, cut);
          long d = delayNanos;
          if (d > 0) {
            sleepUntil(readAt + d);
          }
          if (bps > 0) {
            sleepUntil(System.nanoTime() + n * 1_000_000_000L / bps);
          }
          if (pass >= 0) {
            out.write(buf, 0, pass);
            out.flush();
            midFrameCuts.incrementAndGet();
            pipe.close(false);
            return;
          }
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (SocketException e) {
        pipe.close(false); // closed by a fault, by the other pump, or by a peer's reset
      } catch (IOException e) {
        pipe.close(false);
      }
    }

    /** The proxy's own pacing: a fault being simulated, not a wait in a test. */
    private void sleepUntil(long deadlineNanos) {
      for (long left; (left = deadlineNanos - System.nanoTime()) > 0; ) {
        LockSupport.parkNanos(left);
      }
    }
  }
}
