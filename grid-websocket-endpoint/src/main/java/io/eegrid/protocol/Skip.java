package io.eegrid.protocol;

import io.eegrid.ProtocolException;
import java.io.IOException;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageUnpacker;

/**
 * Skips one msgpack value of untrusted input, checking every announced element count and length
 * against the bytes that remain. msgpack-core's own {@code skipValue} overflows its counter on a
 * map announcing 2^30 entries and stops early; this one refuses such a value instead. Stateless.
 */
final class Skip {
  /** Nesting deeper than this is refused rather than followed. */
  static final int MAX_DEPTH = 64;

  private Skip() {}

  /**
   * Skips the next value of {@code u}, which reads a buffer of {@code totalBytes} bytes.
   *
   * @throws ProtocolException if the value is deeper than {@link #MAX_DEPTH} or announces more than
   *     the buffer holds
   */
  static void value(MessageUnpacker u, long totalBytes) throws IOException {
    long pending = 1; // values still to skip, across all open containers
    int depth = 0;
    long[] openAt = new long[MAX_DEPTH + 1]; // pending count at which each container closes
    while (pending > 0) {
      while (depth > 0 && pending == openAt[depth]) {
        depth--;
      }
      long remaining = totalBytes - u.getTotalReadBytes();
      if (remaining <= 0) {
        throw new ProtocolException("value ends before the end of the frame");
      }
      MessageFormat f = u.getNextFormat();
      long children;
      switch (f.getValueType()) {
        case ARRAY -> children = u.unpackArrayHeader();
        case MAP -> children = 2L * u.unpackMapHeader();
        default -> {
          u.skipValue(); // scalars, str, bin, ext: lengths are checked by msgpack-core
          children = 0;
        }
      }
      pending--;
      if (children < 0 || children > totalBytes - u.getTotalReadBytes()) {
        throw new ProtocolException(
            "a "
                + f
                + " announces "
                + children
                + " elements but only "
                + (totalBytes - u.getTotalReadBytes())
                + " bytes remain");
      }
      if (children > 0) {
        if (depth == MAX_DEPTH) {
          throw new ProtocolException("values nested deeper than " + MAX_DEPTH);
        }
        openAt[++depth] = pending;
        pending += children;
      }
    }
  }
}
