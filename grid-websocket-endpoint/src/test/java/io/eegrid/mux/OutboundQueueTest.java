package io.eegrid.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eegrid.CancelledException;
import io.eegrid.DeadlineExceededException;
import io.eegrid.DisconnectedException;
import io.eegrid.GridException;
import io.eegrid.protocol.Message;
import io.eegrid.protocol.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The output queue's admission, ordering, merging and wake-up rules. */
@Timeout(10)
class OutboundQueueTest {
  private static Message data(int size) {
    return Message.of(1, 0, Op.MUX_CLIENT_MSG, 0, new byte[size]);
  }

  private static final class Call implements OutboundQueue.CallState {
    volatile GridException ended;
    volatile long deadline;

    @Override
    public GridException endedError() {
      return ended;
    }

    @Override
    public long deadlineNanos() {
      return deadline;
    }
  }

  @Test
  void controlMessagesNeverWaitEvenWhenDataIsFull() {
    OutboundQueue q = new OutboundQueue(16, 1 << 20);
    for (int i = 0; i < 16; i++) {
      q.putData(data(1), null, null);
    }
    for (int i = 0; i < 100; i++) {
      assertThat(q.offerControl(Message.of(0, 0, Op.PING, 0, null))).isTrue();
    }
    assertThat(q.size()).isEqualTo(116);
  }

  @Test
  void controlPastTheHardCapIsRefused() {
    OutboundQueue q = new OutboundQueue(16, 1 << 20);
    int accepted = 0;
    while (q.offerControl(Message.of(0, 0, Op.PING, 0, null))) {
      accepted++;
    }
    assertThat(accepted).isEqualTo(16 * 2 + 1024);
  }

  @Test
  void aBlockedSenderWakesWhenItsCallEnds() throws Exception {
    OutboundQueue q = new OutboundQueue(16, 1 << 20);
    for (int i = 0; i < 16; i++) {
      q.putData(data(1), null, null);
    }
    Call call = new Call();
    CompletableFuture<Void> blocked =
        CompletableFuture.runAsync(() -> q.putData(data(1), call, null));
    assertThat(blocked).isNotDone();
    call.ended = new CancelledException("cancelled by the test");
    q.wakeWaiters();
    assertThatThrownBy(() -> blocked.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(CancelledException.class);
  }

  @Test
  void aBlockedSenderWakesAtItsDeadline() {
    OutboundQueue q = new OutboundQueue(16, 1 << 20);
    for (int i = 0; i < 16; i++) {
      q.putData(data(1), null, null);
    }
    Call call = new Call();
    call.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    assertThatThrownBy(() -> q.putData(data(1), call, null))
        .isInstanceOf(DeadlineExceededException.class);
  }

  @Test
  void closingWakesBlockedSendersAndDropsWhatIsQueued() throws Exception {
    OutboundQueue q = new OutboundQueue(16, 1 << 20);
    for (int i = 0; i < 16; i++) {
      q.putData(data(1), null, null);
    }
    CompletableFuture<Void> blocked =
        CompletableFuture.runAsync(() -> q.putData(data(1), null, null));
    q.close("link lost");
    assertThatThrownBy(() -> blocked.get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(DisconnectedException.class)
        .hasMessageContaining("link lost");
    assertThat(q.size()).isZero();
    assertThat(q.claimWriter()).as("nothing to write on a closed queue").isFalse();
    assertThat(q.takeOwned(new ArrayList<>(), 50, 1 << 15)).isFalse();
  }

  @Test
  void byteLimitHoldsSendersButAlwaysAdmitsIntoAnEmptyQueue() {
    OutboundQueue q = new OutboundQueue(1000, 64 * 1024);
    q.putData(data(200 * 1024), null, null); // larger than the limit, but the queue was empty
    assertThat(q.bytes()).isEqualTo(200 * 1024);
    Call call = new Call();
    call.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    assertThatThrownBy(() -> q.putData(data(1), call, null))
        .isInstanceOf(DeadlineExceededException.class);
  }

  @Test
  void batchesKeepOrderAndRespectCountAndByteLimits() throws Exception {
    OutboundQueue q = new OutboundQueue(1000, 1 << 20);
    AtomicLong seq = new AtomicLong();
    for (int i = 0; i < 120; i++) {
      q.putData(data(100), null, seq);
    }
    List<Message> batch = new ArrayList<>();
    assertThat(q.claimWriter()).isTrue();
    assertThat(q.takeOwned(batch, 50, 1 << 20)).isTrue();
    assertThat(batch).hasSize(50);
    for (int i = 0; i < 50; i++) {
      assertThat(batch.get(i).seq).isEqualTo(i + 1);
    }
    batch.clear();
    assertThat(q.takeOwned(batch, 50, 1000)).isTrue();
    assertThat(batch).hasSize(10); // 10 x 100 payload bytes
    assertThat(batch.get(0).seq).isEqualTo(51);
  }

  @Test
  void theWriterRoleHasOneHolderAndIsGivenBackOnlyWhenNothingIsQueued() {
    OutboundQueue q = new OutboundQueue(1000, 1 << 20);
    assertThat(q.claimWriter()).as("nothing queued: nothing to claim").isFalse();
    q.putData(data(1), null, null);
    assertThat(q.claimWriter()).isTrue();
    assertThat(q.claimWriter()).as("already held").isFalse();
    List<Message> batch = new ArrayList<>();
    assertThat(q.takeOwned(batch, 50, 1 << 15)).isTrue();
    q.putData(data(1), null, null); // queued while the first frame is outstanding
    assertThat(q.claimWriter()).as("still held while a frame is outstanding").isFalse();
    assertThat(q.releaseWriterIfIdle()).as("something is queued: the holder goes on").isFalse();
    batch.clear();
    assertThat(q.takeOwned(batch, 50, 1 << 15)).isTrue();
    assertThat(q.releaseWriterIfIdle()).isTrue();
    q.putData(data(1), null, null);
    assertThat(q.claimWriter()).as("free again").isTrue();
  }

  @Test
  void finishSendsWhatIsQueuedThenStops() throws Exception {
    OutboundQueue q = new OutboundQueue(16, 1 << 20);
    q.offerControl(Message.of(0, 0, Op.CONNECT_RESPONSE, 0, null));
    q.finish();
    assertThat(q.isDrainedAfterFinish()).isFalse();
    List<Message> batch = new ArrayList<>();
    assertThat(q.claimWriter()).isTrue();
    assertThat(q.takeOwned(batch, 50, 1 << 15)).isTrue();
    assertThat(batch).hasSize(1);
    assertThat(q.takeOwned(batch, 50, 1 << 15)).isFalse();
    assertThat(q.isDrainedAfterFinish()).isTrue();
  }
}
