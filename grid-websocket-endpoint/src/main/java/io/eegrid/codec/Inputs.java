package io.eegrid.codec;

import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.core.buffer.MessageBufferInput;

/**
 * Reading helpers shared by the built-in codecs: format checks with clear messages, and lengths
 * checked against the remaining input before anything is allocated.
 *
 * <p>msgpack-core allocates whatever a header announces ({@code readPayload(len)} allocates {@code
 * len}). When the unpacker is a {@link BoundedUnpacker} the input's end is known and every
 * announced length is checked against the bytes that remain; otherwise (a caller's own stream)
 * capacities are capped and large payloads are read in chunks.
 */
final class Inputs {
  private static final int UNBOUNDED_CAPACITY_CAP = 1024;
  private static final int CHUNK_BYTES = 64 * 1024;

  private Inputs() {}

  /** An unpacker over one byte array whose length is known, so lengths can be checked. */
  static final class BoundedUnpacker extends MessageUnpacker {
    private long limitBytes = Long.MAX_VALUE;

    BoundedUnpacker(MessageBufferInput in) {
      super(in, MessagePack.DEFAULT_UNPACKER_CONFIG);
    }

    void limitBytes(long limitBytes) {
      this.limitBytes = limitBytes;
    }

    long remainingBytes() {
      return limitBytes - getTotalReadBytes();
    }
  }

  /** Returns the bytes left in the input, or {@link Long#MAX_VALUE} when unknown. */
  static long remainingBytes(MessageUnpacker in) {
    return in instanceof BoundedUnpacker ? ((BoundedUnpacker) in).remainingBytes() : Long.MAX_VALUE;
  }

  /**
   * Fails when a header announces more than the remaining input can hold.
   *
   * @param neededBytes the least number of bytes the announced content takes
   * @param what what the header announced, for the message ("1000000 elements")
   */
  static void checkAnnounced(MessageUnpacker in, long neededBytes, Type type, String what) {
    long remaining = remainingBytes(in);
    if (neededBytes > remaining) {
      throw CodecFailure.decoding(
          type, "header announces " + what + " but only " + remaining + " bytes remain");
    }
  }

  /** Returns an initial collection capacity for {@code count} checked elements. */
  static int capacity(MessageUnpacker in, int count) {
    return in instanceof BoundedUnpacker ? count : Math.min(count, UNBOUNDED_CAPACITY_CAP);
  }

  /** Returns the next format, failing with a message naming {@code type} when it is reserved. */
  static MessageFormat nextFormat(MessageUnpacker in, Type type) throws IOException {
    MessageFormat format = in.getNextFormat();
    if (format == MessageFormat.NEVER_USED) {
      throw CodecFailure.decoding(type, "found reserved byte 0xc1");
    }
    return format;
  }

  /** Returns "expected {expected}, found {FORMAT}" as a failure of {@code type}. */
  static CodecFailure unexpected(Type type, String expected, MessageFormat found) {
    return CodecFailure.decoding(type, "expected " + expected + ", found " + found.getValueType());
  }

  /** Reads an array header after checking that each announced element can follow. */
  static int arrayHeader(MessageUnpacker in, Type type) throws IOException {
    int count = in.unpackArrayHeader();
    checkAnnounced(in, count, type, count + " elements");
    return count;
  }

  /** Reads a map header after checking that each announced key and value can follow. */
  static int mapHeader(MessageUnpacker in, Type type) throws IOException {
    int count = in.unpackMapHeader();
    checkAnnounced(in, 2L * count, type, count + " entries");
    return count;
  }

  /**
   * Skips one value of untrusted input, such as the value of an unknown member. msgpack-core's
   * {@code skipValue} counts pending elements in an int: a map announcing 2^30 or more entries
   * overflows it, and it returns after the header, leaving the input in the middle of the value
   * (the decode then went on and could accept a truncated input). This counts in a long and checks
   * every announced count against the remaining input first. Iterative: nesting costs no stack.
   */
  static void skipValue(MessageUnpacker in, Type type) throws IOException {
    long pending = 1;
    while (pending > 0) {
      MessageFormat format = nextFormat(in, type);
      pending--;
      switch (format.getValueType()) {
        case ARRAY -> pending += arrayHeader(in, type);
        case MAP -> pending += 2L * mapHeader(in, type);
        default -> in.skipValue(); // scalars, str, bin, ext: no element count to overflow
      }
    }
  }

  /** Reads {@code length} payload bytes announced by a str or bin header. */
  static byte[] readPayload(MessageUnpacker in, int length, Type type) throws IOException {
    checkAnnounced(in, length, type, length + " bytes");
    if (in instanceof BoundedUnpacker || length <= CHUNK_BYTES) {
      return in.readPayload(length);
    }
    // Unknown end: grow with the bytes that actually arrive instead of trusting the header.
    byte[] result = new byte[CHUNK_BYTES];
    int done = 0;
    while (done < length) {
      int n = Math.min(CHUNK_BYTES, length - done);
      if (result.length < done + n) {
        result = Arrays.copyOf(result, (int) Math.min(length, 2L * result.length));
      }
      in.readPayload(result, done, n);
      done += n;
    }
    return result;
  }

  /** Reads a str value's payload, announced by a header already read, as a String. */
  static String readString(MessageUnpacker in, int length, Type type) throws IOException {
    checkAnnounced(in, length, type, length + " bytes");
    if (in instanceof BoundedUnpacker) {
      MessageBuffer ref = in.readPayloadAsReference(length);
      if (ref.hasArray()) {
        return new String(ref.array(), ref.arrayOffset(), length, StandardCharsets.UTF_8);
      }
      return new String(ref.toByteArray(), StandardCharsets.UTF_8);
    }
    return new String(readPayload(in, length, type), StandardCharsets.UTF_8);
  }
}
