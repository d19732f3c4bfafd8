package io.eegrid.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.eegrid.ConnectionState;
import io.eegrid.embedded.app.EchoHandler;
import io.eegrid.embedded.app.PeerEvents;
import io.eegrid.testing.LogCapture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS between nodes of the embedded default (docs/SECURITY.md): key and trust stores from
 * MicroProfile Config, the server listening only on TLS, the client verifying the certificate and
 * the host name. Certificates are made at test time with keytool.
 */
@Timeout(60)
class EmbeddedTlsTest {
  static final List<Class<?>> APP = List.of(EchoHandler.class, PeerEvents.class);
  static final String SECRET = "embedded-tls-test-secret-0123456789";

  @TempDir static Path dir;
  static Path[] loopback; // certificate for 127.0.0.1 and localhost: [keys, trust]
  static Path[] stranger; // a certificate for 127.0.0.1 that nobody else trusts
  static Path[] otherName; // a certificate for another host name only

  private final List<EmbeddedNode> nodes = new ArrayList<>();
  private final LogCapture capture = new LogCapture();
  private final Logger gridLog = Logger.getLogger("io.eegrid");

  @BeforeAll
  static void makeCertificates() throws Exception {
    TestCertificates certs = new TestCertificates(dir);
    loopback = certs.keyAndTrust("loopback", "localhost", "ip:127.0.0.1,dns:localhost");
    stranger = certs.keyAndTrust("stranger", "stranger", "ip:127.0.0.1,dns:localhost");
    otherName = certs.keyAndTrust("other", "other.example", "dns:other.example");
  }

  @AfterEach
  void closeNodes() {
    nodes.forEach(EmbeddedNode::close);
    gridLog.removeHandler(capture);
  }

  private EmbeddedNode start(String local, List<String> hosts, Map<String, String> extra)
      throws Exception {
    Map<String, String> p = new HashMap<>();
    p.put("grid.local", local);
    p.put("grid.peers", String.join(",", hosts));
    p.put("grid.auth.secret", SECRET);
    p.put("grid.reconnect.max-delay", "500ms");
    p.putAll(extra);
    EmbeddedNode node = EmbeddedNode.start(p, APP);
    nodes.add(node);
    return node;
  }

  private static Map<String, String> tls(Path keys, Path trust) {
    return Map.of(
        "grid.tls",
        "true",
        "grid.embedded.tls.key-store",
        keys.toString(),
        "grid.embedded.tls.key-store-password",
        TestCertificates.PASSWORD,
        "grid.embedded.tls.trust-store",
        trust.toString(),
        "grid.embedded.tls.trust-store-password",
        TestCertificates.PASSWORD);
  }

