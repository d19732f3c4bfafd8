package io.eegrid.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eegrid.DisconnectedException;
import io.eegrid.protocol.Message;
import io.eegrid.protocol.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real threads on a small output queue, drained the way {@link Session}'s writer drains it: a
 * producer that queued a message tries to {@link OutboundQueue#claimWriter claim} the writer role
 * and, if it got it, wakes the writer (Session hands it to the executor), which takes batches
 * ({@link OutboundQueue#takeOwned}) until the queue is empty and the role is free again. Several
 * producers mixing data and control messages, often blocked for room, against one writer; then a
 * close racing both. Complements the model check ({@link OutboundQueueModelTest}), which explores
 * every interleaving of a few operations; this one runs thousands of operations with the wake-ups a
 * model check cannot afford.
 *
 * <p>Invariants: nothing lost, nothing duplicated, each producer's order kept, count and byte
 * accounting back to zero, every blocked producer woken (a lost wake-up hangs a producer and fails
 * the bounded join), and after a close no thread stays stuck and what was written is, per producer,
 * an in-order prefix of what it got accepted.
 */
@Timeout(30)
class OutboundQueueStressTest {
  private static final int PRODUCERS = 3;
  private static final int PER_PRODUCER = 3_000;

  @Test
  void producersAndOneWriterLoseDuplicateAndReorderNothing() throws Exception {
    OutboundQueue q = new OutboundQueue(16, 4_096);
    Run run = new Run(q, Long.MAX_VALUE);
    run.start();
    run.awaitProducers();
    run.writerDone.await(10, TimeUnit.SECONDS);
    assertThat(run.failure.get()).as("failure in a producer or the writer").isNull();
    for (int p = 0; p < PRODUCERS; p++) {
      assertThat(run.received.get(p))
          .as("producer %d's messages as written", p)
          .hasSize(PER_PRODUCER);
      assertThat(run.accepted[p]).isEqualTo(PER_PRODUCER);
      assertInOrder(run.received.get(p), p);
    }
    assertThat(q.size()).as("messages left").isZero();
    assertThat(q.bytes()).as("payload bytes left").isZero();
  }

  @RepeatedTest(5)
  void closeRacingProducersAndTheWriterLeavesNothingStuck() throws Exception {
    OutboundQueue q = new OutboundQueue(16, 4_096);
    Run run = new Run(q, ThreadLocalRandom.current().nextInt(PER_PRODUCER * PRODUCERS / 2));
    run.start();
    run.awaitProducers();
    assertThat(run.writerDone.await(10, TimeUnit.SECONDS)).as("writer stopped").isTrue();
    assertThat(run.failure.get()).as("failure in a producer or the writer").isNull();
    for (int p = 0; p < PRODUCERS; p++) {
      List<Message> got = run.received.get(p);
      // What reached the wire is a prefix of what the producer got accepted, in order.
      assertThat(got.size()).isLessThanOrEqualTo(run.accepted[p]);
      assertInOrder(got, p);
    }
    assertThat(q.size()).isZero();
    assertThat(q.bytes()).isZero();
    assertThatThrownBy(() -> q.putData(Message.of(0, 0, Op.MUX_CLIENT_MSG, 0, null), null, null))
        .as("data after the close")
        .isInstanceOf(DisconnectedException.class);
  }

  private static void assertInOrder(List<Message> got, int producer) {
    for (int i = 0; i < got.size(); i++) {
      assertThat(got.get(i).seq).as("message %d of producer %d", i, producer).isEqualTo(i + 1);
    }
  }

  /**
   * Producers and a writer on one queue; the writer closes it after {@code closeAfter} messages.
   */
  private static final class Run {
    final OutboundQueue q;
    final long closeAfter;
    final List<List<Message>> received = new ArrayList<>();
    final int[] accepted = new int[PRODUCERS];
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    final CountDownLatch writerDone = new CountDownLatch(1);
    final CyclicBarrier go = new CyclicBarrier(PRODUCERS + 1);

    /** One permit per successful claim of the writer role: the writer's wake-up. */
    final Semaphore kicks = new Semaphore(0);

    final List<Thread> producers = new ArrayList<>();

    Run(OutboundQueue q, long closeAfter) {
      this.q = q;
      this.closeAfter = closeAfter;
      for (int p = 0; p < PRODUCERS; p++) {
        received.add(new ArrayList<>());
      }
    }

    void start() {
      for (int p = 0; p < PRODUCERS; p++) {
        int id = p;
        Thread t = new Thread(() -> produce(id), "producer-" + p);
        producers.add(t);
        t.start();
      }
      new Thread(this::write, "writer").start();
    }

    private void produce(int p) {
      try {
        go.await(10, TimeUnit.SECONDS);
        for (int i = 1; i <= PER_PRODUCER; i++) {
          // Alternate data (may wait for room) and control (never waits); vary payload sizes.
          Message m = Message.of(p, i, Op.MUX_CLIENT_MSG, 0, new byte[(i * 37 + p) % 600]);
          if (i % 5 == 0) {
            if (!q.offerControl(m)) {
              throw new AssertionError("control refused below the hard cap");
            }
          } else {
            q.putData(m, null, null);
          }
          if (q.claimWriter()) {
            kicks.release();
          }
          accepted[p] = i;
        }
      } catch (DisconnectedException closed) {
        // the close came first: the rest is not sent
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
      }
    }

    private void write() {
      try {
        go.await(10, TimeUnit.SECONDS);
        long total = 0;
        List<Message> batch = new ArrayList<>();
        writing:
        while (true) {
          if (!kicks.tryAcquire(10, TimeUnit.SECONDS)) {
            throw new AssertionError("messages queued but nobody claimed the writer: a lost kick");
          }
          while (q.takeOwned(batch, 50, 32 * 1024)) { // false: empty (or closed), role given back
            for (Message m : batch) {
              received.get((int) m.muxId).add(m);
            }
            total += batch.size();
            batch.clear();
            if (total >= closeAfter) {
              q.close("closed by the test after " + total + " messages");
              break writing;
            }
          }
          if (total == (long) PRODUCERS * PER_PRODUCER) {
            break;
          }
        }
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
      } finally {
        writerDone.countDown();
      }
    }

    void awaitProducers() throws InterruptedException {
      for (Thread t : producers) {
        t.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(t.isAlive()).as("%s still blocked: a lost wake-up", t.getName()).isFalse();
      }
    }
  }
}
