package io.eegrid.contract;

import static io.eegrid.contract.Probe.intPayload;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.eegrid.CallOptions;
import io.eegrid.CancelledException;
import io.eegrid.Connection;
import io.eegrid.ConnectionState;
import io.eegrid.DeadlineExceededException;
import io.eegrid.DisconnectedException;
import io.eegrid.ErrorCode;
import io.eegrid.GridConfig;
import io.eegrid.GridException;
import io.eegrid.GridListener;
import io.eegrid.HandlerOptions;
import io.eegrid.RemoteException;
import io.eegrid.Response;
import io.eegrid.Stream;
import io.eegrid.TypedStream;
import io.eegrid.UnknownHandlerException;
import io.eegrid.protocol.Payloads;
import io.eegrid.testing.Fixtures;
import io.eegrid.testing.GridSpec;
import io.eegrid.testing.TestGrid;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The grid's contract, run over every transport (in memory, and Tyrus WebSockets on loopback):
 * MinIO's grid test list (reference section 6), its suggested extra tests, and the seven production
 * bugs of section 5 as named regression tests. After every test no call is left open on either side
 * and no grid thread is left running.
 */
@Timeout(60)
public abstract class GridContractTest {
  /** Starts a grid for {@code spec} over this suite's transport. */
  protected abstract TestGrid newGrid(GridSpec spec);

  protected static final GridConfig CONFIG =
      GridConfig.builder()
          .reconnectMinDelay(Duration.ofMillis(20))
          .reconnectMaxDelay(Duration.ofMillis(200))
          .shutdownGracePeriod(Duration.ofMillis(200))
          .build();

  protected TestGrid grid;
  protected Probe probe;
  private final List<TestGrid> extraGrids = new ArrayList<>();

  @BeforeEach
  void startGrid() {
    probe = new Probe();
    grid = start(GridSpec.of(2, CONFIG, (i, b) -> probe.register(b)));
  }

  protected TestGrid start(GridSpec spec) {
    TestGrid g = newGrid(spec);
    if (grid != null) {
      extraGrids.add(g);
    }
    return g;
  }

  @AfterEach
  void noLeaks() {
    try {
      Fixtures.assertNoActiveMuxes(grid, 2);
    } finally {
      grid.close();
      extraGrids.forEach(TestGrid::close);
    }
    Fixtures.assertNoGridThreads();
  }

  private Connection c01() {
    return grid.conn(0, 1);
  }

  // ---- single requests ------------------------------------------------------------------------

  @Test
  void singleRoundtripEchoesThePayload() {
    assertThat(c01().request("echo", "hello".getBytes(UTF_8))).isEqualTo("hello".getBytes(UTF_8));
    assertThat(grid.conn(1, 0).request("echo", new byte[0])).isEmpty();
    assertThat(c01().request("echo", null)).isNull();
  }

  @Test
  void singleRoundtripCarriesOneMebibyte() {
    byte[] big = new byte[1 << 20];
    new java.util.Random(1).nextBytes(big);
    assertThat(c01().request("echo", big)).isEqualTo(big);
  }

