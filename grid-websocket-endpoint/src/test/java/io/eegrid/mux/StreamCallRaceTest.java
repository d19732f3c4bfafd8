package io.eegrid.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.eegrid.CancelledException;
import io.eegrid.Response;
import io.eegrid.protocol.Flags;
import io.eegrid.protocol.Message;
import io.eegrid.protocol.Op;
import io.eegrid.protocol.Payloads;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Races on the caller's side of a stream, each made deterministic by parking one side where the
 * race window is (a sender waiting for room in a full output queue), then letting the other side
 * in. Named after the bugs they found.
 */
@Timeout(20)
class StreamCallRaceTest {
  private static final byte[] ITEM = {7};

  /**
   * Bug: a send() that had taken its credit and was waiting for queue room when the handler's last
   * responses and end of stream arrived failed the stream locally, which dropped the buffered
   * responses (the reader got CancelledException instead of them) and sent a needless
   * DISCONNECT_SERVER_MUX. This is MinIO's bug 5.5 (trailing responses lost when a cancel is seen
   * before the end of stream) by another path. PROTOCOL.md 11.5: an end of stream keeps what is
   * buffered; send() after it throws, and that is all.
   */
  @Test
  void sendRacingTheHandlersEndKeepsBufferedResponses() throws Exception {
    Session session = ModelHarness.session();
    StreamCall call = session.register(new StreamCall(session, 1, 64, session.nanoTime()));
    call.receive(Message.of(1, 0, Op.ACK_MUX, 0, Payloads.encodeWindows(4, 4)));
    fillQueue(session);

    CompletableFuture<Void> send = CompletableFuture.runAsync(() -> call.send(new byte[] {1}));
    awaitWaitingForRoom(session, send);

    call.receive(Message.of(1, 1, Op.MUX_SERVER_MSG, 0, ITEM));
    call.receive(Message.of(1, 2, Op.MUX_SERVER_MSG, Flags.EOF, null));

    assertThat(send)
        .failsWithin(5, TimeUnit.SECONDS)
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause()
        .isInstanceOf(CancelledException.class)
        .withMessageContaining("already ended by the handler");
    Response first = call.next();
    assertThat(first).as("the response buffered before the handler's end").isNotNull();
    assertThat(first.isError()).as("first read is %s", first).isFalse();
    assertThat(first.payload()).containsExactly(ITEM);
    assertThat(call.next()).as("end of stream after the buffered response").isNull();
    assertThat(session.clients).as("the ended stream left the session's table").isEmpty();
    List<Message> queued = ModelHarness.drain(session);
    assertThat(ModelHarness.count(queued, Op.DISCONNECT_SERVER_MUX))
        .as("DISCONNECT_SERVER_MUX after a clean end of stream")
        .isZero();
    assertThat(ModelHarness.count(queued, Op.MUX_CLIENT_MSG))
        .as("the request that lost the race was not queued")
        .isZero();
  }

  /** A sender waiting for room still ends, and ends the stream, when the caller cancels. */
  @Test
  void cancelWakesASenderWaitingForRoomAndTellsTheHandlerOnce() throws Exception {
    Session session = ModelHarness.session();
    StreamCall call = session.register(new StreamCall(session, 1, 64, session.nanoTime()));
    call.receive(Message.of(1, 0, Op.ACK_MUX, 0, Payloads.encodeWindows(4, 4)));
    fillQueue(session);
    CompletableFuture<Void> send = CompletableFuture.runAsync(() -> call.send(new byte[] {1}));
    awaitWaitingForRoom(session, send);

    call.cancel();
    call.cancel();

    assertThat(send)
        .failsWithin(5, TimeUnit.SECONDS)
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause()
        .isInstanceOf(CancelledException.class);
    assertThat(call.next().isError()).isTrue();
    assertThat(call.next()).isNull();
    assertThat(session.clients).isEmpty();
    assertThat(ModelHarness.count(ModelHarness.drain(session), Op.DISCONNECT_SERVER_MUX))
        .as("DISCONNECT_SERVER_MUX sent for one cancelled stream")
        .isEqualTo(1);
  }

  /** Fills the session's output queue to its message limit, so the next data message waits. */
  static void fillQueue(Session session) {
    int max = session.grid.config.maxQueuedMessages();
    for (int i = 0; i < max; i++) {
      session.queue.putData(Message.of(99, 0, Op.RESPONSE, 0, null), null, null);
    }
  }

  /** Waits until some thread is parked in {@link OutboundQueue#putData} (the race window). */
  static void awaitWaitingForRoom(Session session, CompletableFuture<?> sender) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              assertThat(sender).as("the sender, which must wait for room").isNotDone();
              return Thread.getAllStackTraces().entrySet().stream()
                  .anyMatch(
                      e ->
                          e.getKey().getState() == Thread.State.WAITING
                              && List.of(e.getValue()).stream()
                                  .anyMatch(
                                      f ->
                                          f.getClassName().equals(OutboundQueue.class.getName())
                                              && f.getMethodName().equals("putData")));
            });
  }
}
