package io.eegrid.mux;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.eegrid.ErrorCode;
import io.eegrid.GridConfig;
import io.eegrid.GridManager;
import io.eegrid.HandlerOptions;
import io.eegrid.RemoteException;
import io.eegrid.protocol.Flags;
import io.eegrid.protocol.FrameWriter;
import io.eegrid.protocol.Message;
import io.eegrid.protocol.Op;
import io.eegrid.protocol.Payloads;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A scripted peer drives one node frame by frame (in the manner of OkHttp's MockHttp2Peer): every
 * handshake refusal, malformed input, window violation and unknown-mux case, checking what the node
 * answers and that a violation scoped to one call leaves the link up.
 */
@Timeout(30)
class ScriptedPeerTest {
  private static final String SECRET = "scripted-peer-secret";
  private static final String LOCAL = "a:1";

  private GridManager grid;
  private String dialer; // a host that dials LOCAL
  private String dialed; // a host that LOCAL dials
  private RawPeer peer;

  @BeforeEach
  void setUp() {
    dialer = null;
    dialed = null;
    for (int i = 0; dialer == null || dialed == null; i++) {
      String h = "p" + i + ":1";
      if (DialRule.dials(h, LOCAL)) {
        dialer = dialer == null ? h : dialer;
      } else {
        dialed = dialed == null ? h : dialed;
      }
    }
    grid =
        GridManager.builder()
            .localHost(LOCAL)
            .hosts(List.of(LOCAL, dialer, dialed))
            .secret(SECRET)
            .config(
                GridConfig.builder()
                    .handshakeTimeout(Duration.ofSeconds(3)) // generous: a loaded CI machine
                    .shutdownGracePeriod(Duration.ZERO)
                    .build())
            .dialer(
                (remote, headers, listener, timeout, max) -> {
                  throw new IOException("no network in this test");
                })
            .handler("echo", (ctx, p) -> p)
            .handler("echo.direct", (ctx, p) -> p, HandlerOptions.defaults().withNonBlocking(true))
            .streamHandler(
                "sink",
                (ctx, p, in, out) -> {
                  CountDownLatch cancelled = new CountDownLatch(1);
                  ctx.onCancel(cancelled::countDown);
                  cancelled.await(30, TimeUnit.SECONDS); // reads no request
                },
                new HandlerOptions(null, 2, 1))
            .build(); // not started: nothing dials out
    peer = new RawPeer();
    peer.listener = grid.accept(peer);
  }

  @AfterEach
  void tearDown() {
    grid.close();
  }

  private Message connect(String host, long timeMillis, String secret, int version) {
    byte[] payload =
        Payloads.encode(
            new Payloads.ConnectRequest(
                version,
                UUID.randomUUID(),
                host,
                timeMillis,
                AuthToken.create(secret.getBytes(UTF_8), host, timeMillis)));
    return Message.of(0, 0, Op.CONNECT, 0, payload);
  }

  private void handshake() throws Exception {
    peer.send(connect(dialer, System.currentTimeMillis(), SECRET, 1));
    Message r = peer.expect(Op.CONNECT_RESPONSE);
    assertThat(Payloads.decodeConnectResponse(r.payload).accepted()).isTrue();
  }

  private String refusal(Message connect) throws Exception {
    peer.send(connect);
    Message r = peer.expect(Op.CONNECT_RESPONSE);
    Payloads.ConnectResponse resp = Payloads.decodeConnectResponse(r.payload);
    assertThat(resp.accepted()).isFalse();
    assertThat(peer.closed.get(5, TimeUnit.SECONDS)).contains(resp.reason());
    return resp.reason();
  }

  @Test
  void validHandshakeThenRequestIsAnswered() throws Exception {
    handshake();
    peer.send(new Message(7, 0, 1000, "echo", Op.REQUEST, Flags.EOF, new byte[] {1, 2}, null));
    Message r = peer.expect(Op.RESPONSE);
    assertThat(r.muxId).isEqualTo(7);
    assertThat(r.payload).containsExactly(1, 2);
    assertThat(r.has(Flags.EOF)).isTrue();
  }

  /**
   * A merged frame of requests to a non-blocking handler is answered in one merged frame: the I/O
   * thread queues each response and writes them together when the frame is done, not one frame (and
   * one container send) per response.
   */
  @Test
  void mergedRequestsToANonBlockingHandlerAreAnsweredInOneFrame() throws Exception {
    handshake();
    peer.frameMessageCounts.clear();
    List<Message> requests = new java.util.ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      requests.add(
          new Message(
              i, 0, 1000, "echo.direct", Op.REQUEST, Flags.EOF, new byte[] {(byte) i}, null));
    }
    peer.sendMerged(requests);
    for (int i = 1; i <= 8; i++) {
      Message r = peer.expect(Op.RESPONSE);
      assertThat(r.muxId).isEqualTo(i);
      assertThat(r.payload).containsExactly(i);
    }
    assertThat(peer.frameMessageCounts).containsExactly(8);
  }

  @Test
  void unknownHostIsRefusedWithAReason() throws Exception {
    assertThat(refusal(connect("stranger:1", System.currentTimeMillis(), SECRET, 1)))
        .contains("unknown host stranger:1");
  }

  @Test
  void wrongDirectionIsRefusedWithAReason() throws Exception {
    assertThat(refusal(connect(dialed, System.currentTimeMillis(), SECRET, 1)))
        .contains("wrong direction");
  }

  @Test
  void clockSkewIsRefusedWithAReason() throws Exception {
    long tenMinutesAgo = System.currentTimeMillis() - TimeUnit.MINUTES.toMillis(10);
    assertThat(refusal(connect(dialer, tenMinutesAgo, SECRET, 1))).contains("differ by");
  }

  @Test
  void wrongSecretIsRefusedWithoutRevealingIt() throws Exception {
    String reason = refusal(connect(dialer, System.currentTimeMillis(), "another-secret", 1));
    assertThat(reason).contains("token does not match").doesNotContain(SECRET);
  }

  @Test
  void unsupportedHandshakeVersionIsRefused() throws Exception {
    assertThat(refusal(connect(dialer, System.currentTimeMillis(), SECRET, 0)))
        .contains("not supported");
  }

  @Test
  void nothingIsReadAfterARefusal() throws Exception {
    refusal(connect("stranger:1", System.currentTimeMillis(), SECRET, 1));
    peer.send(connect(dialer, System.currentTimeMillis(), SECRET, 1));
    assertThat(peer.received.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void firstMessageOtherThanConnectEndsTheLink() throws Exception {
    peer.send(new Message(1, 0, 0, "echo", Op.REQUEST, Flags.EOF, null, null));
    assertThat(peer.closed.get(5, TimeUnit.SECONDS)).contains("expected CONNECT");
  }

  @Test
  void silentDialerIsDroppedAfterTheHandshakeTimeout() throws Exception {
    assertThat(peer.closed.get(10, TimeUnit.SECONDS)).contains("handshake").contains("3000 ms");
  }

  @Test
  void malformedFrameEndsTheLinkWithTheReason() throws Exception {
    handshake();
    peer.listener.onFrame(ByteBuffer.wrap(new byte[] {(byte) 0x97, 0x01}));
    assertThat(peer.closed.get(5, TimeUnit.SECONDS)).contains("protocol error");
  }

  @Test
  void badCrcEndsTheLink() throws Exception {
    handshake();
    FrameWriter w = new FrameWriter();
    w.writeMessage(Message.of(0, 0, Op.PING, 0, Payloads.encodeLong(1)), true);
    byte[] bytes = w.toByteArray();
    bytes[bytes.length - 1] ^= 1;
    peer.listener.onFrame(ByteBuffer.wrap(bytes));
    assertThat(peer.closed.get(5, TimeUnit.SECONDS)).contains("CRC mismatch");
  }

  @Test
  void unknownOpEndsTheLink() throws Exception {
    handshake();
    byte[] frame = {(byte) 0x97, 0, 0, 0, (byte) 0xc0, 99, 0, (byte) 0xc0};
    peer.listener.onFrame(ByteBuffer.wrap(frame));
    assertThat(peer.closed.get(5, TimeUnit.SECONDS)).contains("unknown op 99");
  }

  @Test
  void connectionPingIsEchoed() throws Exception {
    handshake();
    peer.send(Message.of(0, 0, Op.PING, 0, Payloads.encodeLong(12345)));
    assertThat(Payloads.decodeLong(peer.expect(Op.PONG).payload)).isEqualTo(12345);
  }

  @Test
  void unknownHandlerIsAConnectErrorAndTheLinkStaysUp() throws Exception {
    handshake();
    peer.send(new Message(3, 0, 1000, "nope", Op.REQUEST, Flags.EOF, null, null));
    Message e = peer.expect(Op.MUX_CONNECT_ERROR);
    RemoteException err = Payloads.decodeError(e.payload);
    assertThat(err.code()).isEqualTo(ErrorCode.UNKNOWN_HANDLER);
    assertThat(err.remoteMessage()).contains("nope").contains(LOCAL);
    peer.send(new Message(4, 0, 1000, "echo", Op.REQUEST, Flags.EOF, new byte[] {9}, null));
    assertThat(peer.expect(Op.RESPONSE).payload).containsExactly(9);
  }

  @Test
  void requestWindowOverrunEndsOnlyThatStream() throws Exception {
    handshake();
    peer.send(new Message(5, 0, 0, "sink", Op.CONNECT_MUX, 0, null, null));
    Message ack = peer.expect(Op.ACK_MUX);
    assertThat(Payloads.decodeWindows(ack.payload)).containsExactly(2, 1);
    for (int seq = 1; seq <= 3; seq++) { // window is 2; the handler reads nothing
      peer.send(Message.of(5, seq, Op.MUX_CLIENT_MSG, 0, new byte[] {(byte) seq}));
    }
    Message drop = peer.expect(Op.DISCONNECT_CLIENT_MUX);
    assertThat(Payloads.decodeError(drop.payload).code()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
    assertThat(Payloads.decodeError(drop.payload).remoteMessage()).contains("request window");
    peer.send(new Message(6, 0, 1000, "echo", Op.REQUEST, Flags.EOF, new byte[] {1}, null));
    assertThat(peer.expect(Op.RESPONSE).payload).containsExactly(1);
  }

  @Test
  void outOfSequenceRequestEndsOnlyThatStream() throws Exception {
    handshake();
    peer.send(new Message(5, 0, 0, "sink", Op.CONNECT_MUX, 0, null, null));
    peer.expect(Op.ACK_MUX);
    peer.send(Message.of(5, 2, Op.MUX_CLIENT_MSG, 0, new byte[] {1}));
    Message drop = peer.expect(Op.DISCONNECT_CLIENT_MUX);
    assertThat(Payloads.decodeError(drop.payload).remoteMessage()).contains("seq 2");
  }

  /** Reference 2.8: replies about unknown muxes go to the table the mux id belongs to. */
  @Test
  void unknownMuxRepliesAddressTheRightTable() throws Exception {
    handshake();
    // A stream message for a stream the node does not serve: tell the caller side to drop it.
    peer.send(Message.of(40, 1, Op.MUX_CLIENT_MSG, 0, new byte[] {1}));
    assertThat(peer.expect(Op.DISCONNECT_CLIENT_MUX).muxId).isEqualTo(40);
    // A response for a call the node never made: tell the handler side (not the caller side).
    peer.send(Message.of(41, 1, Op.MUX_SERVER_MSG, 0, new byte[] {1}));
    assertThat(peer.expect(Op.DISCONNECT_SERVER_MUX).muxId).isEqualTo(41);
    // An ack for a call the node never made: same.
    peer.send(Message.of(42, 0, Op.ACK_MUX, 0, Payloads.encodeWindows(1, 1)));
    assertThat(peer.expect(Op.DISCONNECT_SERVER_MUX).muxId).isEqualTo(42);
    // A ping for a stream the node does not serve: a pong with an error.
    peer.send(Message.of(43, 0, Op.PING, 0, null));
    Message pong = peer.expect(Op.PONG);
    assertThat(pong.muxId).isEqualTo(43);
    assertThat(pong.has(Flags.ERROR)).isTrue();
    // Late responses, unblocks and cancels for unknown muxes are dropped silently.
    peer.send(Message.of(44, 0, Op.RESPONSE, Flags.EOF, new byte[] {1}));
    peer.send(Message.of(45, 1, Op.UNBLOCK_SRV_MUX, 0, null));
    peer.send(Message.of(46, 0, Op.DISCONNECT_SERVER_MUX, 0, null));
    peer.send(new Message(47, 0, 1000, "echo", Op.REQUEST, Flags.EOF, new byte[] {2}, null));
    Message next = peer.expect(Op.RESPONSE);
    assertThat(next.muxId).isEqualTo(47);
  }
}
