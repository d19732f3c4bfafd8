package io.eegrid.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.eegrid.CallOptions;
import io.eegrid.Connection;
import io.eegrid.ConnectionState;
import io.eegrid.ErrorCode;
import io.eegrid.RemoteException;
import io.eegrid.TypedStream;
import io.eegrid.cdi.GridPeer;
import io.eegrid.cdi.PeerConnected;
import io.eegrid.cdi.PeerDisconnected;
import io.eegrid.cdi.PeerRejected;
import io.eegrid.embedded.app.AppExecutors;
import io.eegrid.embedded.app.CallOnConnect;
import io.eegrid.embedded.app.Caller;
import io.eegrid.embedded.app.CountHandler;
import io.eegrid.embedded.app.EchoHandler;
import io.eegrid.embedded.app.FixedPeerClient;
import io.eegrid.embedded.app.GreetHandler;
import io.eegrid.embedded.app.Greeting;
import io.eegrid.embedded.app.PeerEvents;
import io.eegrid.embedded.app.Reply;
import io.eegrid.embedded.app.SlowHandler;
import io.eegrid.embedded.app.SumHandler;
import io.eegrid.embedded.app.WhoRuns;
import io.eegrid.embedded.app.WhoRunsDirect;
import io.eegrid.testing.Fixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Nodes of the embedded default forming a grid through CDI only: the same application (handler
 * beans, a caller bean, an event observer) deployed on each node, configured by MicroProfile
 * Config, served by Tyrus on loopback. Nothing is wired by hand.
 */
@Timeout(60)
class EmbeddedGridTest {
  static final List<Class<?>> APP =
      List.of(
          EchoHandler.class,
          GreetHandler.class,
          CountHandler.class,
          SumHandler.class,
          Caller.class,
          PeerEvents.class);
  static final String SECRET = "embedded-grid-test-secret-0123456789";

  private final List<EmbeddedNode> nodes = new ArrayList<>();
  private Set<Thread> before;

  @BeforeEach
  void rememberThreads() {
    before = Thread.getAllStackTraces().keySet();
  }

