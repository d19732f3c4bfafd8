package io.eegrid.embedded;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eegrid.transport.TransportListener;
import io.eegrid.websocket.WebSocketDialer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A peer that accepts the TCP connection but never answers the upgrade: the dial gives up after the
 * grid's dial timeout. Without passing the timeout to Tyrus the way it reads it, the dial waited
 * Tyrus's own 30 s, past this test's limit.
 */
class DialTimeoutTest {
  @Test
  @Timeout(15)
  void dialToAPeerThatNeverAnswersEndsAfterTheDialTimeout() throws Exception {
    ClientManager client = ClientManager.createClient();
    AtomicReference<Socket> accepted = new AtomicReference<>();
    Thread acceptor = null;
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      acceptor =
          new Thread(
              () -> {
                try (Socket s = silent.accept()) {
                  accepted.set(s);
                  s.getInputStream().readAllBytes(); // reads the upgrade, answers nothing
                } catch (IOException e) {
                  // closed by the test
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      WebSocketDialer dialer = new WebSocketDialer(client, "/grid/v1", false);
      TransportListener ignore =
          new TransportListener() {
            @Override
            public void onFrame(ByteBuffer frame) {}

            @Override
            public void onClosed(String reason) {}
          };
      assertThatThrownBy(
              () ->
                  dialer.dial(
                      "127.0.0.1:" + silent.getLocalPort(),
                      Map.of(),
                      ignore,
                      Duration.ofMillis(500),
                      1 << 20))
          .isInstanceOf(IOException.class);
    } finally {
      // Close the silent peer's end, so that Tyrus's abandoned connect task ends too, and leaves
      // no thread behind for the tests that run after this one in the same JVM.
      Socket s = accepted.get();
      if (s != null) {
        s.close();
      }
      if (acceptor != null) {
        acceptor.join(5_000);
      }
      client.shutdown();
    }
  }
}
