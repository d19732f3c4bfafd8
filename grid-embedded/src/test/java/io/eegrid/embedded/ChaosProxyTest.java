package io.eegrid.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.eegrid.embedded.ChaosProxy.Direction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The chaos proxy on its own, in front of an echo server that records what reaches it. */
@Timeout(30)
class ChaosProxyTest {
  private static final byte[] HANDSHAKE =
      "GET /grid/v1 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private EchoServer echo;
  private ChaosProxy proxy;
  private Socket client;

  @BeforeEach
  void start() throws IOException {
    echo = new EchoServer();
    proxy = ChaosProxy.start("test", echo.server.getLocalPort());
    client = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
    client.setSoTimeout(10_000);
    await().atMost(Duration.ofSeconds(5)).until(() -> proxy.openConnections() == 1);
  }

  @AfterEach
  void stop() throws IOException {
    client.close();
    proxy.close();
    echo.close();
    await("proxy threads to end")
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith("chaos-proxy-test")));
  }

  @Test
  void passesBytesBothWaysAndPassesTheHalfClose() throws Exception {
    byte[] data = random(100_000);
    assertThat(sendAndReadBack(data)).isEqualTo(data);
  }

  @Test
  void delayAndThrottleKeepTheBytesIntact() throws Exception {
    proxy.delay(Duration.ofMillis(5));
    proxy.throttle(400_000);
    byte[] data = random(60_000);
    assertThat(sendAndReadBack(data)).isEqualTo(data);
  }

  @Test
  void cutClosesBothSockets() throws IOException {
    roundTrip();
    assertThat(proxy.cut()).isEqualTo(1);
    assertThat(client.getInputStream().read()).isEqualTo(-1);
    await().atMost(Duration.ofSeconds(5)).until(() -> echo.ended.size() == 1);
    assertThat(proxy.openConnections()).isZero();
  }

  @Test
  void resetSendsAnRst() throws IOException {
    roundTrip();
    assertThat(proxy.reset()).isEqualTo(1);
    assertThatThrownBy(() -> client.getInputStream().read())
        .isInstanceOf(SocketException.class)
        .hasMessageContaining("reset");
  }

  @Test
  void blackHoleDropsOneDirectionAndKeepsTheSocketOpen() throws IOException {
    roundTrip();
    assertThat(proxy.blackHole(Direction.DOWNSTREAM)).isEqualTo(1);
    byte[] data = random(1000);
    client.getOutputStream().write(data);
    await().atMost(Duration.ofSeconds(5)).until(() -> echo.received(0).length == 1 + 1000);
    await().atMost(Duration.ofSeconds(5)).until(() -> proxy.bytesDropped() == 1000);
    assertThat(client.getInputStream().available()).isZero();
    client.getOutputStream().write(1); // still open upstream
    await().atMost(Duration.ofSeconds(5)).until(() -> echo.received(0).length == 1 + 1000 + 1);
  }

  @Test
  void cutMidFramePassesTheFrameHeadThenCloses() throws IOException {
    byte[] frameA = frame(true, 300); // 2 + 2 + 4 header bytes, 300 payload
    byte[] frameB = frame(true, 10);
    client.getOutputStream().write(HANDSHAKE);
    await().atMost(Duration.ofSeconds(5)).until(() -> echo.received(0).length == HANDSHAKE.length);
    assertThat(proxy.cutMidFrame(Direction.UPSTREAM, 5)).isEqualTo(1);
    client.getOutputStream().write(concat(frameA, frameB));
    await().atMost(Duration.ofSeconds(5)).until(() -> echo.ended.size() == 1);
    assertThat(echo.received(0))
        .isEqualTo(concat(HANDSHAKE, Arrays.copyOf(frameA, 5)))
        .as("the cut falls inside frame A");
    assertThat(proxy.midFrameCuts()).isEqualTo(1);
  }

  @Test
  void trackerFindsFrameBoundariesAcrossChunksAndLengthForms() {
    byte[] stream =
        concat(
            HANDSHAKE,
            frame(false, 5),
            frame(true, 0),
            frame(false, 200),
            frame(true, 70_000),
            frame(false, 1));
    Random r = new Random(7);
    for (int round = 0; round < 50; round++) {
      WebSocketFrameTracker t = new WebSocketFrameTracker();
      for (int off = 0; off < stream.length; ) {
        int n = Math.min(stream.length - off, 1 + r.nextInt(300));
        assertThat(t.feed(stream, off, n, 0)).isEqualTo(-1);
        off += n;
      }
      assertThat(t.frames()).isEqualTo(5);
    }
    // Cut points: inside the first frame after N bytes; a short frame is cut before its last byte;
    // an empty frame has no inside, so the cut falls in the next frame.
    int h = HANDSHAKE.length;
    assertThat(new WebSocketFrameTracker().feed(stream, 0, stream.length, 3)).isEqualTo(h + 3);
    assertThat(new WebSocketFrameTracker().feed(stream, 0, stream.length, 100))
        .isEqualTo(h + 2 + 5 - 1);
    byte[] emptyFirst = concat(HANDSHAKE, frame(false, 0), frame(false, 50));
    assertThat(new WebSocketFrameTracker().feed(emptyFirst, 0, emptyFirst.length, 4))
        .isEqualTo(h + 2 + 4);
  }

  /**
   * Writes {@code data}, half-closes, and reads the echo until its end (read on another thread).
   */
  private byte[] sendAndReadBack(byte[] data) throws Exception {
    CompletableFuture<byte[]> back =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return client.getInputStream().readAllBytes();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    client.getOutputStream().write(data);
    client.shutdownOutput();
    return back.get(20, TimeUnit.SECONDS);
  }

  private void roundTrip() throws IOException {
    client.getOutputStream().write(42);
    assertThat(client.getInputStream().read()).isEqualTo(42);
  }

  /** A binary WebSocket frame with a payload of {@code n} bytes, masked or not. */
  private static byte[] frame(boolean masked, int n) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(0x82);
    int mask = masked ? 0x80 : 0;
    if (n < 126) {
      b.write(mask | n);
    } else if (n < 65536) {
      b.write(mask | 126);
      b.write(n >>> 8);
      b.write(n);
    } else {
      b.write(mask | 127);
      for (int k = 7; k >= 0; k--) {
        b.write((int) ((long) n >>> (8 * k)));
      }
    }
    if (masked) {
      b.writeBytes(new byte[] {1, 2, 3, 4});
    }
    b.writeBytes(random(n));
    return b.toByteArray();
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }

  /** Echoes every connection and records what each one received; one thread per connection. */
  private static final class EchoServer implements AutoCloseable {
    final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    final List<ByteArrayOutputStream> received = new CopyOnWriteArrayList<>();
    final List<Integer> ended = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    EchoServer() throws IOException {
      Thread t = new Thread(this::accept, "chaos-proxy-test-echo");
      t.setDaemon(true);
      t.start();
    }

    byte[] received(int i) {
      if (received.size() <= i) {
        return new byte[0];
      }
      synchronized (received.get(i)) {
        return received.get(i).toByteArray();
      }
    }

    private void accept() {
      try {
        while (true) {
          Socket s = server.accept();
          sockets.add(s);
          ByteArrayOutputStream rec = new ByteArrayOutputStream();
          received.add(rec);
          int index = received.size() - 1;
          Thread t = new Thread(() -> serve(s, rec, index), "chaos-proxy-test-echo-" + index);
          t.setDaemon(true);
          t.start();
        }
      } catch (IOException e) {
        // closed
      }
    }

    private void serve(Socket s, ByteArrayOutputStream rec, int index) {
      byte[] buf = new byte[8192];
      try (s) {
        InputStream in = s.getInputStream();
        for (int n; (n = in.read(buf)) >= 0; ) {
          synchronized (rec) {
            rec.write(buf, 0, n);
          }
          s.getOutputStream().write(buf, 0, n);
        }
      } catch (IOException e) {
        // reset or closed: recorded as ended below
      } finally {
        ended.add(index);
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket s : sockets) {
        s.close();
      }
    }
  }
}
