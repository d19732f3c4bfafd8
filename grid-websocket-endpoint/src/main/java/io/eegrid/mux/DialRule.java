package io.eegrid.mux;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Decides which node of a pair dials (docs/PROTOCOL.md, "Who dials"): the side whose {@code
 * SHA-256(local + "\n" + remote)} has the smaller first 8 bytes (unsigned, big-endian); on a tie
 * the smaller host name (by UTF-16 code units). Both sides compute the same answer, and each node
 * dials about half of its peers. Stateless.
 */
public final class DialRule {
  private DialRule() {}

  /**
   * True if {@code local} dials {@code remote}.
   *
   * @throws IllegalArgumentException if the two names are equal
   */
  public static boolean dials(String local, String remote) {
    if (local.equals(remote)) {
      throw new IllegalArgumentException("a node does not dial itself: " + local);
    }
    int c = Long.compareUnsigned(hash(local, remote), hash(remote, local));
    return c != 0 ? c < 0 : local.compareTo(remote) < 0;
  }

  static long hash(String a, String b) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha.digest((a + "\n" + b).getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