  /** Closing every node leaves no thread behind that the test's nodes started (bounded wait). */
  @AfterEach
  void closeNodesAndCheckThreads() {
    nodes.forEach(EmbeddedNode::close);
    Fixtures.assertNoGridThreads();
    await("threads of the closed nodes to end")
        .pollInSameThread()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(newThreads()).isEmpty());
  }

  private List<String> newThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !before.contains(t))
        .filter(t -> !t.getName().startsWith("ForkJoinPool.commonPool"))
        .map(t -> t.getName() + (t.isDaemon() ? " (daemon)" : ""))
        .toList();
  }

  @Test
  void twoNodesCallEachOthersHandlersWithSingleRequestsAndStreams() throws Exception {
    List<String> hosts = LocalGrid.freeLoopbackHosts(2);
    EmbeddedNode a = start(hosts.get(0), hosts, SECRET);
    EmbeddedNode b = start(hosts.get(1), hosts, SECRET);
    awaitConnected(a, b);

    for (EmbeddedNode[] pair : new EmbeddedNode[][] {{a, b}, {b, a}}) {
      EmbeddedNode from = pair[0];
      EmbeddedNode to = pair[1];
      Caller caller = from.bean(Caller.class);
      Connection peer = caller.peers().select(GridPeer.Literal.of(to.localHost())).get();

      assertThat(peer.request("echo", new byte[] {1, 2, 3}, CallOptions.defaults()))
          .containsExactly(1, 2, 3);
      byte[] big = new byte[1 << 20];
      big[big.length - 1] = 7;
      assertThat(peer.request("echo", big, CallOptions.defaults())).isEqualTo(big);

      Reply reply = caller.greet().call(peer, new Greeting(from.localHost(), 2));
      assertThat(reply.node()).isEqualTo(to.localHost());
      assertThat(reply.lines())
          .containsExactly(
              "hello " + from.localHost() + " from " + to.localHost(),
              "hello " + from.localHost() + " from " + to.localHost());

      List<Integer> counted = new ArrayList<>();
      try (TypedStream.Call<Void, Integer> call =
          caller.count().open(peer, 100, CallOptions.defaults())) {
        for (Integer i; (i = call.next()) != null; ) {
          counted.add(i);
        }
      }
      assertThat(counted).hasSize(100).startsWith(0, 1, 2).endsWith(99);

      try (TypedStream.Call<Long, Long> call =
          caller.sum().open(peer, 1000L, CallOptions.defaults())) {
        call.send(1L);
        assertThat(call.next()).isEqualTo(1001L);
        call.send(10L);
        assertThat(call.next()).isEqualTo(1011L);
        call.closeRequests();
        assertThat(call.next()).isNull();
      }
    }
    assertThat(a.bean(Caller.class).peers().stream().map(Connection::remoteHost))
        .containsExactly(b.localHost());
  }

  @Test
  void eventsReportConnectedDisconnectedAndRejectedPeers() throws Exception {
    List<String> hosts = LocalGrid.freeLoopbackHosts(3);
    EmbeddedNode a = start(hosts.get(0), hosts, SECRET);
    EmbeddedNode b = start(hosts.get(1), hosts, SECRET);
    awaitConnected(a, b);
    PeerEvents aEvents = a.bean(PeerEvents.class);
    // Listeners run on the grid's event thread, after the state change: wait for the event
    await("connection reported")
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(aEvents.events())
                    .filteredOn(PeerConnected.class::isInstance)
                    .map(e -> ((PeerConnected) e).host())
                    .contains(b.localHost()));

    // A third node with the wrong secret is refused, and both sides hear of it.
    EmbeddedNode c = start(hosts.get(2), hosts, "another-secret-of-enough-length-42");
    await("rejection reported")
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                aEvents.events().stream().anyMatch(PeerRejected.class::isInstance)
                    && c.bean(PeerEvents.class).events().stream()
                        .anyMatch(PeerRejected.class::isInstance));
    assertThat(a.grid().connection(c.localHost()).state()).isNotEqualTo(ConnectionState.CONNECTED);

    b.close();
    await("disconnect reported")
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                aEvents.events().stream()
                    .anyMatch(
                        e -> e instanceof PeerDisconnected d && d.host().equals(b.localHost())));
  }

  @Test
  void closedNodeReleasesItsPortAndRefusesCalls() throws Exception {
    List<String> hosts = LocalGrid.freeLoopbackHosts(2);
    EmbeddedNode a = start(hosts.get(0), hosts, SECRET);
    EmbeddedNode b = start(hosts.get(1), hosts, SECRET);
    awaitConnected(a, b);
    Connection toB = a.bean(Caller.class).peers().select(GridPeer.Literal.of(b.localHost())).get();
    int port = b.port();
    b.close();
    assertThatThrownBy(() -> toB.request("echo", new byte[1], CallOptions.defaults()))
        .isInstanceOf(io.eegrid.GridException.class);
    // Grizzly closes its listener on its own thread: the port is free soon after close returns
    await("port " + port + " released")
        .atMost(Duration.ofSeconds(10))
        .ignoreException(java.net.BindException.class)
        .untilAsserted(
            () -> {
              try (ServerSocket again =
                  new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(again.getLocalPort()).isEqualTo(port);
              }
            });
  }

  @Test
  void stoppingNodeRefusesNewCallsLetsRunningOnesFinishThenCloses() throws Exception {
    SlowHandler.entered = new CountDownLatch(1);
    SlowHandler.release = new CountDownLatch(1);
    List<String> hosts = LocalGrid.freeLoopbackHosts(2);
    List<Class<?>> app = appWith(SlowHandler.class);
    EmbeddedNode a = start(hosts.get(0), hosts, SECRET, app);
    EmbeddedNode b = start(hosts.get(1), hosts, SECRET, app);
    awaitConnected(a, b);
    Connection toB = a.grid().connection(b.localHost());

    CompletableFuture<byte[]> running =
        toB.requestAsync("slow", new byte[0], CallOptions.defaults());
    assertThat(SlowHandler.entered.await(20, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> stopping = CompletableFuture.runAsync(b::close);

    // While b drains, a new call is refused with SHUTTING_DOWN; the running one goes on.
    await("new calls refused")
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThatThrownBy(() -> toB.request("echo", new byte[1], CallOptions.defaults()))
                    .isInstanceOfSatisfying(
                        RemoteException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SHUTTING_DOWN)));
    assertThat(stopping).isNotDone();
    assertThat(running).isNotDone();

    SlowHandler.release.countDown();
    assertThat(running.get(20, TimeUnit.SECONDS))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("done");
    stopping.get(20, TimeUnit.SECONDS);
  }

  @Test
  void connectionInjectedByPeerNameInTheAnnotation() throws Exception {
    List<String> hosts = List.of("127.0.0.1:47811", FixedPeerClient.PEER);
    List<Class<?>> withClient = appWith(FixedPeerClient.class);
    EmbeddedNode a = start(hosts.get(0), hosts, SECRET, withClient);
    EmbeddedNode b = start(hosts.get(1), hosts, SECRET, APP);
    awaitConnected(a, b);
    Connection peer = a.bean(FixedPeerClient.class).peer();
    assertThat(peer.remoteHost()).isEqualTo(b.localHost());
    assertThat(peer.request("echo", new byte[] {42}, CallOptions.defaults())).containsExactly(42);
  }

  @Test
  void handlersRunOnTheApplicationsGridExecutorsWhichTheGridDoesNotShutDown() throws Exception {
    AppExecutors.shutDownByTheApplication = false;
    List<String> hosts = LocalGrid.freeLoopbackHosts(2);
    List<Class<?>> app = appWith(WhoRuns.class);
    List<Class<?>> withExecutors = appWith(WhoRuns.class, WhoRunsDirect.class, AppExecutors.class);
    EmbeddedNode a = start(hosts.get(0), hosts, SECRET, app);
    EmbeddedNode b = start(hosts.get(1), hosts, SECRET, withExecutors);
    awaitConnected(a, b);
    byte[] name =
        a.grid().connection(b.localHost()).request("whoruns", null, CallOptions.defaults());
    assertThat(new String(name, StandardCharsets.UTF_8)).startsWith("app-pool-");
    byte[] direct =
        a.grid().connection(b.localHost()).request("whoruns.direct", null, CallOptions.defaults());
    assertThat(new String(direct, StandardCharsets.UTF_8))
        .as("@GridHandler(nonBlocking = true) runs on the WebSocket thread")
        .doesNotStartWith("app-pool-")
        .doesNotStartWith("eegrid-");
    b.close();
    assertThat(AppExecutors.shutDownByTheApplication)
        .as("the pools were still running when the application shut them down")
        .isTrue();
  }

  /**
   * An observer of PeerConnected may call the peer that just connected. When the events were fired
   * on the connection's WebSocket read thread, this call could never read its response and ran into
   * its deadline (found on Open Liberty). Asynchronous observers are notified too.
   */
  @Test
  void peerConnectedObserverMayCallThatPeer() throws Exception {
    List<String> hosts = LocalGrid.freeLoopbackHosts(2);
    List<Class<?>> app = appWith(CallOnConnect.class);
    EmbeddedNode a = start(hosts.get(0), hosts, SECRET, app);
    EmbeddedNode b = start(hosts.get(1), hosts, SECRET, app);
    awaitConnected(a, b);
    for (EmbeddedNode[] pair : new EmbeddedNode[][] {{a, b}, {b, a}}) {
      CallOnConnect observer = pair[0].bean(CallOnConnect.class);
      await("the observer's call")
          .atMost(Duration.ofSeconds(20))
          .until(() -> !observer.outcomes().isEmpty() && !observer.asyncSeen().isEmpty());
      assertThat(observer.outcomes()).containsExactly("ok " + pair[1].localHost() + " 1");
      assertThat(observer.asyncSeen()).containsExactly(pair[1].localHost());
    }
  }

  /** The test application with {@code more} bean classes. */
  private static List<Class<?>> appWith(Class<?>... more) {
    List<Class<?>> app = new ArrayList<>(APP);
    app.addAll(List.of(more));
    return app;
  }

  private EmbeddedNode start(String local, List<String> hosts, String secret) throws IOException {
    return start(local, hosts, secret, APP);
  }

  private EmbeddedNode start(String local, List<String> hosts, String secret, List<Class<?>> app)
      throws IOException {
    EmbeddedNode node =
        EmbeddedNode.start(
            Map.of(
                "grid.local",
                local,
                "grid.peers",
                String.join(",", hosts),
                "grid.auth.secret",
                secret,
                "grid.reconnect.max-delay",
                "500ms"),
            app);
    nodes.add(node);
    return node;
  }

  private static void awaitConnected(EmbeddedNode... group) {
    for (EmbeddedNode n : group) {
      for (EmbeddedNode m : group) {
        if (n != m) {
          assertThat(n.grid().connection(m.localHost()).awaitConnected(Duration.ofSeconds(20)))
              .as("%s connected to %s", n.localHost(), m.localHost())
              .isTrue();
        }
      }
    }
  }
}
