package io.eegrid.mux;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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

  /** PROTOCOL.md section 9 says its test vector is checked against the code: this is the check. */
  @Test
  void theProtocolTestVectorVerifies() {
    String vector = "v1.1700000000000.AAECAwQFBgcICQoL.HY5wuCz40isIjAOq8EGYu4JOHPjWxRcFB4FKJ2YpXiA";
    assertThat(
            AuthToken.verify(
                "example-secret".getBytes(UTF_8), "10.0.0.1:8080", vector, 1700000000000L, 1000))
        .isNull();
  }

  /** The MAC covers the host, the time and the nonce: changing any one of them breaks it. */
  @Test
  void theMacBindsHostTimeAndNonce() {
    String t = AuthToken.create(SECRET, "h:1", 1_000_000);
    String[] p = t.split("\\.");
    String otherTime = p[0] + ".1000001." + p[2] + "." + p[3];
    String otherNonce = p[0] + "." + p[1] + "." + "AAAAAAAAAAAAAAAA" + "." + p[3];
    assertThat(AuthToken.verify(SECRET, "h:1", otherTime, 1_000_000, 5000))
        .contains("does not match");
    assertThat(AuthToken.verify(SECRET, "h:1", otherNonce, 1_000_000, 5000))
        .contains("does not match");
    assertThat(AuthToken.verify(SECRET, "h:10", t, 1_000_000, 5000)).contains("does not match");
  }

  /** The skew window is inclusive, in both directions, and nothing beyond it is accepted. */
  @Test
  void theClockSkewWindowIsExact() {
    String t = AuthToken.create(SECRET, "h:1", 1_000_000);
    assertThat(AuthToken.verify(SECRET, "h:1", t, 1_005_000, 5000)).isNull();
    assertThat(AuthToken.verify(SECRET, "h:1", t, 995_000, 5000)).isNull();
    assertThat(AuthToken.verify(SECRET, "h:1", t, 1_005_001, 5000)).contains("5001 ms away");
    assertThat(AuthToken.verify(SECRET, "h:1", t, 994_999, 5000)).contains("5001 ms away");
  }

  @Test
  void aNodeWithTwoSecretsAcceptsATokenOfEither() {
    byte[] previous = "the previous secret".getBytes(UTF_8);
    List<byte[]> both = List.of(SECRET, previous);
    assertThat(AuthToken.verify(both, "h:1", AuthToken.create(SECRET, "h:1", 1), 1, 5000)).isNull();
    assertThat(AuthToken.verify(both, "h:1", AuthToken.create(previous, "h:1", 1), 1, 5000))
        .isNull();
    assertThat(
            AuthToken.verify(
                both, "h:1", AuthToken.create("a third secret".getBytes(UTF_8), "h:1", 1), 1, 5000))
        .contains("does not match");
  }

  @Test
  void aTokenFieldWithOneTokenPerSecretIsAcceptedByANodeKnowingOnlyOne() {
    byte[] next = "the next secret!".getBytes(UTF_8);
    String field = AuthToken.createAll(List.of(next, SECRET), "h:1", 1);
    assertThat(field.split(" ")).hasSize(2);
    assertThat(AuthToken.verify(SECRET, "h:1", field, 1, 5000)).isNull();
    assertThat(AuthToken.verify(next, "h:1", field, 1, 5000)).isNull();
    assertThat(AuthToken.verify("unrelated secret".getBytes(UTF_8), "h:1", field, 1, 5000))
        .contains("does not match");
  }

  @Test
  void moreTokensThanSecretsANodeCanHoldAreRefused() {
    String one = AuthToken.create(SECRET, "h:1", 1);
    assertThat(AuthToken.verify(SECRET, "h:1", one + " " + one + " " + one, 1, 5000))
        .contains("3 tokens, at most 2");
  }
}
