package io.eegrid.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eegrid.ConnectionState;
import io.eegrid.cdi.PeerRejected;
import io.eegrid.embedded.app.EchoHandler;
import io.eegrid.embedded.app.PeerEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shared secret rotated on a running grid, node by node (docs/SECURITY.md), without one refused
 * connection; and no secret in the logs of a full run, refusals included.
 */
@Timeout(180)
class SecretRotationTest {
  static final List<Class<?>> APP = List.of(EchoHandler.class, PeerEvents.class);
  static final String OLD = "the-old-secret-of-the-grid-0123456789";
  static final String NEW = "the-new-secret-of-the-grid-9876543210";
  static final String WRONG = "a-wrong-secret-nobody-else-knows-4242";

  private final List<EmbeddedNode> nodes = new ArrayList<>();
  private final List<String> lines = new ArrayList<>(); // guarded by itself
  private final SimpleFormatter formatter = new SimpleFormatter();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          String line = formatter.format(r); // message, parameters and stack trace
          synchronized (lines) {
            lines.add(line);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  // Held here: java.util.logging keeps loggers only weakly, and would forget their levels.
  private final List<Logger> loud =
      List.of(Logger.getLogger("io.eegrid"), Logger.getLogger("org.glassfish.tyrus"));
  private final Logger root = Logger.getLogger("");

  @BeforeEach
  void captureEverything() {
    capture.setLevel(Level.ALL);
    root.addHandler(capture);
    loud.forEach(l -> l.setLevel(Level.ALL));
  }

  @AfterEach
  void closeNodes() {
    nodes.forEach(EmbeddedNode::close);
    root.removeHandler(capture);
    loud.forEach(l -> l.setLevel(null));
  }

  private EmbeddedNode start(String local, List<String> hosts, String secret, String previous)
      throws Exception {
    Map<String, String> p = new HashMap<>();
    p.put("grid.local", local);
    p.put("grid.peers", String.join(",", hosts));
    p.put("grid.auth.secret", secret);
    if (previous != null) {
      p.put("grid.auth.previous-secret", previous);
    }
    p.put("grid.reconnect.min-delay", "50ms");
    p.put("grid.reconnect.max-delay", "300ms");
    EmbeddedNode node = EmbeddedNode.start(p, APP);
    nodes.add(node);
    return node;
  }

  private EmbeddedNode restart(
      EmbeddedNode node, List<String> hosts, String secret, String previous) throws Exception {
    node.close();
    nodes.remove(node);
    return start(node.localHost(), hosts, secret, previous);
  }

  private static void connectedAndCalling(EmbeddedNode a, EmbeddedNode b) {
    for (EmbeddedNode[] p : new EmbeddedNode[][] {{a, b}, {b, a}}) {
      assertThat(p[0].grid().connection(p[1].localHost()).awaitConnected(Duration.ofSeconds(30)))
          .as("%s connected to %s", p[0].localHost(), p[1].localHost())
          .isTrue();
      assertThat(p[0].grid().connection(p[1].localHost()).request("echo", new byte[] {7}))
          .containsExactly(7);
    }
  }

  private List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /**
   * Lines of handshake refusals for a token (Grid.rejected logs "grid: X refused Y: reason"). A
   * node restarting may briefly refuse with "grid not started" (its server listens before its grid
   * runs): that is no authentication refusal, and is not counted.
   */
  private List<String> refusals() {
    return lines().stream().filter(l -> l.contains(" refused ") && l.contains("token")).toList();
  }

  @Test
  void rotatingTheSecretNodeByNodeRefusesNoConnection() throws Exception {
    List<String> hosts = LocalGrid.freeLoopbackHosts(2);
    EmbeddedNode a = start(hosts.get(0), hosts, OLD, null);
    EmbeddedNode b = start(hosts.get(1), hosts, OLD, null);
    connectedAndCalling(a, b);
    // Step 1, node by node: the new secret, the old one as previous.
    a = restart(a, hosts, NEW, OLD);
    connectedAndCalling(a, b); // a: {NEW, OLD} with b: {OLD}, whichever side dials
    b = restart(b, hosts, NEW, OLD);
    connectedAndCalling(a, b);
    // Step 2, node by node: the previous secret removed.
    a = restart(a, hosts, NEW, null);
    connectedAndCalling(a, b); // a: {NEW} with b: {NEW, OLD}
    b = restart(b, hosts, NEW, null);
    connectedAndCalling(a, b);
    assertThat(refusals()).isEmpty();
    for (EmbeddedNode n : List.of(a, b)) {
      assertThat(n.bean(PeerEvents.class).events())
          .noneMatch(e -> e instanceof PeerRejected r && r.reason().contains("token"));
    }
  }

  @Test
  void noSecretAppearsInTheLogsOfARunWithARefusedNode() throws Exception {
    List<String> hosts = LocalGrid.freeLoopbackHosts(3);
    EmbeddedNode a = start(hosts.get(0), hosts, NEW, OLD);
    EmbeddedNode b = start(hosts.get(1), hosts, OLD, null);
    connectedAndCalling(a, b);
    EmbeddedNode c = start(hosts.get(2), hosts, WRONG, null);
    await("the wrong-secret node refused by both, and told so")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                refusals().stream().anyMatch(l -> l.contains("token does not match"))
                    && c.bean(PeerEvents.class).events().stream()
                        .anyMatch(PeerRejected.class::isInstance));
    assertThat(a.grid().connection(c.localHost()).state()).isNotEqualTo(ConnectionState.CONNECTED);
    a.close();
    b.close();
    c.close();

    List<String> log = lines();
    assertThat(log).hasSizeGreaterThan(50); // FINE and FINEST included: a real run was captured
    String all = String.join("\n", log);
    for (String secret : List.of(OLD, NEW, WRONG)) {
      for (String form : forms(secret)) {
        assertThat(all).as("a log line holding %s", form).doesNotContain(form);
      }
    }
  }

  /** The secret as written, and its base64 (standard and URL-safe, padded or not) and hex forms. */
  private static List<String> forms(String secret) {
    byte[] b = secret.getBytes(StandardCharsets.UTF_8);
    List<String> forms = new ArrayList<>();
    forms.add(secret);
    forms.add(Base64.getEncoder().encodeToString(b));
    forms.add(Base64.getEncoder().withoutPadding().encodeToString(b));
    forms.add(Base64.getUrlEncoder().encodeToString(b));
    forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(b));
    forms.add(HexFormat.of().formatHex(b));
    forms.add(HexFormat.of().withUpperCase().formatHex(b));
    forms.add(java.util.Arrays.toString(b));
    return forms;
  }
}
