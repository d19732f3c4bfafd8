package io.eegrid.mux;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Redial delays: capped exponential backoff with "equal jitter". Attempt {@code n} (0 = first
 * retry) waits a random time in {@code [cap/2, cap)} where {@code cap = min(max, min * 2^n)}.
 * Stateless; the random source is injectable for tests.
 */
public final class Backoff {
  private final long minNanos;
  private final long maxNanos;
  private final DoubleSupplier random;

  public Backoff(long minNanos, long maxNanos) {
    this(minNanos, maxNanos, () -> ThreadLocalRandom.current().nextDouble());
  }

  Backoff(long minNanos, long maxNanos, DoubleSupplier random) {
    this.minNanos = minNanos;
    this.maxNanos = maxNanos;
    this.random = random;
  }

  /** The delay before retry {@code attempt} (0-based), in nanoseconds. */
  public long delayNanos(int attempt) {
    long cap = minNanos;
    for (int i = 0; i < attempt && cap < maxNanos; i++) {
      cap *= 2;
    }
    cap = Math.min(cap, maxNanos);
    return cap / 2 + (long) (random.getAsDouble() * (cap / 2));
  }
}
