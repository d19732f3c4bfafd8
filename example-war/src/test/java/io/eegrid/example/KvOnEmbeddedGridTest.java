package io.eegrid.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.eegrid.embedded.EmbeddedNode;
import io.eegrid.embedded.LocalGrid;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The example application on three nodes of the embedded default, driven over HTTP exactly as a
 * user would: the same classes that go into the WAR, configured by MicroProfile Config.
 */
@Timeout(60)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KvOnEmbeddedGridTest {
  static final List<Class<?>> APP =
      List.of(
          Store.class,
          Owners.class,
          KvService.class,
          KvResource.class,
          ClusterResource.class,
          Handlers.PutHandler.class,
          Handlers.GetHandler.class,
          Handlers.DeleteHandler.class,
          Handlers.ScanHandler.class,
          Handlers.InfoHandler.class);

  static final List<EmbeddedNode> nodes = new ArrayList<>();
  static List<String> hosts;

  @BeforeAll
  static void startGrid() throws Exception {
    hosts = LocalGrid.freeLoopbackHosts(3);
    for (String h : hosts) {
      nodes.add(
          EmbeddedNode.start(
              Map.of(
                  "grid.local",
                  h,
                  "grid.peers",
                  String.join(",", hosts),
                  "grid.auth.secret",
                  "example-test-secret-0123456789",
                  "grid.reconnect.max-delay",
                  "500ms"),
              APP));
    }
    for (EmbeddedNode n : nodes) {
      n.grid()
          .connections()
          .forEach(c -> assertThat(c.awaitConnected(Duration.ofSeconds(20))).isTrue());
    }
  }

  @AfterAll
  static void stopGrid() {
    nodes.forEach(EmbeddedNode::close);
  }

  @Test
  @Order(1)
  void valueWrittenOnOneNodeIsReadOnAnother() throws Exception {
    // Keys owned by each of the three nodes, all written through node 0, read through node 1.
    List<String> keys = keysOwnedByEach("user-");
    for (String k : keys) {
      Reply put = send(0, "PUT", "/api/kv/" + k, "value of " + k);
      assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }
    for (String k : keys) {
      Reply get = send(1, "GET", "/api/kv/" + k, null);
      assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
      assertThat(get.body())
          .contains("\"value\":\"value of " + k + "\"")
          .contains("\"node\":\"" + Owners.owner(k, sorted()) + "\"");
    }
  }

  @Test
  @Order(2)
  void scanReturnsTheKeysOfAllNodesInOrder() throws Exception {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String k = String.format("scan-%02d", i);
      keys.add(k);
      assertThat(send(i % 3, "PUT", "/api/kv/" + k, "v" + i).statusCode()).isEqualTo(200);
    }
    Reply scan = send(2, "GET", "/api/kv?prefix=scan-", null);
    assertThat(scan.statusCode()).as(scan.body()).isEqualTo(200);
    List<Integer> positions = new ArrayList<>();
    for (String k : keys) {
      positions.add(scan.body().indexOf("\"key\":\"" + k + "\""));
    }
    assertThat(positions).doesNotContain(-1).isSorted();
    for (String h : hosts) {
      assertThat(scan.body()).contains("\"node\":\"" + h + "\"");
    }
    Reply limited = send(0, "GET", "/api/kv?prefix=scan-&limit=5", null);
    assertThat(limited.body()).contains("scan-04").doesNotContain("scan-05");
  }

  @Test
  @Order(3)
  void clusterInfoListsEveryNode() throws Exception {
    Reply r = send(1, "GET", "/api/cluster", null);
    assertThat(r.statusCode()).isEqualTo(200);
    for (String h : hosts) {
      assertThat(r.body()).contains("\"node\":\"" + h + "\"");
    }
    assertThat(r.body()).doesNotContain("unavailable");
    Reply status = send(0, "GET", "/api/status", null);
    assertThat(status.body()).contains("\"state\":\"CONNECTED\"").contains(hosts.get(1));
    Reply page = send(0, "GET", "/api/status/page", null, "text/html");
    assertThat(page.body()).contains("<table>");
  }

  @Test
  @Order(4)
  void badInputAndMissingKeysGetClearErrors() throws Exception {
    Reply control = send(0, "GET", "/api/kv/" + enc("bad\u0001key"), null);
    assertThat(control.statusCode()).isEqualTo(400);
    assertThat(control.body()).contains("control character at position 3");
    Reply longKey = send(0, "PUT", "/api/kv/" + "k".repeat(201), "x");
    assertThat(longKey.statusCode()).isEqualTo(400);
    assertThat(longKey.body()).contains("longer than 200");
    Reply limit = send(0, "GET", "/api/kv?limit=lots", null);
    assertThat(limit.statusCode()).isEqualTo(400);
    for (String k : keysOwnedByEach("missing-")) {
      Reply missing = send(0, "GET", "/api/kv/" + k, null);
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.body()).contains("no key \\\"" + k + "\\\"");
      assertThat(send(1, "DELETE", "/api/kv/" + k, null).statusCode()).isEqualTo(404);
    }
    String k = keysOwnedByEach("gone-").get(2);
    assertThat(send(0, "PUT", "/api/kv/" + k, "x").statusCode()).isEqualTo(200);
    assertThat(send(1, "DELETE", "/api/kv/" + k, null).statusCode()).isEqualTo(204);
    assertThat(send(2, "GET", "/api/kv/" + k, null).statusCode()).isEqualTo(404);
  }

  @Test
  @Order(5)
  void stoppedOwnerFailsFastWithItsNameWhileTheOthersGoOn() throws Exception {
    List<String> sorted = sorted();
    String stopped = hosts.get(2);
    String ownedByStopped = null;
    String ownedByOther = null;
    for (int i = 0; ownedByStopped == null || ownedByOther == null; i++) {
      String k = "after-" + i;
      String owner = Owners.owner(k, sorted);
      if (owner.equals(stopped)) {
        ownedByStopped = k;
      } else if (!owner.equals(stopped) && ownedByOther == null) {
        ownedByOther = k;
      }
    }
    nodes.get(2).close();
    long start = System.nanoTime();
    Reply r = send(0, "PUT", "/api/kv/" + ownedByStopped, "x");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
    assertThat(r.body()).contains(stopped);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("fails fast, not after the call's timeout")
        .isLessThan(Duration.ofSeconds(4));
    assertThat(send(0, "PUT", "/api/kv/" + ownedByOther, "y").statusCode()).isEqualTo(200);
    assertThat(send(1, "GET", "/api/kv/" + ownedByOther, null).body()).contains("\"value\":\"y\"");
    Reply cluster = send(1, "GET", "/api/cluster", null);
    assertThat(cluster.statusCode()).isEqualTo(200);
    assertThat(cluster.body()).contains("unavailable");
  }

  private static List<String> sorted() {
    List<String> s = new ArrayList<>(hosts);
    s.sort(null);
    return s;
  }

  /** One key per node, in the order of {@link #hosts}, each owned by that node. */
  private static List<String> keysOwnedByEach(String prefix) {
    List<String> sorted = sorted();
    String[] found = new String[hosts.size()];
    int missing = hosts.size();
    for (int i = 0; missing > 0; i++) {
      String k = prefix + i;
      int at = hosts.indexOf(Owners.owner(k, sorted));
      if (found[at] == null) {
        found[at] = k;
        missing--;
      }
    }
    return List.of(found);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A status code and body; HttpURLConnection, the plainest client there is. */
  record Reply(int statusCode, String body) {}

  private static Reply send(int node, String method, String path, String body) throws IOException {
    return send(node, method, path, body, "application/json");
  }

  private static Reply send(int node, String method, String path, String body, String accept)
      throws IOException {
    java.net.HttpURLConnection c =
        (java.net.HttpURLConnection)
            URI.create("http://" + hosts.get(node) + path).toURL().openConnection();
    c.setConnectTimeout(5_000);
    c.setReadTimeout(20_000);
    c.setRequestMethod(method);
    c.setRequestProperty("Accept", accept);
    if (body != null) {
      c.setDoOutput(true);
      c.setRequestProperty("Content-Type", "text/plain; charset=utf-8");
      try (var out = c.getOutputStream()) {
        out.write(body.getBytes(StandardCharsets.UTF_8));
      }
    }
    int code = c.getResponseCode();
    var in = code >= 400 ? c.getErrorStream() : c.getInputStream();
    String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    c.disconnect();
    return new Reply(code, text);
  }
}
