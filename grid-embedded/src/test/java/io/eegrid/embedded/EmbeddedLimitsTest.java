package io.eegrid.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eegrid.CallOptions;
import io.eegrid.Connection;
import io.eegrid.ErrorCode;
import io.eegrid.RemoteException;
import io.eegrid.embedded.app.EchoHandler;
import io.eegrid.embedded.app.SlowHandler;
import io.eegrid.mux.AuthToken;
import io.eegrid.mux.DialRule;
import io.eegrid.testing.LogCapture;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The limits that guard a node from a peer (docs/PROTOCOL.md section 18), over real Tyrus
 * WebSockets: each violating link is refused or dropped with a reason, and the grid's own link
 * between two nodes is not disturbed.
 */
@Timeout(60)
class EmbeddedLimitsTest {
  static final List<Class<?>> APP = List.of(EchoHandler.class, SlowHandler.class);
  static final String SECRET = "embedded-limits-test-secret-0123456789";

  private final List<EmbeddedNode> nodes = new ArrayList<>();
  private final ClientManager raw = ClientManager.createClient();
  private final LogCapture capture = new LogCapture();
  private final Logger gridLog = Logger.getLogger("io.eegrid.mux.Grid");

  @AfterEach
  void closeAll() {
    SlowHandler.release.countDown();
    raw.shutdown();
    nodes.forEach(EmbeddedNode::close);
    gridLog.removeHandler(capture);
  }

  private EmbeddedNode start(String local, List<String> hosts, Map<String, String> extra)
      throws Exception {
    Map<String, String> p = new HashMap<>(extra);
    p.put("grid.local", local);
    p.put("grid.peers", String.join(",", hosts));
    p.put("grid.auth.secret", SECRET);
    EmbeddedNode node = EmbeddedNode.start(p, APP);
    nodes.add(node);
    return node;
  }

  /** A loopback host name, in no node's hands, that dials {@code target} by the dial rule. */
  private static String ghostDialing(String target) {
    for (int port = 1; ; port++) {
      String h = "127.0.0.1:" + port;
      if (!h.equals(target) && DialRule.dials(h, target)) {
        return h;
      }
    }
  }

  /** Opens a raw WebSocket to {@code node}'s grid endpoint; completes with its close reason. */
  private CompletableFuture<CloseReason> upgrade(EmbeddedNode node, String host, String token)
      throws Exception {
    CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    ClientEndpointConfig config =
        ClientEndpointConfig.Builder.create()
            .configurator(
                new ClientEndpointConfig.Configurator() {
                  @Override
                  public void beforeRequest(Map<String, List<String>> headers) {
                    headers.put("X-EEGrid-Host", List.of(host));
                    headers.put("X-EEGrid-Token", List.of(token));
                  }
                })
            .build();
    raw.connectToServer(
        new Endpoint() {
          @Override
          public void onOpen(Session session, EndpointConfig c) {}

          @Override
          public void onClose(Session session, CloseReason reason) {
            closed.complete(reason);
          }
        },
        config,
        URI.create("ws://" + node.localHost() + "/grid/v1"));
    return closed;
  }

  private static void connected(EmbeddedNode a, EmbeddedNode b) {
    assertThat(a.grid().connection(b.localHost()).awaitConnected(Duration.ofSeconds(20))).isTrue();
    assertThat(a.grid().connection(b.localHost()).request("echo", new byte[] {5}))
        .containsExactly(5);
  }

