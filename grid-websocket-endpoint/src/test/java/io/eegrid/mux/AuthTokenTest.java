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
