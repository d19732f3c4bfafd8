package io.eegrid.mux;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.eegrid.ErrorCode;
import io.eegrid.GridClock;
import io.eegrid.GridConfig;
import io.eegrid.GridManager;
import io.eegrid.RemoteException;
import io.eegrid.protocol.Flags;
import io.eegrid.protocol.Message;
import io.eegrid.protocol.Op;
import io.eegrid.protocol.Payloads;
import io.eegrid.testing.LogCapture;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The security settings and the limits of docs/PROTOCOL.md section 18 that guard a node against its
 * peers, driven frame by frame through a {@link RawPeer}: two secrets during a rotation, calls
 * served per connection, TLS required, and a flood of bad upgrades.
 */
@Timeout(30)
class SecurityLimitsTest {
  private static final String LOCAL = "a:1";
  private static final String CURRENT = "the current secret";
  private static final String PREVIOUS = "the previous secret";

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final GridClock clock =
      new GridClock() {
        @Override
        public long nanoTime() {
          return nanos.get();
        }

        @Override
        public long currentTimeMillis() {
          return System.currentTimeMillis();
        }
      };
  private final CountDownLatch release = new CountDownLatch(1);
  private final LogCapture capture = new LogCapture();
  private final Logger gridLog = Logger.getLogger(Grid.class.getName());
  private Grid grid;
  private String dialer;

  private Grid start(GridConfig.Builder config, String previousSecret) {
    String dialed = null;
    for (int i = 0; dialer == null || dialed == null; i++) {
      String h = "p" + i + ":1";
      if (DialRule.dials(h, LOCAL)) {
        dialer = dialer == null ? h : dialer;
      } else {
        dialed = dialed == null ? h : dialed;
      }
    }
    gridLog.addHandler(capture);
    gridLog.setLevel(Level.ALL);
    grid =
        (Grid)
            GridManager.builder()
                .localHost(LOCAL)
                .hosts(List.of(LOCAL, dialer, dialed))
                .secret(CURRENT)
                .previousSecret(previousSecret)
                .clock(clock)
                .config(config.shutdownGracePeriod(Duration.ZERO).build())
                .dialer(
                    (remote, headers, listener, timeout, max) -> {
                      throw new IOException("no network in this test");
                    })
                .handler(
                    "block",
                    (ctx, p) -> {
                      release.await(20, TimeUnit.SECONDS);
                      return p;
                    })
                .handler("echo", (ctx, p) -> p)
                .build();
    return grid;
  }

  @AfterEach
  void tearDown() {
    release.countDown();
    gridLog.removeHandler(capture);
    gridLog.setLevel(null);
    if (grid != null) {
      grid.close();
    }
  }

  private RawPeer accept() {
    RawPeer peer = new RawPeer();
    peer.listener = grid.accept(peer);
    return peer;
  }

  private static Message connect(String host, String tokenField) {
    return Message.of(
        0,
        0,
        Op.CONNECT,
        0,
        Payloads.encode(
            new Payloads.ConnectRequest(
                1, UUID.randomUUID(), host, System.currentTimeMillis(), tokenField)));
  }

  private static String token(String secret, String host) {
    return AuthToken.create(secret.getBytes(UTF_8), host, System.currentTimeMillis());
  }

  private static Payloads.ConnectResponse answer(RawPeer peer, Message connect)
      throws InterruptedException {
    peer.send(connect);
    return Payloads.decodeConnectResponse(peer.expect(Op.CONNECT_RESPONSE).payload);
  }

  private List<LogRecord> logged(Level level) {
    return capture.at(level);
  }

  // ---- two secrets --------------------------------------------------------------------------

  @Test
  void duringARotationTokensOfEitherSecretAreAcceptedAndOthersRefused() throws Exception {
    start(GridConfig.builder(), PREVIOUS);
    Payloads.ConnectResponse other =
        answer(accept(), connect(dialer, token("a third one", dialer)));
    assertThat(other.accepted()).isFalse();
    assertThat(other.reason()).contains("token does not match");
    assertThat(answer(accept(), connect(dialer, token(PREVIOUS, dialer))).accepted()).isTrue();
    for (String secret : List.of(CURRENT, PREVIOUS)) {
      assertThat(
              grid.checkUpgrade(
                  Map.of(
                      Grid.HOST_HEADER, List.of(dialer),
                      Grid.TOKEN_HEADER, List.of(token(secret, dialer)))))
          .isNull();
    }
    assertThat(
            grid.checkUpgrade(
                Map.of(
                    Grid.HOST_HEADER, List.of(dialer),
                    Grid.TOKEN_HEADER, List.of(token("a third one", dialer)))))
        .contains("token does not match");
  }

  @Test
  void aNodeWithTwoSecretsSendsOneTokenPerSecretSoAPeerKnowingEitherAccepts() {
    start(GridConfig.builder(), PREVIOUS);
    String field = grid.token(System.currentTimeMillis());
    long now = System.currentTimeMillis();
    assertThat(field.split(" ")).hasSize(2);
    assertThat(AuthToken.verify(CURRENT.getBytes(UTF_8), LOCAL, field, now, 60_000)).isNull();
    assertThat(AuthToken.verify(PREVIOUS.getBytes(UTF_8), LOCAL, field, now, 60_000)).isNull();
  }

