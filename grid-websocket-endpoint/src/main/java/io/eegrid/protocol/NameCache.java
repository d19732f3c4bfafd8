package io.eegrid.protocol;

import java.util.Arrays;

/**
 * The last few names (handlers, subroutes) a frame writer encoded or a frame reader decoded, with
 * their UTF-8: a name that repeats is neither encoded nor allocated again. Callers name handlers
 * with the same few strings, so eight entries, replaced round robin, catch nearly every message.
 *
 * <p>Single-threaded: owned by one {@link FrameWriter} or {@link FrameReader}.
 */
final class NameCache {
  private static final int SIZE = 8;
  private final String[] names = new String[SIZE];
  private final byte[][] utf8 = new byte[SIZE][];
  private int next;

  /** The UTF-8 of {@code name}, found by identity, else encoded and remembered. */
  byte[] utf8Of(String name) {
    for (int i = 0; i < SIZE; i++) {
      if (names[i] == name) {
        return utf8[i];
      }
    }
    byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    add(name, bytes);
    return bytes;
  }

  /**
   * The name whose UTF-8 is the first {@code len} bytes of {@code buf}, else decoded and
   * remembered.
   */
  String nameOf(byte[] buf, int len) {
    for (int i = 0; i < SIZE; i++) {
      byte[] b = utf8[i];
      if (b != null && b.length == len && Arrays.equals(b, 0, len, buf, 0, len)) {
        return names[i];
      }
    }
    byte[] bytes = Arrays.copyOf(buf, len);
    String name = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    add(name, bytes);
    return name;
  }

  private void add(String name, byte[] bytes) {
    names[next] = name;
    utf8[next] = bytes;
    next = (next + 1) % SIZE;
  }
}
