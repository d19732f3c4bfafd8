package io.eegrid.fuzz;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.eegrid.mux.AuthToken;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes {@link AuthToken#verify} (docs/PROTOCOL.md 9), the check every upgrade request and every
 * CONNECT of an unauthenticated peer reaches.
 *
 * <p>Property: {@code verify} returns null or one of the reasons of section 9, and never throws. It
 * returns null only for a token whose time is within the skew of the receiver's clock and whose MAC
 * a reference implementation of section 9 also computes; a reason never contains the secret or the
 * expected MAC. For tokens made by {@link AuthToken#create}, it returns null exactly when |now −
 * time| ≤ maxSkew in exact arithmetic, and never for another host.
 *
 * <p>Stateless.
 */
@Tag("fuzz")
class AuthTokenFuzzTest {
  static final byte[] SECRET = "fuzzing-cluster-secret".getBytes(UTF_8);
  static final long NOW_MILLIS = 1_700_000_000_000L;
  static final long MAX_SKEW_MILLIS = 15 * 60 * 1000L;

  /**
   * A host and a token as a peer sends them: the input's bytes up to the first newline are the
   * host, the rest the token (both UTF-8, invalid sequences replaced), checked at {@link
   * #NOW_MILLIS} against {@link #SECRET}.
   */
  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void verifyPeerToken(byte[] hostAndToken) {
    int newline = indexOf(hostAndToken, (byte) '\n');
    String host = new String(hostAndToken, 0, newline < 0 ? hostAndToken.length : newline, UTF_8);
    String token =
        newline < 0
            ? null
            : new String(hostAndToken, newline + 1, hostAndToken.length - newline - 1, UTF_8);
    String reason = AuthToken.verify(SECRET, host, token, NOW_MILLIS, MAX_SKEW_MILLIS);
    if (reason == null) {
      assertThat(referenceAccepts(host, token))
          .as("verify accepted host %s token %s, the reference does not", host, token)
          .isTrue();
      return;
    }
    assertThat(reason)
        .as("reason for host %s token %s", host, token)
        .matches(
            "no token|malformed token|malformed token: \\d+ tokens, at most 2"
                + "|token time is \\d+ ms away from this node's clock \\(limit \\d+ ms\\)"
                + "|token does not match this node's secret for host (?s).*");
    assertThat(reason).doesNotContain(new String(SECRET, UTF_8));
    for (String one : token == null ? new String[0] : token.split(" ", -1)) {
      String expectedMac = referenceMac(host, one);
      if (expectedMac != null) {
        assertThat(reason).doesNotContain(expectedMac);
      }
    }
  }

  /** Tokens made by this node's own code, at any time, checked at any clock with any skew. */
  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void verifyOwnToken(FuzzedDataProvider data) {
    long timeMillis = data.consumeLong();
    long nowMillis = data.consumeLong();
    long maxSkewMillis = data.consumeLong(0, Long.MAX_VALUE);
    String host = data.consumeRemainingAsString();
    String token = AuthToken.create(SECRET, host, timeMillis);
    boolean inWindow =
        BigInteger.valueOf(nowMillis)
                .subtract(BigInteger.valueOf(timeMillis))
                .abs()
                .compareTo(BigInteger.valueOf(maxSkewMillis))
            <= 0;
    String reason = AuthToken.verify(SECRET, host, token, nowMillis, maxSkewMillis);
    assertThat(reason == null)
        .as(
            "token made at %d checked at %d with skew %d: %s",
            timeMillis, nowMillis, maxSkewMillis, reason)
        .isEqualTo(inWindow);
    if (inWindow) {
      assertThat(AuthToken.verify(SECRET, host + "x", token, nowMillis, maxSkewMillis))
          .as("the token of %s checked for another host", host)
          .startsWith("token does not match");
    } else {
      assertThat(reason).startsWith("token time is ").doesNotContain("-");
    }
  }

  /** Section 9, written again from the text: null when the token is malformed. */
  private static String referenceMac(String host, String token) {
    if (token == null) {
      return null;
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals("v1")) {
      return null;
    }
    long time;
    try {
      time = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      return null;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
      byte[] expected =
          mac.doFinal(("eegrid-v1\n" + host + "\n" + time + "\n" + parts[2]).getBytes(UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(expected);
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Section 9 with rotation: the field holds one token or two separated by one space, and is
   * accepted when any of them is.
   */
  private static boolean referenceAccepts(String host, String tokens) {
    if (tokens == null) {
      return false;
    }
    String[] each = tokens.split(" ", -1);
    if (each.length > 2) {
      return false;
    }
    for (String token : each) {
      if (referenceAcceptsOne(host, token)) {
        return true;
      }
    }
    return false;
  }

  private static boolean referenceAcceptsOne(String host, String token) {
    String expected = referenceMac(host, token);
    if (expected == null) {
      return false;
    }
    String[] parts = token.split("\\.", -1);
    long time = Long.parseLong(parts[1]);
    boolean inWindow =
        BigInteger.valueOf(NOW_MILLIS)
                .subtract(BigInteger.valueOf(time))
                .abs()
                .compareTo(BigInteger.valueOf(MAX_SKEW_MILLIS))
            <= 0;
    byte[] sent;
    try {
      sent = Base64.getUrlDecoder().decode(parts[3]);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return inWindow && java.util.Arrays.equals(sent, Base64.getUrlDecoder().decode(expected));
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