  @Test
  void aNodeWithOneSecretSendsOneToken() {
    start(GridConfig.builder(), null);
    assertThat(grid.token(System.currentTimeMillis())).doesNotContain(" ");
  }

  // ---- calls per connection -----------------------------------------------------------------

  @Test
  void aCallOverMaxInboundCallsIsRefusedAndTheLinkGoesOn() throws Exception {
    start(GridConfig.builder().maxInboundCalls(2), null);
    RawPeer peer = accept();
    assertThat(answer(peer, connect(dialer, token(CURRENT, dialer))).accepted()).isTrue();
    peer.send(new Message(1, 0, 10_000, "block", Op.REQUEST, Flags.EOF, new byte[] {1}, null));
    peer.send(new Message(2, 0, 10_000, "block", Op.REQUEST, Flags.EOF, new byte[] {2}, null));
    peer.send(new Message(3, 0, 10_000, "block", Op.REQUEST, Flags.EOF, new byte[] {3}, null));
    Message refused = peer.expect(Op.MUX_CONNECT_ERROR);
    assertThat(refused.muxId).isEqualTo(3);
    RemoteException e = Payloads.decodeError(refused.payload);
    assertThat(e.code()).isEqualTo(ErrorCode.OVERLOADED);
    assertThat(e.remoteMessage())
        .contains(LOCAL + " already serves 2 calls from " + dialer)
        .contains("maxInboundCalls 2");
    release.countDown();
    assertThat(List.of(peer.expect(Op.RESPONSE).muxId, peer.expect(Op.RESPONSE).muxId))
        .containsExactlyInAnyOrder(1L, 2L);
    peer.send(new Message(4, 0, 10_000, "echo", Op.REQUEST, Flags.EOF, new byte[] {4}, null));
    assertThat(peer.expect(Op.RESPONSE).payload).containsExactly(4);
    assertThat(peer.closed).isNotDone();
  }

  @Test
  void maxInboundCallsMustBePositive() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> GridConfig.builder().maxInboundCalls(0).build())
        .hasMessage("maxInboundCalls must be at least 1, was 0");
  }

  // ---- TLS required -------------------------------------------------------------------------

  @Test
  void aPlainLinkIsRefusedBeforeItsHandshakeWhenTlsIsRequired() throws Exception {
    start(GridConfig.builder().requireTls(true), null);
    RawPeer peer = accept();
    assertThat(peer.closed.get(5, TimeUnit.SECONDS))
        .startsWith("refused: " + LOCAL + " accepts only TLS links")
        .contains("raw-peer");
    assertThat(grid.linksInHandshake()).isZero();
    assertThat(logged(Level.WARNING)).hasSize(1);
  }

  // ---- flood of bad upgrades ----------------------------------------------------------------

  /**
   * Regression (upgradeFloodWithInventedHostNamesKeepsNoStatePerName): the refusal log remembered
   * the last reason per claimed host name, so a flood of upgrades naming invented hosts grew the
   * node's memory without bound. Peers outside the host list now share one entry.
   */
  @Test
  void upgradeFloodWithInventedHostNamesKeepsNoStatePerName() {
    start(GridConfig.builder(), null);
    for (int i = 0; i < 2000; i++) {
      String host = "invented-" + i + ":1";
      String refusal =
          grid.checkUpgrade(
              Map.of(
                  Grid.HOST_HEADER, List.of(host),
                  Grid.TOKEN_HEADER, List.of(token(CURRENT, host))));
      assertThat(refusal).startsWith("unknown host " + host);
    }
    assertThat(grid.rememberedRefusals()).isEqualTo(1);
    assertThat(grid.linksInHandshake()).isZero();
  }

  @Test
  void aFloodOfBadTokensIsRefusedAtTheUpgradeAndLoggedOncePerIntervalPerPeer() {
    start(GridConfig.builder().refusalLogInterval(Duration.ofSeconds(10)), null);
    for (int i = 0; i < 500; i++) {
      String refusal =
          grid.checkUpgrade(
              Map.of(
                  Grid.HOST_HEADER,
                  List.of(dialer),
                  Grid.TOKEN_HEADER,
                  // a new reason each time: the token's time moves
                  List.of(
                      AuthToken.create(
                          "not the secret".getBytes(UTF_8),
                          dialer,
                          System.currentTimeMillis() - 100_000_000 - i))));
      assertThat(refusal).contains("ms away from this node's clock");
    }
    assertThat(grid.linksInHandshake()).isZero(); // nothing was allocated for them
    assertThat(logged(Level.WARNING)).hasSize(1);
    assertThat(logged(Level.FINE)).hasSize(499);
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(9)); // within the interval: still FINE
    grid.checkUpgrade(
        Map.of(Grid.HOST_HEADER, List.of(dialer), Grid.TOKEN_HEADER, List.of("garbage")));
    assertThat(logged(Level.WARNING)).hasSize(1);
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
    grid.checkUpgrade(Map.of(Grid.HOST_HEADER, List.of(dialer))); // another reason: no token
    List<LogRecord> warnings = logged(Level.WARNING);
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(1).getMessage())
        .contains("missing X-EEGrid-Host or X-EEGrid-Token header")
        .contains("(500 other refusals of this peer since the last warning were logged at FINE)");
  }
}
