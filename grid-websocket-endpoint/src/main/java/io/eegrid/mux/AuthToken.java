package io.eegrid.mux;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The grid's authentication token (docs/PROTOCOL.md, "Authentication"): {@code
 * v1.<timeMillis>.<nonce>.<mac>} where {@code mac = HMAC-SHA256(secret, "eegrid-v1\n" + host + "\n"
 * + timeMillis + "\n" + nonce)}, base64url without padding. It proves knowledge of the secret
 * without revealing it, binds the sender's host name and time, and is compared in constant time.
 *
 * <p>During a secret rotation a node knows two secrets (docs/SECURITY.md): it then sends one token
 * per secret, current first, separated by one space ({@link #createAll}), and accepts a token field
 * when any of its tokens verifies under any of its secrets ({@link #verify(List, String, String,
 * long, long)}). Stateless and thread-safe.
 */
public final class AuthToken {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private AuthToken() {}

  /** A fresh token for {@code host} at {@code timeMillis}. */
  public static String create(byte[] secret, String host, long timeMillis) {
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    String n = B64.encodeToString(nonce);
    return "v1."
        + timeMillis
        + "."
        + n
        + "."
        + B64.encodeToString(mac(secret, host, timeMillis, n));
  }

  /** At most this many tokens in one token field (one per secret a node holds). */
  public static final int MAX_TOKENS = 2;

  /**
   * The token field for {@code host}: one fresh token per secret, in the given order (current
   * secret first), separated by one space.
   */
  public static String createAll(List<byte[]> secrets, String host, long timeMillis) {
    StringBuilder b = new StringBuilder();
    for (byte[] s : secrets) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(create(s, host, timeMillis));
    }
    return b.toString();
  }

  /**
   * Checks a token sent by {@code host}. Returns null when valid, else the reason (which never
   * contains the secret or the expected MAC).
   */
  public static String verify(
      byte[] secret, String host, String token, long nowMillis, long maxSkewMillis) {
    return verify(List.of(secret), host, token, nowMillis, maxSkewMillis);
  }

  /**
   * Checks a token field sent by {@code host}: one token, or up to {@link #MAX_TOKENS} separated by
   * one space. It is valid when any of its tokens is valid under any of {@code secrets}. Every MAC
   * is computed and compared (in constant time) whatever the outcome of the others. Returns null
   * when valid, else the reason of the first token (which never contains a secret or an expected
   * MAC).
   */
  public static String verify(
      List<byte[]> secrets, String host, String tokens, long nowMillis, long maxSkewMillis) {
    if (tokens == null) {
      return "no token";
    }
    String[] each = tokens.split(" ", -1);
    if (each.length > MAX_TOKENS) {
      return "malformed token: " + each.length + " tokens, at most " + MAX_TOKENS;
    }
    String first = null;
    boolean valid = false;
    for (String token : each) {
      String reason = verifyOne(secrets, host, token, nowMillis, maxSkewMillis);
      valid |= reason == null;
      if (first == null) {
        first = reason;
      }
    }
    return valid ? null : first;
  }

  private static String verifyOne(
      List<byte[]> secrets, String host, String token, long nowMillis, long maxSkewMillis) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals("v1")) {
      return "malformed token";
    }
    long time;
    byte[] sent;
    try {
      time = Long.parseLong(parts[1]);
      sent = B64D.decode(parts[3]);
    } catch (IllegalArgumentException e) {
      return "malformed token";
    }
    if (!withinMillis(nowMillis, time, maxSkewMillis)) {
      return "token time is "
          + distanceMillis(nowMillis, time)
          + " ms away from this node's clock (limit "
          + maxSkewMillis
          + " ms)";
    }
    boolean match = false;
    for (byte[] secret : secrets) {
      match |= MessageDigest.isEqual(sent, mac(secret, host, time, parts[2]));
    }
    if (!match) {
      return "token does not match this node's secret for host " + host;
    }
    return null;
  }

  /**
   * True if |a − b| ≤ {@code limit}, in exact arithmetic. {@code Math.abs(a - b) > limit} overflows
   * when a peer-chosen time is far from the clock (found by AuthTokenFuzzTest): the difference
   * wrapped to a negative or small value and passed the clock-skew check.
   */
  static boolean withinMillis(long a, long b, long limit) {
    long d = exactDistance(a, b);
    return d >= 0 && d <= limit;
  }

  /** |a − b| for messages, saturated at {@link Long#MAX_VALUE} instead of overflowing. */
  static long distanceMillis(long a, long b) {
    long d = exactDistance(a, b);
    return d < 0 ? Long.MAX_VALUE : d;
  }

  /** |a − b|, or −1 when it does not fit in a long. */
  private static long exactDistance(long a, long b) {
    long d;
    try {
      d = Math.subtractExact(a, b);
    } catch (ArithmeticException e) {
      return -1;
    }
    return d == Long.MIN_VALUE ? -1 : Math.abs(d);
  }

  private static byte[] mac(byte[] secret, String host, long timeMillis, String nonce) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(
          ("eegrid-v1\n" + host + "\n" + timeMillis + "\n" + nonce)
              .getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
