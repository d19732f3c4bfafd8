package io.eegrid.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The example WAR, unchanged, on two server instances of one kind (a third one joins with the wrong
 * secret), tested over HTTP: what a user of the example sees. Subclasses name the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
abstract class GridScenarios {
  static final String SECRET = "integration-test-secret-0123456789";
  static final Duration START = Duration.ofMinutes(6);
  private static final Pattern NODE = Pattern.compile("\"node\":\"([^\"]+)\"");

  ServerNode a;
  ServerNode b;
  ServerNode c;
  List<String> peers;

  abstract ServerNode node(String name, int port);

  @BeforeAll
  void startThreeNodes() throws Exception {
    List<Integer> ports = freePorts(3);
    a = node("a", ports.get(0));
    b = node("b", ports.get(1));
    c = node("c", ports.get(2));
    peers = List.of(a.host(), b.host(), c.host());
    a.start(peers, SECRET);
    b.start(peers, SECRET);
    c.start(peers, SECRET);
    a.awaitReady(START);
    b.awaitReady(START);
    c.awaitReady(START);
    a.awaitConnected(List.of(b.host(), c.host()), Duration.ofSeconds(60));
    b.awaitConnected(List.of(a.host(), c.host()), Duration.ofSeconds(60));
    c.awaitConnected(List.of(a.host(), b.host()), Duration.ofSeconds(60));
  }

  @AfterAll
  void stopNodes() throws Exception {
    for (ServerNode n : new ServerNode[] {a, b, c}) {
      if (n != null) {
        n.close();
      }
    }
  }

  @Test
  @Order(1)
  void valueWrittenOnOneNodeIsReadOnTheOther() throws Exception {
    String onA = keyOwnedBy(a, "user-");
    String onB = keyOwnedBy(b, "user-");
    for (String k : List.of(onA, onB)) {
      Http.Reply get = Http.get(b.base() + "/api/kv/" + k);
      assertThat(get.status()).as(get.body()).isEqualTo(200);
      assertThat(get.body()).contains("\"value\":\"v-" + k + "\"");
    }
    assertThat(Http.get(b.base() + "/api/kv/" + onA).body()).contains(a.host());
    assertThat(Http.get(a.base() + "/api/kv/" + onB).body()).contains(b.host());
  }

  @Test
  @Order(2)
  void scanReturnsTheKeysOfAllNodesInOrder() throws Exception {
    List<String> keys = new ArrayList<>();
    for (int i = 0; keys.size() < 20; i++) {
      String k = String.format("scan-%02d", i);
      ServerNode via = i % 2 == 0 ? a : b;
      if (put(via, k, "s" + i)) {
        keys.add(k);
      }
    }
    Http.Reply scan = Http.get(b.base() + "/api/kv?prefix=scan-");
    assertThat(scan.status()).as(scan.body()).isEqualTo(200);
    List<Integer> at = new ArrayList<>();
    for (String k : keys) {
      at.add(scan.body().indexOf("\"key\":\"" + k + "\""));
    }
    assertThat(at).doesNotContain(-1).isSorted();
    assertThat(scan.body()).contains(a.host()).contains(b.host()).contains(c.host());
  }

  @Test
  @Order(3)
  void clusterInfoListsEveryNode() throws Exception {
    Http.Reply r = Http.get(a.base() + "/api/cluster");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    for (ServerNode n : List.of(a, b, c)) {
      assertThat(r.body()).contains("\"node\":\"" + n.host() + "\"");
    }
    assertThat(r.body()).contains("\"keys\"").doesNotContain("unavailable");
  }

  @Test
  @Order(4)
  void nodeWithTheWrongSecretIsRefusedAndSaysWhy() throws Exception {
    c.stop();
    c.start(peers, "a-different-secret-of-enough-length");
    c.awaitReady(START);
    await("refusals reported on both sides")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () ->
                Http.get(a.base() + "/api/status").body().contains("token does not match")
                    || Http.get(b.base() + "/api/status").body().contains("token does not match"));
    await("the refused node says why")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> Http.get(c.base() + "/api/status").body().contains("token"));
    assertThat(ServerNode.connected(Http.get(a.base() + "/api/status").body(), c.host())).isFalse();
    c.stop();
  }

  @Test
  @Order(5)
  void stoppedNodeFailsFastWhileTheOtherGoesOnAndRestartRestoresTheGrid() throws Exception {
    String onA = keyOwnedBy(a, "after-");
    String onB = keyOwnedBy(b, "after-");
    b.stop();
    long t0 = System.nanoTime();
    Http.Reply down = Http.call(a.base() + "/api/kv/" + onB, "PUT", "x");
    assertThat(down.status()).as(down.body()).isEqualTo(503);
    assertThat(down.body()).contains(b.host());
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    assertThat(Http.call(a.base() + "/api/kv/" + onA, "PUT", "still").status()).isEqualTo(200);

    b.start(peers, SECRET);
    b.awaitReady(START);
    a.awaitConnected(List.of(b.host()), Duration.ofSeconds(60));
    assertThat(Http.call(a.base() + "/api/kv/" + onB, "PUT", "back").status()).isEqualTo(200);
    Http.Reply back = Http.get(b.base() + "/api/kv/" + onB);
    assertThat(back.status()).as("%s: %s", b.name, back.body()).isEqualTo(200);
    assertThat(back.body()).contains("\"value\":\"back\"");
  }

  /**
   * Writes a key through {@code via}; false when its owner is the third node, which is down for
   * most of the tests (a 503 naming it), true when stored.
   */
  boolean put(ServerNode via, String key, String value) throws IOException {
    Http.Reply put = Http.call(via.base() + "/api/kv/" + key, "PUT", value);
    if (put.status() == 503 && put.body().contains(c.host())) {
      return false;
    }
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    return true;
  }

  /** Writes keys through {@code a} until one lands on {@code owner}; returns it. */
  String keyOwnedBy(ServerNode owner, String prefix) throws IOException {
    for (int i = 0; i < 200; i++) {
      String k = prefix + i;
      Http.Reply put = Http.call(a.base() + "/api/kv/" + k, "PUT", "v-" + k);
      if (put.status() == 503 && put.body().contains(c.host())) {
        continue; // owned by the third node, down
      }
      assertThat(put.status()).as(put.body()).isEqualTo(200);
      Matcher m = NODE.matcher(put.body());
      if (m.find() && m.group(1).equals(owner.host())) {
        return k;
      }
    }
    throw new AssertionError("no key of 200 landed on " + owner.host());
  }

  static List<Integer> freePorts(int n) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }
}
