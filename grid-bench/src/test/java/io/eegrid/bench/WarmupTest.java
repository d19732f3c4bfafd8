package io.eegrid.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The flow warm-up's rule for "the rate has levelled", on rates a probe saw (k msg/s per 0.5 s).
 */
class WarmupTest {
  /** The first 4.5 s of an EE Grid 64 B flow in a fresh JVM: still on the JIT ramp. */
  private static final List<Long> RAMP = List.of(27L, 77L, 93L, 113L, 129L, 190L, 171L, 165L, 221L);

  @Test
  void aFlowStillOnTheRampHasNotLevelled() {
    for (int n = 1; n <= RAMP.size(); n++) {
      assertThat(Warmup.levelled(RAMP.subList(0, n))).as("first %d windows", n).isFalse();
    }
  }

  @Test
  void aFlowThatStoppedRisingHasLevelledDespiteItsNoise() {
    // The same flow 4.5 to 8 s in: 327 386 332 391 343 373 316 (within 20 % of each other).
    List<Long> rates = new java.util.ArrayList<>(RAMP);
    rates.addAll(List.of(327L, 386L, 332L, 391L));
    assertThat(Warmup.levelled(rates)).as("the last 2 s still rose").isFalse();
    rates.addAll(List.of(343L, 373L, 316L));
    assertThat(Warmup.levelled(rates)).isTrue();
  }

  @Test
  void aFlowAtFullRateFromItsStartLevelsAsSoonAsThereAreWindowsToCompare() {
    List<Long> flat = List.of(300L, 310L, 295L, 305L, 300L);
    assertThat(Warmup.levelled(flat.subList(0, Warmup.FLOW_RECENT_WINDOWS))).isFalse();
    assertThat(Warmup.levelled(flat)).isTrue();
  }
}