  @Test
  void aFloodOfUpgradesWithBadTokensIsRefusedAndLoggedOnceWhileTheGridWorks() throws Exception {
    List<String> hosts = LocalGrid.freeLoopbackHosts(3);
    String ghost = ghostDialing(hosts.get(0));
    List<String> all = List.of(hosts.get(0), hosts.get(1), ghost);
    Map<String, String> quick = Map.of("grid.handshake-timeout", "1s");
    EmbeddedNode a = start(hosts.get(0), all, quick);
    EmbeddedNode b = start(hosts.get(1), all, quick);
    connected(a, b);
    gridLog.addHandler(capture);
    byte[] wrong = "not-the-secret-of-this-grid".getBytes(StandardCharsets.UTF_8);
    List<CompletableFuture<CloseReason>> closes = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String host = i % 2 == 0 ? ghost : "invented-" + i + ":1";
      closes.add(upgrade(a, host, AuthToken.create(wrong, host, System.currentTimeMillis())));
    }
    for (CompletableFuture<CloseReason> c : closes) {
      CloseReason r = c.get(20, TimeUnit.SECONDS);
      assertThat(r.getCloseCode().getCode()).isEqualTo(1008);
      assertThat(r.getReasonPhrase()).startsWith("refused: ");
    }
    connected(a, b); // the grid's own link is untouched
    connected(b, a);
    // No refusal sticks to the endpoint: a valid upgrade afterwards passes the upgrade check (and
    // is dropped later, by the handshake timeout, since this raw peer sends no CONNECT).
    CloseReason valid =
        upgrade(
                a,
                ghost,
                AuthToken.create(
                    SECRET.getBytes(StandardCharsets.UTF_8), ghost, System.currentTimeMillis()))
            .get(20, TimeUnit.SECONDS);
    assertThat(valid.getCloseCode().getCode()).isEqualTo(1001);
    assertThat(valid.getReasonPhrase()).contains("not done within 1000 ms");
    List<String> warnings = capture.at(Level.WARNING).stream().map(LogRecord::getMessage).toList();
    // One per peer entry: the ghost (a host of the list) and all invented names together.
    assertThat(warnings).hasSize(2);
    assertThat(warnings)
        .anySatisfy(w -> assertThat(w).contains(ghost).contains("token does not match"))
        .anySatisfy(w -> assertThat(w).contains("unknown host invented-"));
  }

  @Test
  void aPeerThatUpgradesButNeverSendsConnectIsDroppedAfterTheHandshakeTimeout() throws Exception {
    List<String> hosts = LocalGrid.freeLoopbackHosts(2);
    String ghost = ghostDialing(hosts.get(0));
    List<String> all = List.of(hosts.get(0), hosts.get(1), ghost);
    Map<String, String> quick = Map.of("grid.handshake-timeout", "1s");
    EmbeddedNode a = start(hosts.get(0), all, quick);
    EmbeddedNode b = start(hosts.get(1), all, quick);
    connected(a, b);
    CompletableFuture<CloseReason> closed =
        upgrade(
            a,
            ghost,
            AuthToken.create(
                SECRET.getBytes(StandardCharsets.UTF_8), ghost, System.currentTimeMillis()));
    CloseReason r = closed.get(20, TimeUnit.SECONDS); // a valid upgrade, then silence
    assertThat(r.getCloseCode().getCode()).isEqualTo(1001);
    assertThat(r.getReasonPhrase()).contains("not done within 1000 ms");
    connected(a, b);
  }

  @Test
  void callsOverMaxInboundCallsAreRefusedWithOverloadedAndTheConnectionGoesOn() throws Exception {
    SlowHandler.entered = new CountDownLatch(2);
    SlowHandler.release = new CountDownLatch(1);
    List<String> hosts = LocalGrid.freeLoopbackHosts(2);
    Map<String, String> two = Map.of("grid.max-inbound-calls", "2");
    EmbeddedNode a = start(hosts.get(0), hosts, two);
    EmbeddedNode b = start(hosts.get(1), hosts, two);
    connected(a, b);
    Connection toB = a.grid().connection(b.localHost());
    List<CompletableFuture<byte[]>> running = new ArrayList<>();
    running.add(toB.requestAsync("slow", new byte[0], CallOptions.defaults()));
    running.add(toB.requestAsync("slow", new byte[0], CallOptions.defaults()));
    assertThat(SlowHandler.entered.await(20, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> toB.request("echo", new byte[] {1}))
        .isInstanceOfSatisfying(
            RemoteException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.OVERLOADED);
              assertThat(e.remoteMessage()).contains("maxInboundCalls 2");
            });
    assertThat(b.grid().connection(a.localHost()).request("echo", new byte[] {2}))
        .containsExactly(2); // the other direction has its own count
    SlowHandler.release.countDown();
    for (CompletableFuture<byte[]> f : running) {
      assertThat(f.get(20, TimeUnit.SECONDS)).asString(StandardCharsets.UTF_8).isEqualTo("done");
    }
    assertThat(toB.request("echo", new byte[] {3})).containsExactly(3);
  }
}
