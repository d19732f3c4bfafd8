package io.eegrid.mux;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eegrid.GridClock;
import io.eegrid.GridConfig;
import io.eegrid.GridManager;
import io.eegrid.HandlerOptions;
import io.eegrid.protocol.FrameWriter;
import io.eegrid.protocol.Message;
import io.eegrid.protocol.Op;
import io.eegrid.protocol.Payloads;
import io.eegrid.transport.Transport;
import io.eegrid.transport.TransportListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The link closing while the inbound path is starting a handler. The race is made deterministic
 * with the grid's clock: the I/O thread reads it while building the new stream, after its last "is
 * the link closed?" check and before registering the stream, and the test clock parks it there
 * until the link has closed on another thread.
 */
@Timeout(30)
class SessionCloseRaceTest {
  private static final String SECRET = "close-race-secret";
  private static final String LOCAL = "a:1";

  private GridManager grid;

  @AfterEach
  void tearDown() {
    if (grid != null) {
      grid.close();
    }
  }

  /**
   * Bug: a CONNECT_MUX read just before the link closed registered its stream after close() had
   * cancelled every handler; the handler then ran with nobody to cancel it (the stream ping check
   * stopped with the link), blocking a thread until its deadline, forever without one. PROTOCOL.md
   * 17: when a link ends, every handler serving the peer is cancelled. MinIO's bug 5.3 is this race
   * on the caller's side (a disconnect while a call is being set up).
   */
  @Test
  void handlerStartedWhileTheLinkClosesIsCancelled() throws Exception {
    ParkingClock clock = new ParkingClock();
    AtomicBoolean started = new AtomicBoolean();
    CountDownLatch cancelled = new CountDownLatch(1);
    String dialer = dialerOf(LOCAL);
    grid =
        GridManager.builder()
            .localHost(LOCAL)
            .hosts(List.of(LOCAL, dialer))
            .secret(SECRET)
            .clock(clock)
            .config(GridConfig.builder().shutdownGracePeriod(Duration.ZERO).build())
            .dialer(
                (remote, headers, listener, timeout, max) -> {
                  throw new IOException("no network in this test");
                })
            .streamHandler(
                "wait",
                (ctx, p, in, out) -> {
                  started.set(true);
                  ctx.onCancel(cancelled::countDown);
                  cancelled.await(20, TimeUnit.SECONDS);
                },
                new HandlerOptions(null, 2, 2))
            .build();
    Peer peer = new Peer();
    peer.listener = grid.accept(peer);
    long now = System.currentTimeMillis();
    peer.send(
        Message.of(
            0,
            0,
            Op.CONNECT,
            0,
            Payloads.encode(
                new Payloads.ConnectRequest(
                    1,
                    UUID.randomUUID(),
                    dialer,
                    now,
                    AuthToken.create(SECRET.getBytes(UTF_8), dialer, now)))));
    await().atMost(Duration.ofSeconds(10)).until(() -> peer.connectResponse.get() != null);

    // The I/O thread passes the closed checks, then parks in the clock while building the stream
    // (its first clock read is the frame's arrival time, its second the stream's first sign).
    CompletableFuture<Void> io =
        CompletableFuture.runAsync(
            () -> {
              clock.parkCallOf(Thread.currentThread(), 2);
              peer.send(new Message(5, 0, 0, "wait", Op.CONNECT_MUX, 0, null, null));
            });
    assertThat(clock.parked.await(10, TimeUnit.SECONDS)).as("I/O thread parked").isTrue();
    peer.listener.onClosed("1006 peer vanished (test)");
    clock.release.countDown();
    io.get(10, TimeUnit.SECONDS);

    // Either the handler never starts, or it is cancelled: never left running.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(!started.get() || cancelled.getCount() == 0)
                    .as("handler started after the link closed, and was never cancelled")
                    .isTrue());
    Session session = ((Grid) grid).connectionFor(dialer).session();
    assertThat(session).as("no open session after the close").isNull();
  }

  private static String dialerOf(String local) {
    for (int i = 0; ; i++) {
      String h = "p" + i + ":1";
      if (DialRule.dials(h, local)) {
        return h;
      }
    }
  }

  /** The system clock, except that it parks one chosen thread's n-th call until released. */
  private static final class ParkingClock implements GridClock {
    final CountDownLatch parked = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private volatile Thread target;
    private int calls; // target thread only

    void parkCallOf(Thread t, int n) {
      calls = n;
      target = t;
    }

    @Override
    public long nanoTime() {
      if (Thread.currentThread() == target && --calls == 0) {
        target = null;
        parked.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return System.nanoTime();
    }

    @Override
    public long currentTimeMillis() {
      return System.currentTimeMillis();
    }
  }

  /** The remote end of the link: writes frames into the node, collects its handshake answer. */
  private static final class Peer implements Transport {
    final AtomicReference<byte[]> connectResponse = new AtomicReference<>();
    final FrameWriter writer = new FrameWriter();
    volatile TransportListener listener;

    @Override
    public void send(ByteBuffer frame, SendCallback callback) {
      connectResponse.compareAndSet(null, new byte[0]);
      callback.onSent(null);
    }

    @Override
    public void close(String reason) {}

    @Override
    public boolean isSecure() {
      return false;
    }

    @Override
    public String remoteAddress() {
      return "race-peer";
    }

    synchronized void send(Message m) {
      writer.reset();
      writer.writeMessage(m, true);
      listener.onFrame(ByteBuffer.wrap(writer.toByteArray()));
    }
  }
}
