package io.eegrid.mux;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.eegrid.GridClock;
import io.eegrid.GridConfig;
import io.eegrid.GridManager;
import io.eegrid.ProtocolException;
import io.eegrid.protocol.Flags;
import io.eegrid.protocol.FrameReader;
import io.eegrid.protocol.Message;
import io.eegrid.protocol.Op;
import io.eegrid.protocol.Payloads;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Malformed frames from the fuzz corpus ({@code io/eegrid/fuzz/FrameReaderFuzzTestInputs/frame},
 * every input there that the reader rejects) end only the link they arrive on: that link closes
 * with {@code protocol error: <reason>}, the reason is logged at WARNING, and another link of the
 * same node keeps answering calls. (Single frames on a single link are covered by ScriptedPeerTest;
 * this is the isolation between links, fed from the corpus.)
 */
@Timeout(60)
class MalformedFrameIsolationTest {
  private static final String SECRET = "isolation-test-secret";
  private static final String LOCAL = "a:1";

  /** The node's wall clock; fixed so that a test can aim at a clock-skew overflow. */
  private static final long NOW_MILLIS = 1_700_000_000_000L;

  private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private final Logger sessionLog = Logger.getLogger(Session.class.getName());

  private GridManager grid;
  private String victim; // a dialer whose links get the malformed frames
  private String bystander; // another dialer, whose link must stay up

  @BeforeEach
  void setUp() {
    List<String> dialers = new ArrayList<>();
    for (int i = 0; dialers.size() < 2; i++) {
      String h = "p" + i + ":1";
      if (DialRule.dials(h, LOCAL)) {
        dialers.add(h);
      }
    }
    victim = dialers.get(0);
    bystander = dialers.get(1);
    grid =
        GridManager.builder()
            .localHost(LOCAL)
            .hosts(List.of(LOCAL, victim, bystander))
            .secret(SECRET)
            .clock(
                new GridClock() {
                  @Override
                  public long nanoTime() {
                    return System.nanoTime();
                  }

                  @Override
                  public long currentTimeMillis() {
                    return NOW_MILLIS;
                  }
                })
            .config(
                GridConfig.builder()
                    .handshakeTimeout(Duration.ofSeconds(10))
                    .shutdownGracePeriod(Duration.ZERO)
                    .build())
            .dialer(
                (remote, headers, listener, timeout, max) -> {
                  throw new IOException("no network in this test");
                })
            .handler("echo", (ctx, p) -> p)
            .build(); // not started: nothing dials out
    sessionLog.addHandler(capture);
  }

  @AfterEach
  void tearDown() {
    sessionLog.removeHandler(capture);
    grid.close();
  }

  @Test
  void malformedFramesFromTheCorpusEndOnlyTheirLink() throws Exception {
    List<byte[]> malformed = malformedCorpusFrames();
    assertThat(malformed).as("rejected frames in the fuzz corpus").hasSizeGreaterThan(10);
    RawPeer other = connect(bystander);
    long muxId = 100;
    for (byte[] frame : malformed) {
      RawPeer link = connect(victim);
      link.listener.onFrame(ByteBuffer.wrap(frame));
      String reason = link.closed.get(10, TimeUnit.SECONDS);
      assertThat(reason).startsWith("protocol error: ");
      String detail = reason.substring("protocol error: ".length());
      assertThat(logged)
          .as("WARNING for the frame that closed the link with %s", reason)
          .anySatisfy(
              r -> {
                assertThat(r.getLevel()).isEqualTo(Level.WARNING);
                assertThat(r.getMessage())
                    .startsWith("grid: protocol error from " + victim + ": ")
                    .contains(detail.substring(0, Math.min(40, detail.length())));
              });
      logged.clear();
      muxId++;
      other.send(new Message(muxId, 0, 5000, "echo", Op.REQUEST, Flags.EOF, new byte[] {7}, null));
      Message answer = other.expect(Op.RESPONSE);
      assertThat(answer.muxId).isEqualTo(muxId);
      assertThat(answer.payload).containsExactly(7);
      assertThat(other.closed).isNotDone();
    }
  }

  /**
   * Found by AuthTokenFuzzTest.verifyOwnToken: the clock-skew check of CONNECT computed
   * Math.abs(now - time), which is negative for time = now + Long.MIN_VALUE, so a CONNECT (with a
   * token made for that time) passed both skew checks. It must be refused.
   */
  @Test
  void connectWithATimeThatWrapsAroundTheClockIsRefused() throws Exception {
    long time = Long.MIN_VALUE + NOW_MILLIS; // NOW_MILLIS - time overflows to Long.MIN_VALUE
    RawPeer link = new RawPeer();
    link.listener = grid.accept(link);
    link.send(connect(victim, time));
    Message response = link.expect(Op.CONNECT_RESPONSE);
    Payloads.ConnectResponse r = Payloads.decodeConnectResponse(response.payload);
    assertThat(r.accepted()).isFalse();
    assertThat(r.reason()).contains("differ by " + Long.MAX_VALUE + " ms");
  }

  private static Message connect(String host, long timeMillis) {
    return Message.of(
        0,
        0,
        Op.CONNECT,
        0,
        Payloads.encode(
            new Payloads.ConnectRequest(
                1,
                UUID.randomUUID(),
                host,
                timeMillis,
                AuthToken.create(SECRET.getBytes(UTF_8), host, timeMillis))));
  }

  private RawPeer connect(String host) throws InterruptedException {
    RawPeer peer = new RawPeer();
    peer.listener = grid.accept(peer);
    peer.send(connect(host, NOW_MILLIS));
    Message r = peer.expect(Op.CONNECT_RESPONSE);
    assertThat(Payloads.decodeConnectResponse(r.payload).accepted())
        .as("handshake of %s", host)
        .isTrue();
    return peer;
  }

  /** Every frame of the committed corpus that the reader rejects (seeds and crash inputs). */
  private static List<byte[]> malformedCorpusFrames() throws IOException, URISyntaxException {
    Path dir =
        Path.of(
            MalformedFrameIsolationTest.class
                .getResource("/io/eegrid/fuzz/FrameReaderFuzzTestInputs/frame")
                .toURI());
    FrameReader reader = new FrameReader(1 << 20, 256);
    List<byte[]> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        byte[] frame = Files.readAllBytes(f);
        try {
          reader.read(ByteBuffer.wrap(frame), m -> {});
        } catch (ProtocolException rejected) {
          out.add(frame);
        }
      }
    }
    return out;
  }
}
