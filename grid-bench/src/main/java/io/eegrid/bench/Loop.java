package io.eegrid.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One call slot of a closed loop: it always has exactly one call in flight, and starts the next one
 * from the completion of the previous one, on whatever thread the system completes it. N loops keep
 * N calls in flight on one connection without any harness thread in the path.
 *
 * <p>Thread rules: {@link #replied} and {@link #failed} are called by the system, once per call;
 * {@link #stop} by the JMH thread. {@code startNanos} is written before each call is sent and read
 * when its reply arrives, ordered by the system's own hand-off.
 */
final class Loop {
  /** Index of this loop; the first 4 bytes of its payload carry it, for systems that need it. */
  final int slot;

  /** The request payload, echoed back by every system. */
  final byte[] payload;

  private final Meter meter;
  private final CountDownLatch drained = new CountDownLatch(1);
  private volatile boolean running = true;
  private Subject subject;
  private long startNanos;

  Loop(int slot, int payloadBytes, Meter meter) {
    this.slot = slot;
    this.payload = new byte[payloadBytes];
    ByteBuffer.wrap(payload).putInt(slot);
    this.meter = meter;
  }

  /** Sends the first call. */
  void start(Subject subject) {
    this.subject = subject;
    send();
  }

  private void send() {
    startNanos = System.nanoTime();
    try {
      subject.call(this);
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  /** The reply to the call in flight arrived: record it and send the next call. */
  void replied() {
    meter.roundTrip(System.nanoTime() - startNanos);
    if (running) {
      send();
    } else {
      drained.countDown();
    }
  }

  /** The call in flight failed: the loop stops, and the trial fails unless it was stopping. */
  void failed(Throwable t) {
    if (running) {
      meter.fail(t);
    }
    drained.countDown();
  }

  /** Lets the call in flight finish without starting another; waits up to {@code millis}. */
  boolean stop(long millis) throws InterruptedException {
    running = false;
    return drained.await(millis, TimeUnit.MILLISECONDS);
  }
}