  /**
   * The first "could not connect" line of {@code node} naming {@code peer}, once there is one,
   * other than "Connection refused" (the peer's server not listening yet: the dialer may start
   * first).
   */
  private String couldNotConnect(EmbeddedNode node, EmbeddedNode peer) {
    String prefix = "grid: " + node.localHost() + " could not connect to " + peer.localHost();
    return await("a failed dial logged by " + node.localHost())
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                capture.records().stream()
                    .map(LogRecord::getMessage)
                    .filter(m -> m != null && m.startsWith(prefix))
                    .filter(m -> !m.contains("Connection refused"))
                    .findFirst()
                    .orElse(null),
            m -> m != null);
  }

  /** The node among {@code a} and {@code b} that dials the other. */
  private static EmbeddedNode[] dialerFirst(EmbeddedNode a, EmbeddedNode b) {
    return io.eegrid.mux.DialRule.dials(a.localHost(), b.localHost())
        ? new EmbeddedNode[] {a, b}
        : new EmbeddedNode[] {b, a};
  }

  @Test
  void twoNodesConnectAndCallEachOtherOverWss() throws Exception {
    List<String> hosts = LocalGrid.freeLoopbackHosts(2);
    EmbeddedNode a = start(hosts.get(0), hosts, tls(loopback[0], loopback[1]));
    EmbeddedNode b = start(hosts.get(1), hosts, tls(loopback[0], loopback[1]));
    assertThat(a.grid().connection(b.localHost()).awaitConnected(Duration.ofSeconds(20))).isTrue();
    assertThat(b.grid().connection(a.localHost()).awaitConnected(Duration.ofSeconds(20))).isTrue();
    assertThat(a.grid().connection(b.localHost()).request("echo", new byte[] {1, 2}))
        .containsExactly(1, 2);
    assertThat(b.grid().connection(a.localHost()).request("echo", new byte[] {3}))
        .containsExactly(3);
  }

  @Test
  void aDialerThatDoesNotTrustThePeersCertificateFailsWithTheReason() throws Exception {
    gridLog.addHandler(capture);
    List<String> hosts = LocalGrid.freeLoopbackHosts(2);
    // Each node serves one certificate and trusts only the other one: the dialer never trusts.
    EmbeddedNode a = start(hosts.get(0), hosts, tls(loopback[0], stranger[1]));
    EmbeddedNode b = start(hosts.get(1), hosts, tls(loopback[0], stranger[1]));
    EmbeddedNode[] pair = dialerFirst(a, b);
    String line = couldNotConnect(pair[0], pair[1]);
    assertThat(line)
        .contains("upgrade to wss://" + pair[1].localHost())
        .contains("unable to find valid certification path");
    assertThat(a.grid().connection(b.localHost()).state()).isNotEqualTo(ConnectionState.CONNECTED);
  }

  @Test
  void hostNameVerificationRefusesACertificateForAnotherName() throws Exception {
    gridLog.addHandler(capture);
    List<String> hosts = LocalGrid.freeLoopbackHosts(2);
    EmbeddedNode a = start(hosts.get(0), hosts, tls(otherName[0], otherName[1]));
    EmbeddedNode b = start(hosts.get(1), hosts, tls(otherName[0], otherName[1]));
    EmbeddedNode[] pair = dialerFirst(a, b);
    String line = couldNotConnect(pair[0], pair[1]);
    assertThat(line).contains("upgrade to wss://" + pair[1].localHost()).contains("127.0.0.1");
    assertThat(a.grid().connection(b.localHost()).state()).isNotEqualTo(ConnectionState.CONNECTED);
  }

  /** {@code hosts} reordered so that the first dials the second. */
  private static List<String> dialerFirst(List<String> hosts) {
    return io.eegrid.mux.DialRule.dials(hosts.get(0), hosts.get(1))
        ? hosts
        : List.of(hosts.get(1), hosts.get(0));
  }

  @Test
  void aPlainPeerDialingANodeThatRequiresTlsFailsWithTheReason() throws Exception {
    gridLog.addHandler(capture);
    List<String> hosts = dialerFirst(LocalGrid.freeLoopbackHosts(2));
    EmbeddedNode plain = start(hosts.get(0), hosts, Map.of());
    EmbeddedNode tlsNode = start(hosts.get(1), hosts, tls(loopback[0], loopback[1]));
    String line = couldNotConnect(plain, tlsNode);
    // The TLS-only listener never answers a plain upgrade: the dial gives up after dialTimeout.
    assertThat(line).contains("upgrade to ws://" + tlsNode.localHost()).contains("failed");
    assertThat(tlsNode.grid().connection(plain.localHost()).state())
        .isNotEqualTo(ConnectionState.CONNECTED);
  }

  /**
   * Disabled: a known gap, too slow for a test. Tyrus 2.2.2's client bounds the TLS handshake of a
   * dial with its own connect timeout (about 30 s), not with the handshake timeout WebSocketDialer
   * sets (ClientManager.ContainerTimeout = dialTimeout); a wss dial to a plain listener, which
   * never answers the ClientHello, takes about 30 s to fail, with the reason "Connection to
   * 'wss://...' failed." (run by hand with a 50 s wait: it passes). Nodes of one grid share
   * grid.tls, so this needs a misconfiguration.
   */
  @org.junit.jupiter.api.Disabled("Tyrus bounds a dial's TLS handshake by ~30 s, not dialTimeout")
  @Test
  void aTlsNodeDialingAPlainPeerFailsWithTheReason() throws Exception {
    gridLog.addHandler(capture);
    List<String> hosts = dialerFirst(LocalGrid.freeLoopbackHosts(2));
    EmbeddedNode plain = start(hosts.get(1), hosts, Map.of()); // listening before it is dialed
    EmbeddedNode tlsNode = start(hosts.get(0), hosts, tls(loopback[0], loopback[1]));
    String line = couldNotConnect(tlsNode, plain);
    assertThat(line).contains("upgrade to wss://" + plain.localHost()).contains("failed");
  }

  @Test
  void tlsWithoutAKeyStoreIsAStartError() throws Exception {
    List<String> hosts = LocalGrid.freeLoopbackHosts(2);
    assertThatThrownBy(() -> start(hosts.get(0), hosts, Map.of("grid.tls", "true")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grid.tls=true needs grid.embedded.tls.key-store");
  }

  @Test
  void aWrongKeyStorePasswordIsAStartErrorThatDoesNotShowIt() throws Exception {
    List<String> hosts = LocalGrid.freeLoopbackHosts(2);
    Map<String, String> p = new HashMap<>(tls(loopback[0], loopback[1]));
    p.put("grid.embedded.tls.key-store-password", "wrong-password-123");
    assertThatThrownBy(() -> start(hosts.get(0), hosts, p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grid.embedded.tls.key-store")
        .hasMessageNotContaining("wrong-password-123");
  }
}
