package io.eegrid.mux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class BackoffTest {
  @Test
  void delayDoublesUpToTheCapWithJitterInTheUpperHalf() {
    Backoff low = new Backoff(100, 1000, () -> 0.0);
    Backoff high = new Backoff(100, 1000, () -> 0.999999);
    long[] caps = {100, 200, 400, 800, 1000, 1000, 1000};
    for (int attempt = 0; attempt < caps.length; attempt++) {
      assertThat(low.delayNanos(attempt))
          .as("attempt %d low", attempt)
          .isEqualTo(caps[attempt] / 2);
      assertThat(high.delayNanos(attempt))
          .as("attempt %d high", attempt)
          .isBetween(caps[attempt] / 2, caps[attempt]);
    }
  }

  @Test
  void hugeAttemptCountsStayAtTheCap() {
    Backoff b = new Backoff(1_000_000, 10_000_000_000L, () -> 0.5);
    assertThat(b.delayNanos(Integer.MAX_VALUE)).isEqualTo(7_500_000_000L);
  }
}