  @Test
  void remoteErrorArrivesWithItsCodeAndMessage() {
    assertThatThrownBy(() -> c01().request("fail", "bad key".getBytes(UTF_8)))
        .isInstanceOfSatisfying(
            RemoteException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
              assertThat(e.remoteMessage()).isEqualTo("bad key");
            });
  }

  @Test
  void remoteErrorWithinTheLimitArrivesWhole() {
    String text = "x".repeat(Payloads.MAX_ERROR_MESSAGE_BYTES);
    assertThatThrownBy(() -> c01().request("fail", text.getBytes(UTF_8)))
        .isInstanceOfSatisfying(
            RemoteException.class, e -> assertThat(e.remoteMessage()).isEqualTo(text));
  }

  /**
   * An exception message of any size is cut before it is sent, so an error payload always fits the
   * peer's message limit. Without the cut, a message over maxMessageBytes made the peer drop the
   * whole link (and every call on it) as a protocol violation.
   */
  @Test
  void hugeRemoteErrorIsCutAndTheConnectionGoesOn() {
    String text = "\u00e9".repeat(1 << 20); // 2 MiB of UTF-8
    assertThatThrownBy(() -> c01().request("fail", text.getBytes(UTF_8)))
        .isInstanceOfSatisfying(
            RemoteException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
              assertThat(e.remoteMessage()).startsWith("\u00e9\u00e9").endsWith("...");
              assertThat(e.remoteMessage().getBytes(UTF_8).length)
                  .isLessThanOrEqualTo(Payloads.MAX_ERROR_MESSAGE_BYTES);
            });
    assertThat(c01().request("echo", new byte[] {5})).containsExactly(5);
  }

  @Test
  void handlerExceptionBecomesHandlerError() {
    assertThatThrownBy(() -> c01().request("boom", null))
        .isInstanceOfSatisfying(
            RemoteException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.HANDLER_ERROR);
              assertThat(e.remoteMessage()).contains("IllegalStateException").contains("boom");
            });
  }

  @Test
  void unknownHandlerIsARemoteErrorAndTheConnectionGoesOn() {
    assertThatThrownBy(() -> c01().request("nope", null))
        .isInstanceOf(UnknownHandlerException.class)
        .hasMessageContaining("nope")
        .hasMessageContaining(grid.host(1));
    Response r = c01().newStream("nope", null, CallOptions.defaults()).next();
    assertThat(r.isError()).isTrue();
    assertThat(r.error()).isInstanceOf(UnknownHandlerException.class);
    assertThat(c01().request("echo", new byte[] {7})).containsExactly(7);
  }

  @Test
  void handlerSeesTheCallerAndTheSubroute() {
    assertThat(new String(c01().request("caller", null), UTF_8)).isEqualTo(grid.host(0));
    assertThat(new String(c01().subroute("disk").subroute("1").request("route", null), UTF_8))
        .isEqualTo("sub:disk/1");
    assertThatThrownBy(() -> c01().request("route", null))
        .isInstanceOf(UnknownHandlerException.class);
  }

  @Test
  void asyncRequestCompletesOffTheIoThread() throws Exception {
    CompletableFuture<byte[]> f =
        c01().requestAsync("echo", new byte[] {1, 2}, CallOptions.defaults());
    String thread = f.thenApply(b -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS);
    assertThat(f.get()).containsExactly(1, 2);
    assertThat(thread).doesNotStartWith("inmem-io").doesNotContain("grizzly");
  }

  @Test
  void cancellingTheFutureCancelsTheRemoteHandler() throws Exception {
    CompletableFuture<byte[]> f = c01().requestAsync("block", null, CallOptions.defaults());
    assertThat(probe.started.await(10, TimeUnit.SECONDS)).isTrue();
    f.cancel(true);
    assertThat(probe.cancelled.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void deadlineFailsTheCallerAndCancelsTheHandler() {
    assertThatThrownBy(
            () -> c01().request("block", null, CallOptions.timeout(Duration.ofMillis(200))))
        .isInstanceOf(DeadlineExceededException.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> probe.cancelled.getCount() == 0);
  }

  @Test
  void asyncDeadlineFailsTheFuture() {
    CompletableFuture<byte[]> f =
        c01().requestAsync("block", null, CallOptions.timeout(Duration.ofMillis(200)));
    assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(DeadlineExceededException.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> probe.cancelled.getCount() == 0);
  }

  /**
   * One timer per link keeps the deadlines of async calls and of the calls it serves (Session's
   * DeadlineSweep): a shorter deadline that comes after a longer one must still fire on time, a
   * later one must not fire early, and the handlers on the other side are cancelled by theirs.
   */
  @Test
  void staggeredAsyncDeadlinesEachFireOnTimeAndNoneEarly() throws Exception {
    long start = System.nanoTime();
    CompletableFuture<byte[]> late =
        c01().requestAsync("block", null, CallOptions.timeout(Duration.ofSeconds(30)));
    CompletableFuture<byte[]> second =
        c01().requestAsync("block", null, CallOptions.timeout(Duration.ofMillis(900)));
    CompletableFuture<byte[]> first =
        c01().requestAsync("block", null, CallOptions.timeout(Duration.ofMillis(300)));
    java.util.concurrent.atomic.AtomicLongArray failedAt =
        new java.util.concurrent.atomic.AtomicLongArray(2);
    first.whenComplete((v, e) -> failedAt.set(0, System.nanoTime()));
    second.whenComplete((v, e) -> failedAt.set(1, System.nanoTime()));
    for (CompletableFuture<byte[]> f : List.of(first, second)) {
      assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(DeadlineExceededException.class);
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> failedAt.get(0) != 0 && failedAt.get(1) != 0);
    assertThat(Duration.ofNanos(failedAt.get(0) - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(Duration.ofNanos(failedAt.get(1) - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    assertThat(late).isNotDone();
    // Both handlers were cancelled by their own deadline, the third one still runs.
    await().atMost(Duration.ofSeconds(10)).until(() -> probe.handlerCancels.get() == 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> probe.handlerStarts.get() == 3);
    assertThat(probe.handlerCancels.get()).isEqualTo(2);
    late.cancel(true);
    await().atMost(Duration.ofSeconds(10)).until(() -> probe.handlerCancels.get() == 3);
  }

  @Test
  void interruptingTheCallerCancelsTheRemoteHandler() throws Exception {
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      Future<?> call = caller.submit(() -> c01().request("block", null));
      assertThat(probe.started.await(10, TimeUnit.SECONDS)).isTrue();
      call.cancel(true);
      assertThat(probe.cancelled.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      caller.shutdownNow();
      assertThat(caller.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void typedSingleRoundtrip() {
    Probe.Resp r = Probe.TYPED.call(c01(), new Probe.Req(42, "hello"));
    assertThat(r).isEqualTo(new Probe.Resp(42, "hello", new Probe.Req(42, "hello")));
  }

  @Test
  void manyConcurrentRequestsAllComplete() throws Exception {
    List<CompletableFuture<byte[]>> all = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      all.add(c01().requestAsync("echo", intPayload(i), CallOptions.defaults()));
    }
    for (int i = 0; i < all.size(); i++) {
      assertThat(all.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(intPayload(i));
    }
  }

  /**
   * Messages queued while a frame is outstanding leave together, in MERGED frames (PROTOCOL.md 2.4,
   * 16): an idle link writes at once, a busy one batches.
   */
  @Test
  void messagesQueuedBehindAnOutstandingFrameShareFrames() throws Exception {
    Assumptions.assumeTrue(grid.supportsFaults(), "needs sends that can be held");
    assertThat(c01().request("echo", new byte[] {0})).containsExactly(0); // link up, handshake done
    long framesBefore = c01().stats().framesOut();
    long messagesBefore = c01().stats().messagesOut();
    grid.stallSends(0, true); // the next frame stays outstanding
    List<CompletableFuture<byte[]>> all = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      all.add(c01().requestAsync("echo", intPayload(i), CallOptions.defaults()));
    }
    grid.stallSends(0, false);
    for (int i = 0; i < all.size(); i++) {
      assertThat(all.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(intPayload(i));
    }
    long frames = c01().stats().framesOut() - framesBefore;
    long messages = c01().stats().messagesOut() - messagesBefore;
    assertThat(messages).isGreaterThanOrEqualTo(101);
    // 1 held frame, then the other 100 in frames of at most maxMergeMessages (50); a ping or a
    // credit may add a frame or two.
    assertThat(frames).as("frames for %d messages", messages).isLessThanOrEqualTo(6);
  }

  @Test
  void keepaliveMeasuresTheRoundTrip() {
    TestGrid fast =
        start(
            GridSpec.of(
                2,
                CONFIG.toBuilder().pingInterval(Duration.ofMillis(100)).build(),
                (i, b) -> probe.register(b)));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> fast.conn(0, 1).stats().lastRoundTrip() != null);
    assertThat(fast.conn(0, 1).stats().lastRoundTrip()).isPositive();
  }

  /**
   * Both nodes call each other at once, so both allocate the same mux ids at the same time
   * (reference 2.8): every response must reach the call that asked for it.
   */
  @Test
  void bothDirectionsAtOnceNeverCrossTheirMuxIds() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int dir = 0; dir < 2; dir++) {
        Connection c = dir == 0 ? c01() : grid.conn(1, 0);
        work.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 500; i++) {
                    assertThat(c.request("echo", intPayload(i))).isEqualTo(intPayload(i));
                  }
                  return null;
                }));
        work.add(
            pool.submit(
                () -> {
                  for (int k = 0; k < 20; k++) {
                    try (Stream s = c.newStream("stream.echo", null, CallOptions.defaults())) {
                      for (int i = 0; i < 10; i++) {
                        s.send(new byte[] {(byte) k});
                        assertThat(s.next().payload()).containsExactly(k, i);
                      }
                      s.closeRequests();
                      assertThat(s.next()).isNull();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : work) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void typedCallsReachHandlersOnASubroute() {
    TestGrid g =
        start(
            GridSpec.of(
                2,
                CONFIG,
                (i, b) -> {
                  b.handler(
                      Probe.TYPED.withSubroute("disk/1"),
                      (ctx, r) -> new Probe.Resp(r.num(), ctx.subroute(), r));
                  b.handler(
                      Probe.TYPED_STREAM.withOptions(
                          Probe.TYPED_STREAM.options().withSubroute("disk/2")),
                      (ctx, p, in, out) -> {
                        for (Probe.Req r; (r = in.next()) != null; ) {
                          out.send(new Probe.Resp(r.num(), ctx.subroute(), p));
                        }
                      });
                }));
    Connection disk1 = g.conn(0, 1).subroute("disk").subroute("1");
    assertThat(Probe.TYPED.call(disk1, new Probe.Req(1, "x")).orgText()).isEqualTo("disk/1");
    try (TypedStream.Call<Probe.Req, Probe.Resp> call =
        Probe.TYPED_STREAM.open(
            g.conn(0, 1).subroute("disk/2"), new Probe.Req(0, "p"), CallOptions.defaults())) {
      call.send(new Probe.Req(5, "r"));
      call.closeRequests();
      assertThat(call.next()).isEqualTo(new Probe.Resp(5, "disk/2", new Probe.Req(0, "p")));
      assertThat(call.next()).isNull();
    }
    assertThatThrownBy(() -> Probe.TYPED.call(g.conn(0, 1), new Probe.Req(1, "x")))
        .isInstanceOf(UnknownHandlerException.class);
    Fixtures.assertNoActiveMuxes(g, 2);
  }

  // ---- non-blocking handlers and direct completion (the opt-in exception to rule 7) ------------

  private static final CallOptions DIRECT = CallOptions.defaults().withDirectCompletion();

  private static String text(byte[] b) {
    return new String(b, UTF_8);
  }

  @Test
  void nonBlockingHandlerRunsOnTheIoThreadAndOthersOnTheExecutor() {
    assertThat(text(c01().request("thread", null))).startsWith("eegrid-");
    assertThat(text(c01().request("thread.direct", null))).doesNotStartWith("eegrid-");
  }

  @Test
  void nonBlockingHandlerFailureIsAHandlerErrorAndTheConnectionGoesOn() {
    assertThatThrownBy(() -> c01().request("boom.direct", null))
        .isInstanceOf(RemoteException.class)
        .hasMessageContaining("boom on the I/O thread");
    assertThat(c01().request("echo.direct", new byte[] {7})).containsExactly(7);
    assertThat(c01().request("echo", new byte[] {8})).containsExactly(8);
  }

  @Test
  void directCompletionRunsStagesOnTheIoThread() throws Exception {
    String thread =
        c01()
            .requestAsync("echo", new byte[] {1}, DIRECT)
            .thenApply(b -> Thread.currentThread().getName())
            .get(10, TimeUnit.SECONDS);
    assertThat(thread).doesNotStartWith("eegrid-");
  }

  /**
   * The benchmark's closed loop: each direct completion starts the next call from the I/O thread,
   * to a non-blocking handler. Every call completes, in order, with its own payload.
   */
  @Test
  void callsChainedFromDirectCompletionsAllComplete() throws Exception {
    int calls = 500;
    List<Integer> replies = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    chain(0, calls, replies, done);
    done.get(30, TimeUnit.SECONDS);
    assertThat(replies).hasSize(calls);
    for (int i = 0; i < calls; i++) {
      assertThat(replies.get(i)).isEqualTo(i);
    }
  }

  private void chain(int i, int calls, List<Integer> replies, CompletableFuture<Void> done) {
    c01()
        .requestAsync("echo.direct", intPayload(i), DIRECT)
        .whenComplete(
            (r, e) -> {
              if (e != null) {
                done.completeExceptionally(e);
                return;
              }
              replies.add(ByteBuffer.wrap(r).getInt());
              if (i + 1 == calls) {
                done.complete(null);
              } else {
                chain(i + 1, calls, replies, done);
              }
            });
  }

  /**
   * Only outcomes that arrive on the inbound path complete there; a deadline goes through the
   * executor.
   */
  @Test
  void directCompletionOfADeadlineRunsOnTheExecutor() throws Exception {
    CompletableFuture<String> thread =
        c01()
            .requestAsync(
                "block", null, CallOptions.timeout(Duration.ofMillis(200)).withDirectCompletion())
            .handle(
                (r, e) ->
                    e instanceof DeadlineExceededException
                        ? Thread.currentThread().getName()
                        : "not a deadline: " + e);
    assertThat(thread.get(10, TimeUnit.SECONDS))
        .startsWith("eegrid-")
        .doesNotStartWith("eegrid-timer");
    assertThat(probe.cancelled.await(10, TimeUnit.SECONDS)).isTrue();
  }

  /**
   * Rule 1 holds for the opt-in too: a non-blocking handler that starts a call while the output
   * queue is full gets a failed future at once instead of waiting (which would stop its link's
   * reader), and its own response still leaves, past the data limits. Without the check the handler
   * waited for room, and answered "queued" once the sends resumed.
   */
  @Test
  void callsFromAnIoThreadNeverWaitForRoomInTheOutputQueue() throws Exception {
    Assumptions.assumeTrue(grid.supportsFaults(), "needs sends that can be held");
    AtomicReference<TestGrid> self = new AtomicReference<>();
    CountDownLatch relayRan = new CountDownLatch(1);
    TestGrid small =
        start(
            GridSpec.of(
                2,
                CONFIG.toBuilder()
                    .maxQueuedBytes(64 * 1024)
                    .writeTimeout(Duration.ofSeconds(30))
                    .build(),
                (i, b) -> {
                  probe.register(b);
                  b.handler(
                      "relay.direct",
                      (ctx, p) -> {
                        try {
                          return self.get()
                              .conn(i, 1 - i)
                              .requestAsync("echo", p, DIRECT)
                              .handle((r, e) -> e == null ? "queued" : "failed: " + e.getMessage())
                              .getNow("still waiting")
                              .getBytes(UTF_8);
                        } finally {
                          relayRan.countDown();
                        }
                      },
                      HandlerOptions.defaults().withNonBlocking(true));
                }));
    self.set(small);
    assertThat(small.conn(0, 1).request("echo", new byte[] {1})).containsExactly(1);
    small.stallSends(0, true); // node 0's next frame never completes: what follows stays queued
    CompletableFuture<byte[]> first =
        small.conn(0, 1).requestAsync("echo", new byte[] {2}, CallOptions.defaults());
    byte[] big = new byte[60 * 1024];
    CompletableFuture<byte[]> queued =
        small.conn(0, 1).requestAsync("echo", big, CallOptions.defaults());
    assertThat(small.conn(0, 1).stats().queuedBytes())
        .as("the big request waits behind the held frame")
        .isGreaterThanOrEqualTo(big.length);
    CompletableFuture<byte[]> relayed =
        small.conn(1, 0).requestAsync("relay.direct", new byte[8 * 1024], CallOptions.defaults());
    assertThat(relayRan.await(10, TimeUnit.SECONDS)).as("the relay handler ran").isTrue();
    small.stallSends(0, false);
    assertThat(text(relayed.get(10, TimeUnit.SECONDS)))
        .startsWith("failed: ")
        .contains("is full")
        .contains("does not wait for room");
    assertThat(first.get(10, TimeUnit.SECONDS)).containsExactly(2);
    assertThat(queued.get(10, TimeUnit.SECONDS)).hasSize(big.length);
    Fixtures.assertNoActiveMuxes(small, 2);
  }

  // ---- limits ---------------------------------------------------------------------------------

  @Test
  void oversizedPayloadsAreRefusedBeforeSendingAndTheLinkStaysUp() throws Exception {
    TestGrid small =
        start(
            GridSpec.of(
                2,
                CONFIG.toBuilder().maxMessageBytes(4096).build(),
                (i, b) -> {
                  probe.register(b);
                  b.handler("inflate", (ctx, p) -> new byte[8192]);
                }));
    Connection c = small.conn(0, 1);
    assertThatThrownBy(() -> c.request("echo", new byte[4097]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4097 bytes exceeds maxMessageBytes 4096");
    assertThatThrownBy(
            () ->
                c.requestAsync("echo", new byte[4097], CallOptions.defaults())
                    .get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.request("inflate", null))
        .isInstanceOfSatisfying(
            RemoteException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
              assertThat(e.remoteMessage()).contains("8192 bytes, over maxMessageBytes 4096");
            });
    try (Stream s = c.newStream("stream.echo", null, CallOptions.defaults())) {
      assertThatThrownBy(() -> s.send(new byte[5000])).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s.send(null)).isInstanceOf(NullPointerException.class);
      s.send(new byte[] {1});
      assertThat(s.next().payload()).containsExactly(1, 0);
    }
    assertThat(c.request("echo", new byte[4096])).hasSize(4096);
    assertThat(c.state()).isEqualTo(ConnectionState.CONNECTED);
    Fixtures.assertNoActiveMuxes(small, 2);
  }

  @Test
  void namesLongerThanTheLimitAreRefusedAtTheCaller() {
    String longName = "h".repeat(300);
    assertThatThrownBy(() -> c01().request(longName, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxNameBytes 256");
    assertThatThrownBy(() -> c01().subroute(longName).request("echo", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("subroute");
  }

  // ---- streams --------------------------------------------------------------------------------

  @Test
  void streamRoundtrip() {
    try (Stream s = c01().newStream("stream.echo", null, CallOptions.defaults())) {
      for (int i = 0; i < 10; i++) {
        s.send(new byte[] {(byte) (100 + i)});
        assertThat(s.next().payload()).containsExactly(100 + i, i);
      }
      s.closeRequests();
      assertThat(s.next()).isNull();
      assertThat(s.isDone()).isTrue();
    }
  }

  @Test
  void typedStreamRoundtrip() {
    try (TypedStream.Call<Probe.Req, Probe.Resp> call =
        Probe.TYPED_STREAM.open(c01(), new Probe.Req(0, "p-"), CallOptions.defaults())) {
      for (int i = 0; i < 10; i++) {
        call.send(new Probe.Req(i, "r" + i));
      }
      call.closeRequests();
      for (int i = 0; i < 10; i++) {
        assertThat(call.next()).isEqualTo(new Probe.Resp(i, "p-r" + i, new Probe.Req(0, "p-")));
      }
      assertThat(call.next()).isNull();
    }
  }

  @Test
  void oneWayStreamDeliversEveryResponseInOrder() {
    try (Stream s = c01().newStream("stream.count", intPayload(50), CallOptions.defaults())) {
      for (int i = 0; i < 50; i++) {
        assertThat(s.next().payload()).containsExactly(i);
      }
      assertThat(s.next()).isNull();
    }
  }

  @Test
  void streamErrorComesAfterTheResponsesSentBeforeIt() {
    try (Stream s = c01().newStream("stream.fail", null, CallOptions.defaults())) {
      assertThat(s.next().payload()).containsExactly(1);
      assertThat(s.next().payload()).containsExactly(2);
      Response last = s.next();
      assertThat(last.isError()).isTrue();
      assertThat(((RemoteException) last.error()).remoteMessage()).isEqualTo("after two");
      assertThat(s.next()).isNull();
    }
  }

  @ParameterizedTest(name = "handler {0}")
  @ValueSource(strings = {"stream.wait0", "stream.wait"})
  void cancelReachesTheHandler(String handler) throws Exception {
    Stream s = c01().newStream(handler, null, CallOptions.defaults());
    assertThat(probe.started.await(10, TimeUnit.SECONDS)).isTrue();
    s.cancel();
    assertThat(probe.cancelled.await(10, TimeUnit.SECONDS)).isTrue();
    Response r = s.next();
    assertThat(r.error()).isInstanceOf(CancelledException.class);
    assertThat(s.next()).isNull();
  }

  @Test
  void cancelWithRequestsQueuedReachesTheHandler() throws Exception {
    Stream s = c01().newStream("stream.wait", null, CallOptions.defaults());
    s.send(new byte[] {1}); // fills the window of 1
    assertThat(probe.started.await(10, TimeUnit.SECONDS)).isTrue();
    s.cancel();
    assertThat(probe.cancelled.await(10, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> s.send(new byte[] {2})).isInstanceOf(CancelledException.class);
  }

  @ParameterizedTest(name = "handler {0}")
  @ValueSource(strings = {"stream.wait0", "stream.wait"})
  void streamDeadlineFailsTheCallerAndCancelsTheHandler(String handler) throws Exception {
    Stream s = c01().newStream(handler, null, CallOptions.timeout(Duration.ofMillis(300)));
    Response r = s.next();
    assertThat(r.error()).isInstanceOf(DeadlineExceededException.class);
    assertThat(probe.cancelled.await(10, TimeUnit.SECONDS)).isTrue();
  }

  /** Reference 4.2: an unread stream stalls only itself. */
  @Test
  void unreadResponsesStallOnlyTheirStream() {
    try (Stream s = c01().newStream("stream.count", intPayload(100), CallOptions.defaults())) {
      for (int i = 0; i < 100; i++) {
        assertThat(c01().request("echo", intPayload(i))).isEqualTo(intPayload(i));
      }
      for (int i = 0; i < 100; i++) {
        assertThat(s.next().payload()).containsExactly(i);
      }
      assertThat(s.next()).isNull();
    }
  }

  /** Reference 6, testServerInCongestion: a handler that reads nothing stalls only its stream. */
  @Test
  void unreadRequestsStallOnlyTheirStream() throws Exception {
    Stream s = c01().newStream("stream.hold", null, CallOptions.defaults());
    ExecutorService sender = Executors.newSingleThreadExecutor();
    try {
      Future<?> sending =
          sender.submit(
              () -> {
                for (int i = 0; i < 100; i++) {
                  s.send(intPayload(i));
                }
                s.closeRequests();
              });
      assertThat(probe.started.await(10, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 100; i++) {
        assertThat(c01().request("echo", intPayload(i))).isEqualTo(intPayload(i));
      }
      assertThat(sending.isDone()).as("sender blocked by flow control").isFalse();
      probe.release.countDown();
      for (int i = 0; i < 100; i++) {
        assertThat(s.next().payload()).isEqualTo(intPayload(i));
      }
      assertThat(s.next()).isNull();
      sending.get(10, TimeUnit.SECONDS);
    } finally {
      sender.shutdownNow();
    }
  }

  // ---- the seven production bugs of reference section 5 ----------------------------------------

  /**
   * Bug (a), reference 5.5: the end of a stream must not cancel it while responses are buffered.
   * Without the fix (EOF handled as a cancel) the reader saw CancelledException and lost the
   * trailing responses.
   */
  @Test
  void endOfStreamKeepsBufferedResponses() {
    try (Stream s = c01().newStream("stream.count8", intPayload(8), CallOptions.defaults())) {
      // Let all eight responses and the end arrive before reading any.
      await().atMost(Duration.ofSeconds(10)).until(() -> c01().stats().outgoingCalls() == 0);
      for (int i = 0; i < 8; i++) {
        Response r = s.next();
        assertThat(r.isError()).as("item %d: %s", i, r).isFalse();
        assertThat(r.payload()).containsExactly(i);
      }
      assertThat(s.next()).isNull();
    }
  }

  /**
   * Bug (b), reference 5.6: acknowledging a new stream while the output queue is full must not
   * block the inbound path. Without the fix (ack queued synchronously on the reader) the node
   * stopped reading, and the request below never ran.
   */
  @Test
  void ackWhileTheOutputQueueIsFullDoesNotBlockTheReader() throws Exception {
    Assumptions.assumeTrue(grid.supportsFaults(), "this transport cannot stall sends");
    TestGrid small =
        start(
            GridSpec.of(
                2,
                CONFIG.toBuilder()
                    .maxQueuedMessages(16)
                    .writeTimeout(Duration.ofSeconds(30))
                    .build(),
                (i, b) -> probe.register(b)));
    small.stallSends(1, true); // node 1's frames are sent but never complete: its queue fills
    List<CompletableFuture<byte[]>> fill = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      fill.add(small.conn(0, 1).requestAsync("echo", intPayload(i), CallOptions.defaults()));
    }
    Stream s = small.conn(0, 1).newStream("stream.wait0", null, CallOptions.defaults());
    assertThat(probe.started.await(10, TimeUnit.SECONDS))
        .as("node 1 kept reading and started the stream handler")
        .isTrue();
    small.stallSends(1, false);
    for (int i = 0; i < fill.size(); i++) {
      assertThat(fill.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(intPayload(i));
    }
    s.cancel();
    assertThat(probe.cancelled.await(10, TimeUnit.SECONDS)).isTrue();
    Fixtures.assertNoActiveMuxes(small, 2);
  }

  /**
   * Bug (c), reference 5.4: a send blocked on a full queue must not stop the reconnect. Without the
   * fix (per-call lock held while waiting for queue space, close waiting for that lock) the link
   * never came back.
   */
  @Test
  void blockedSendDoesNotStopTheReconnect() throws Exception {
    Assumptions.assumeTrue(grid.supportsFaults(), "this transport cannot stall sends");
    TestGrid small =
        start(
            GridSpec.of(
                2,
                CONFIG.toBuilder()
                    .maxQueuedMessages(16)
                    .writeTimeout(Duration.ofSeconds(30))
                    .build(),
                (i, b) -> probe.register(b)));
    small.stallSends(0, true);
    Stream s = small.conn(0, 1).newStream("stream.hold", null, CallOptions.defaults());
    ExecutorService sender = Executors.newSingleThreadExecutor();
    try {
      Future<?> blocked = sendUntilBlocked(small, s, sender);
      small.killLinks();
      assertThatThrownBy(() -> blocked.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(GridException.class);
      small.stallSends(0, false);
      assertThat(small.conn(0, 1).awaitConnected(Duration.ofSeconds(10))).isTrue();
      assertThat(small.conn(0, 1).request("echo", new byte[] {3})).containsExactly(3);
    } finally {
      sender.shutdownNow();
      probe.release.countDown();
    }
    Fixtures.assertNoActiveMuxes(small, 2);
  }

  /**
   * A stream send interrupted while it waits for room in a full output queue ends the stream and
   * tells the handler. Without this the send's credit was spent, nothing was sent, and the handler
   * (and the caller's next()) could wait for that request forever.
   */
  @Test
  void interruptedSendOnAFullQueueEndsTheStream() throws Exception {
    Assumptions.assumeTrue(grid.supportsFaults(), "this transport cannot stall sends");
    TestGrid small =
        start(
            GridSpec.of(
                2,
                CONFIG.toBuilder()
                    .maxQueuedMessages(16)
                    .writeTimeout(Duration.ofSeconds(30))
                    .build(),
                (i, b) -> probe.register(b)));
    Stream s = small.conn(0, 1).newStream("stream.wait", null, CallOptions.defaults());
    assertThat(probe.started.await(10, TimeUnit.SECONDS)).isTrue();
    small.stallSends(0, true);
    ExecutorService sender = Executors.newSingleThreadExecutor();
    try {
      Future<?> blocked = sendUntilBlocked(small, s, sender);
      sender.shutdownNow(); // interrupts the blocked send
      assertThatThrownBy(() -> blocked.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(CancelledException.class);
      Response r = s.next();
      assertThat(r.isError()).isTrue();
      assertThat(r.error()).isInstanceOf(CancelledException.class);
      small.stallSends(0, false);
      assertThat(probe.cancelled.await(10, TimeUnit.SECONDS))
          .as("the handler heard of the cancel")
          .isTrue();
    } finally {
      sender.shutdownNow();
      probe.release.countDown();
    }
    Fixtures.assertNoActiveMuxes(small, 2);
  }

  /**
   * With node 0's sends stalled, fills its output queue (16 messages) with requests, then has
   * {@code sender} call {@code s.send}, which blocks for room; returns once the queue is full.
   */
  private static Future<?> sendUntilBlocked(TestGrid small, Stream s, ExecutorService sender) {
    Future<?> blocked =
        sender.submit(
            () -> {
              for (int i = 0; ; i++) {
                small.conn(0, 1).requestAsync("echo", intPayload(i), CallOptions.defaults());
                if (i > 100) {
                  s.send(new byte[] {1}); // blocks: the queue is full
                }
              }
            });
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> small.conn(0, 1).stats().queuedMessages() >= 16);
    return blocked;
  }

  /**
   * Bug (d), reference 5.3: a disconnect racing the setup of calls. Every call must end with a
   * response or a grid exception; none may hang, and nothing may stay registered.
   */
  @Test
  void disconnectRacingCallSetupLeavesNoCallBehind() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(4);
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        workers.add(
            callers.submit(
                () -> {
                  for (int i = 0; i < 300; i++) {
                    try {
                      c01()
                          .request(
                              "echo", intPayload(i), CallOptions.timeout(Duration.ofSeconds(5)));
                      ok.incrementAndGet();
                    } catch (DisconnectedException | CancelledException e) {
                      failed.incrementAndGet();
                    }
                  }
                }));
      }
      for (int k = 0; k < 5; k++) {
        c01().awaitConnected(Duration.ofSeconds(10));
        grid.killLinks();
      }
      for (Future<?> w : workers) {
        w.get(30, TimeUnit.SECONDS);
      }
    } finally {
      callers.shutdownNow();
    }
    assertThat(ok.get() + failed.get()).isEqualTo(1200);
    assertThat(c01().awaitConnected(Duration.ofSeconds(10))).isTrue();
  }

  /**
   * Bug (e), reference 5.2: cancelling a stream whose reader stopped reading. Without the fix
   * (error pushed into a full buffer under the mux lock) cancel blocked forever and stalled the
   * connection.
   */
  @Test
  void cancelWhileTheReaderIsBlockedEndsTheStream() throws Exception {
    Stream s = c01().newStream("stream.count", intPayload(100), CallOptions.defaults());
    assertThat(s.next().payload()).containsExactly(0);
    // The reader stops here; the handler fills the window and waits.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> grid.conn(1, 0).stats().incomingCalls() == 1);
    s.cancel();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> grid.conn(1, 0).stats().incomingCalls() == 0);
    Response r = s.next();
    assertThat(r.error()).isInstanceOf(CancelledException.class);
    assertThat(s.next()).isNull();
    assertThat(c01().request("echo", new byte[] {5})).containsExactly(5);
  }

  /**
   * Bugs (f) and (g), reference 5.1: reconnect must follow the link's end, not a state flag, and a
   * stuck link must be closed. Here the peer goes silent (black hole both ways): the keepalive must
   * cut the link, fail the calls, and the dialer must reconnect.
   */
  @Test
  void silentPeerIsCutAndTheLinkComesBack() throws Exception {
    Assumptions.assumeTrue(grid.supportsFaults(), "this transport cannot black-hole a link");
    TestGrid fast =
        start(
            GridSpec.of(
                2,
                CONFIG.toBuilder().pingInterval(Duration.ofMillis(250)).build(),
                (i, b) -> probe.register(b)));
    CompletableFuture<byte[]> inFlight =
        fast.conn(0, 1).requestAsync("block", null, CallOptions.defaults());
    assertThat(probe.started.await(10, TimeUnit.SECONDS)).isTrue();
    fast.pauseInbound(0, true);
    fast.pauseInbound(1, true);
    assertThatThrownBy(() -> inFlight.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(DisconnectedException.class);
    assertThat(probe.cancelled.await(10, TimeUnit.SECONDS)).isTrue();
    fast.pauseInbound(0, false);
    fast.pauseInbound(1, false);
    assertThat(fast.conn(0, 1).awaitConnected(Duration.ofSeconds(10))).isTrue();
    assertThat(fast.conn(0, 1).request("echo", new byte[] {9})).containsExactly(9);
    Fixtures.assertNoActiveMuxes(fast, 2);
  }

  /** Reference 5.1 and 1.6: a write that never completes is timed out, then the link redials. */
  @Test
  void stuckWriteIsTimedOutAndTheLinkComesBack() throws Exception {
    Assumptions.assumeTrue(grid.supportsFaults(), "this transport cannot stall sends");
    TestGrid fast =
        start(
            GridSpec.of(
                2,
                CONFIG.toBuilder().writeTimeout(Duration.ofMillis(500)).build(),
                (i, b) -> probe.register(b)));
    fast.stallSends(0, true);
    CompletableFuture<byte[]> f =
        fast.conn(0, 1).requestAsync("echo", new byte[] {1}, CallOptions.defaults());
    assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(DisconnectedException.class);
    fast.stallSends(0, false);
    assertThat(fast.conn(0, 1).awaitConnected(Duration.ofSeconds(10))).isTrue();
    assertThat(fast.conn(0, 1).request("echo", new byte[] {2})).containsExactly(2);
  }

  /**
   * Reference 5.7: a full output queue during a reconnect. The old link's queue is dropped with it,
   * so the new link comes up and nothing queued for the old one is sent on the new one.
   */
  @Test
  void fullQueueDuringReconnectIsDroppedWithItsLink() throws Exception {
    Assumptions.assumeTrue(grid.supportsFaults(), "this transport cannot stall sends");
    TestGrid small =
        start(
            GridSpec.of(
                2,
                CONFIG.toBuilder()
                    .maxQueuedMessages(16)
                    .writeTimeout(Duration.ofSeconds(30))
                    .build(),
                (i, b) -> probe.register(b)));
    small.stallSends(0, true);
    List<CompletableFuture<byte[]>> queued = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      queued.add(small.conn(0, 1).requestAsync("echo", intPayload(i), CallOptions.defaults()));
    }
    small.killLinks();
    for (CompletableFuture<byte[]> f : queued) {
      assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(DisconnectedException.class);
    }
    small.stallSends(0, false);
    assertThat(small.conn(0, 1).awaitConnected(Duration.ofSeconds(10))).isTrue();
    long before = small.conn(1, 0).stats().messagesIn();
    assertThat(small.conn(0, 1).request("echo", new byte[] {4})).containsExactly(4);
    assertThat(small.conn(1, 0).stats().messagesIn() - before)
        .as("only the new request reached node 1, not the old queue")
        .isLessThan(5);
  }

  // ---- keepalive of streams -------------------------------------------------------------------

  /**
   * Stream pings keep a stream alive while nobody reads or writes it (reference 6, the *Ping
   * tests): a one-way stream, a two-way one, one whose handler waits for credit (the reader is
   * blocked), one whose caller waits for credit (the handler reads nothing).
   */
  @ParameterizedTest(name = "handler {0}")
  @ValueSource(strings = {"stream.wait0", "stream.wait", "stream.count", "stream.hold"})
  void streamPingsKeepAnIdleStreamAlive(String handler) throws Exception {
    TestGrid fast =
        start(
            GridSpec.of(
                2,
                CONFIG.toBuilder().streamPingInterval(Duration.ofMillis(500)).build(),
                (i, b) -> probe.register(b)));
    Stream s = fast.conn(0, 1).newStream(handler, intPayload(100), CallOptions.defaults());
    ExecutorService sender = Executors.newSingleThreadExecutor();
    try {
      if (handler.equals("stream.hold")) {
        sender.submit(
            () -> {
              for (int i = 0; i < 100; i++) {
                s.send(intPayload(i)); // blocks once the window of 5 is full
              }
              return null;
            });
      }
      if (!handler.equals("stream.count")) {
        assertThat(probe.started.await(10, TimeUnit.SECONDS)).isTrue();
      }
      long before = fast.conn(1, 0).stats().messagesIn();
      // Ten ping intervals pass with the stream idle; it must stay open on both sides.
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> fast.conn(1, 0).stats().messagesIn() - before >= 10);
      assertThat(s.isDone()).isFalse();
      assertThat(fast.conn(1, 0).stats().incomingCalls()).isEqualTo(1);
      probe.release.countDown(); // stream.hold waits for this, not for cancellation
      s.cancel();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> fast.conn(1, 0).stats().incomingCalls() == 0);
    } finally {
      sender.shutdownNow();
      probe.release.countDown();
    }
  }

  /**
   * Without pongs (the caller's inbound blocked) the caller gives up the stream after two intervals
   * and the handler is cancelled (reference 6, testServerStream*NoPing).
   */
  @Test
  void streamWithoutPongsFailsAndCancelsTheHandler() throws Exception {
    Assumptions.assumeTrue(grid.supportsFaults(), "this transport cannot pause inbound frames");
    TestGrid fast =
        start(
            GridSpec.of(
                2,
                CONFIG.toBuilder()
                    .streamPingInterval(Duration.ofMillis(100))
                    .pingInterval(Duration.ofSeconds(30))
                    .build(),
                (i, b) -> probe.register(b)));
    Stream s = fast.conn(0, 1).newStream("stream.wait0", null, CallOptions.defaults());
    assertThat(probe.started.await(10, TimeUnit.SECONDS)).isTrue();
    fast.pauseInbound(0, true);
    Response r = s.next();
    assertThat(r.error()).isInstanceOf(DisconnectedException.class);
    fast.pauseInbound(0, false);
    assertThat(probe.cancelled.await(10, TimeUnit.SECONDS)).isTrue();
    Fixtures.assertNoActiveMuxes(fast, 2);
  }

  // ---- disconnect, reconnect, restart, handshake ------------------------------------------------

  /** Reference 6, TestDisconnect: calls in flight end, handlers are cancelled, the link returns. */
  @Test
  void disconnectFailsCallsCancelsHandlersAndReconnects() throws Exception {
    CompletableFuture<byte[]> single = c01().requestAsync("block", null, CallOptions.defaults());
    assertThat(probe.started.await(10, TimeUnit.SECONDS)).isTrue();
    grid.killLinks();
    assertThatThrownBy(() -> single.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(DisconnectedException.class);
    assertThat(probe.cancelled.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(c01().awaitConnected(Duration.ofSeconds(10))).isTrue();

    probe.reset();
    Stream s = c01().newStream("stream.wait0", null, CallOptions.defaults());
    assertThat(probe.started.await(10, TimeUnit.SECONDS)).isTrue();
    grid.killLinks();
    assertThat(s.next().error()).isInstanceOf(DisconnectedException.class);
    assertThat(probe.cancelled.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(c01().awaitConnected(Duration.ofSeconds(10))).isTrue();
    assertThat(c01().request("echo", new byte[] {1})).containsExactly(1);
    assertThat(c01().stats().reconnects()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void callsFailFastWhileDisconnected() {
    grid.node(1).close();
    await().atMost(Duration.ofSeconds(10)).until(() -> c01().state() != ConnectionState.CONNECTED);
    assertThatThrownBy(() -> c01().request("echo", null))
        .isInstanceOf(DisconnectedException.class)
        .hasMessageContaining(grid.host(1));
    assertThatThrownBy(() -> c01().newStream("stream.echo", null, CallOptions.defaults()))
        .isInstanceOf(DisconnectedException.class);
  }

  @Test
  void restartedPeerIsNoticed() {
    List<String> events = new CopyOnWriteArrayList<>();
    TestGrid g =
        start(
            GridSpec.of(2, CONFIG, (i, b) -> probe.register(b))
                .withListeners(
                    i ->
                        new GridListener() {
                          @Override
                          public void onConnected(String remote, UUID id, boolean restarted) {
                            events.add(i + ":" + remote + ":" + restarted);
                          }
                        }));
    UUID before = g.conn(0, 1).stats().remoteInstanceId();
    g.restart(1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                !before.equals(g.conn(0, 1).stats().remoteInstanceId())
                    && g.conn(0, 1).state() == ConnectionState.CONNECTED);
    assertThat(events).contains("0:" + g.host(1) + ":true");
    assertThat(g.conn(0, 1).request("echo", new byte[] {1})).containsExactly(1);
  }

  @Test
  void wrongSecretIsRefusedWithAReasonOnBothSides() {
    List<String> refusals = new CopyOnWriteArrayList<>();
    TestGrid g =
        start(
            GridSpec.of(2, CONFIG, (i, b) -> probe.register(b))
                .withSecrets(i -> i == 0 ? "the right secret" : "a wrong secret!")
                .withListeners(
                    i ->
                        new GridListener() {
                          @Override
                          public void onRejected(String remote, String reason, boolean byRemote) {
                            refusals.add(i + ":" + byRemote + ":" + reason);
                          }
                        })
                .notAwaitingConnections());
    await().atMost(Duration.ofSeconds(10)).until(() -> !refusals.isEmpty());
    assertThat(refusals).anySatisfy(r -> assertThat(r).contains("token does not match"));
    assertThat(g.conn(0, 1).state()).isNotEqualTo(ConnectionState.CONNECTED);
    assertThat(g.conn(1, 0).state()).isNotEqualTo(ConnectionState.CONNECTED);
  }

  @Test
  void threeNodesAllTalkToEachOther() {
    TestGrid g = start(GridSpec.of(3, CONFIG, (i, b) -> probe.register(b)));
    for (int a = 0; a < 3; a++) {
      for (int b = 0; b < 3; b++) {
        if (a != b) {
          assertThat(new String(g.conn(a, b).request("caller", null), UTF_8)).isEqualTo(g.host(a));
        }
      }
    }
    Fixtures.assertNoActiveMuxes(g, 3);
  }

  @Test
  void statsCountTraffic() {
    c01().request("echo", new byte[100]);
    var s = c01().stats();
    assertThat(s.state()).isEqualTo(ConnectionState.CONNECTED);
    assertThat(s.bytesOut()).isGreaterThan(100);
    assertThat(s.bytesIn()).isGreaterThan(100);
    assertThat(s.messagesOut()).isGreaterThanOrEqualTo(1);
    assertThat(s.remoteInstanceId()).isEqualTo(grid.node(1).instanceId());
    assertThat(Arrays.asList(s.toString())).isNotEmpty();
  }
}
