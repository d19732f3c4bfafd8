package io.eegrid.mux;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class AuthTokenTest {
  private static final byte[] SECRET = "a cluster secret".getBytes(UTF_8);

  @Test
  void aFreshTokenVerifies() {
    String t = AuthToken.create(SECRET, "h:1", 1_000_000);
    assertThat(AuthToken.verify(SECRET, "h:1", t, 1_000_500, 5000)).isNull();
    assertThat(t).startsWith("v1.1000000.").doesNotContain("cluster");
  }

  @Test
  void tokensDifferEachTimeThroughTheNonce() {
    assertThat(AuthToken.create(SECRET, "h:1", 1)).isNotEqualTo(AuthToken.create(SECRET, "h:1", 1));
  }

  @Test
  void anotherSecretAnotherHostOrAnOldTokenIsRefused() {
    String t = AuthToken.create(SECRET, "h:1", 1_000_000);
    assertThat(AuthToken.verify("other secret!".getBytes(UTF_8), "h:1", t, 1_000_000, 5000))
        .contains("does not match");
    assertThat(AuthToken.verify(SECRET, "h:2", t, 1_000_000, 5000)).contains("does not match");
    assertThat(AuthToken.verify(SECRET, "h:1", t, 1_010_000, 5000)).contains("10000 ms away");
  }

  /**
   * Found by AuthTokenFuzzTest.verifyOwnToken (crash-a5fa88f4...): |now - time| was computed as
   * Math.abs(now - time), which overflows for times far apart and then passed the skew check.
   */
  @Test
  void tokenTimeFarFromTheClockIsRefusedNotWrappedAround() {
    long now = 1_700_000_000_000L;
    for (long time : new long[] {Long.MIN_VALUE + now, Long.MIN_VALUE}) {
      String t = AuthToken.create(SECRET, "h:1", time);
      assertThat(AuthToken.verify(SECRET, "h:1", t, now, 5000))
          .as("token time %d", time)
          .startsWith("token time is " + Long.MAX_VALUE + " ms away");
    }
    String t = AuthToken.create(SECRET, "h:1", -Long.MAX_VALUE);
    assertThat(AuthToken.verify(SECRET, "h:1", t, Long.MAX_VALUE, 5000))
        .startsWith("token time is " + Long.MAX_VALUE + " ms away");
    // The limit itself is not a way round: the distance is beyond any long limit.
    long time = 3503411964244041374L;
    assertThat(
            AuthToken.verify(
                SECRET,
                "h:1",
                AuthToken.create(SECRET, "h:1", time),
                -7016996347047837697L,
                Long.MAX_VALUE))
        .startsWith("token time is");
    assertThat(AuthToken.withinMillis(Long.MAX_VALUE, 0, Long.MAX_VALUE)).isTrue();
    assertThat(AuthToken.withinMillis(-1, Long.MAX_VALUE, Long.MAX_VALUE)).isFalse();
    assertThat(AuthToken.distanceMillis(Long.MAX_VALUE, Long.MIN_VALUE)).isEqualTo(Long.MAX_VALUE);
    assertThat(AuthToken.distanceMillis(-1, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    assertThat(AuthToken.distanceMillis(5, 8)).isEqualTo(3);
    assertThat(AuthToken.distanceMillis(Long.MIN_VALUE, Long.MIN_VALUE)).isZero();
  }

  @Test
  void malformedTokensAreRefused() {
    for (String bad :
        new String[] {null, "", "v1", "v2.1.a.b", "v1.x.a.b", "v1.1.a.!!", "v1.1.a"}) {
      assertThat(AuthToken.verify(SECRET, "h:1", bad, 1, 5000)).as(bad).isNotNull();
    }
  }

  @Test
  void aTamperedMacIsRefused() {
    String t = AuthToken.create(SECRET, "h:1", 1_000_000);
    char last = t.charAt(t.length() - 2);
    String tampered =
        t.substring(0, t.length() - 2) + (last == 'A' ? 'B' : 'A') + t.charAt(t.length() - 1);
    assertThat(AuthToken.verify(SECRET, "h:1", tampered, 1_000_000, 5000)).isNotNull();
  }
}
