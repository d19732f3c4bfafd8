package io.eegrid.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.eegrid.ProtocolException;
import io.eegrid.protocol.Flags;
import io.eegrid.protocol.FrameReader;
import io.eegrid.protocol.FrameWriter;
import io.eegrid.protocol.Message;
import io.eegrid.protocol.Op;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes {@link FrameReader} on one inbound WebSocket binary frame (docs/PROTOCOL.md 2): a single
 * message or a MERGED frame, with or without CRC32C trailers.
 *
 * <p>Property, for every input: the reader either delivers messages that obey every rule of 2.2 to
 * 2.4, or throws {@link ProtocolException} with a message and delivers nothing; never another
 * exception, never a hang, never an allocation sized by a length field the frame cannot hold (the
 * fuzz runs use a 256 MiB heap, so such an allocation is an OutOfMemoryError finding). The same
 * bytes give the same outcome from a heap buffer, a heap buffer at an offset and a direct buffer,
 * and accepted messages survive a round trip through {@link FrameWriter}.
 *
 * <p>Thread rules: Jazzer calls each method from one thread; the reader and writer fields are
 * reused across the inputs of that thread only.
 */
@Tag("fuzz")
class FrameReaderFuzzTest {
  static final int MAX_PAYLOAD_BYTES = 64 * 1024;
  static final int MAX_NAME_BYTES = 256;

  private final FrameReader reader = new FrameReader(MAX_PAYLOAD_BYTES, MAX_NAME_BYTES);
  private final FrameWriter writer = new FrameWriter();
  private ByteBuffer direct = ByteBuffer.allocateDirect(64 * 1024);

  /** The raw bytes of one frame as the WebSocket container hands it over. */
  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void frame(byte[] frame) {
    check(frame);
  }

  /**
   * A frame on a plain (non-TLS) link with valid CRCs, so that mutations get past the CRC check:
   * the input is a list of segments, each a 2-byte big-endian length and that many bytes (a short
   * last segment takes what is left). A single segment is one message and gets its CRC32C appended;
   * with several, the first is the MERGED header (which the writer sends without CRC) and every
   * later one gets its CRC32C appended. The reader sees only the assembled frame.
   */
  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void plainLinkFrame(byte[] segments) {
    check(assemblePlainLinkFrame(segments));
  }

  /** The frame {@link #plainLinkFrame} builds from {@code segments}. */
  static byte[] assemblePlainLinkFrame(byte[] segments) {
    List<byte[]> parts = new ArrayList<>();
    int pos = 0;
    while (pos < segments.length) {
      int length =
          pos + 2 <= segments.length
              ? ((segments[pos] & 0xff) << 8) | (segments[pos + 1] & 0xff)
              : 0;
      pos = Math.min(pos + 2, segments.length);
      int end = (int) Math.min((long) pos + length, segments.length);
      byte[] part = new byte[end - pos];
      System.arraycopy(segments, pos, part, 0, part.length);
      parts.add(part);
      pos = end;
    }
    ByteBuffer out = ByteBuffer.allocate(segments.length + 4 * parts.size());
    for (int i = 0; i < parts.size(); i++) {
      out.put(parts.get(i));
      if (parts.size() == 1 || i > 0) {
        CRC32C crc = new CRC32C();
        crc.update(parts.get(i));
        out.putInt((int) crc.getValue());
      }
    }
    byte[] frame = new byte[out.position()];
    out.flip().get(frame);
    return frame;
  }

  /** Inverse of {@link #assemblePlainLinkFrame}, for building seeds: segments from parts. */
  static byte[] segmentsOf(byte[]... parts) {
    ByteBuffer out =
        ByteBuffer.allocate(
            2 * parts.length + java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum());
    for (byte[] p : parts) {
      out.putShort((short) p.length).put(p);
    }
    return out.array();
  }

  private void check(byte[] frame) {
    Outcome heap = read(ByteBuffer.wrap(frame), frame);
    byte[] padded = new byte[frame.length + 3];
    padded[0] = (byte) 0xc1; // bytes outside the buffer's window must not be read
    padded[1] = (byte) 0xc1;
    System.arraycopy(frame, 0, padded, 2, frame.length);
    padded[padded.length - 1] = (byte) 0xc1;
    Outcome offset = read(ByteBuffer.wrap(padded, 2, frame.length), frame);
    if (direct.capacity() < frame.length) {
      direct = ByteBuffer.allocateDirect(Math.max(frame.length, 2 * direct.capacity()));
    }
    direct.clear();
    Outcome fromDirect = read(direct.put(frame).flip(), frame);
    Expect.that(
        offset.equals(heap),
        () -> "at an offset " + offset + " but " + heap + " for " + hex(frame));
    Expect.that(
        fromDirect.equals(heap),
        () -> "direct buffer " + fromDirect + " but " + heap + " for " + hex(frame));
    if (heap.messages != null) {
      checkRoundTrip(heap.decoded, heap.messages, frame);
    }
  }

  /** What one read gave: the messages, or the exception's message. */
  private record Outcome(List<String> messages, String error, List<Message> decoded) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Outcome other
          && java.util.Objects.equals(messages, other.messages)
          && java.util.Objects.equals(error, other.error);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(messages, error);
    }
  }

  private Outcome read(ByteBuffer buffer, byte[] frame) {
    List<Message> delivered = new ArrayList<>();
    try {
      reader.read(buffer, delivered::add);
    } catch (ProtocolException e) {
      Expect.explains(e, () -> "rejection of " + hex(frame));
      Expect.that(
          delivered.isEmpty(), () -> delivered + " delivered from the rejected " + hex(frame));
      return new Outcome(null, e.getMessage(), null);
    }
    Expect.that(!delivered.isEmpty(), () -> "no message from the accepted " + hex(frame));
    List<String> described = new ArrayList<>();
    for (Message m : delivered) {
      checkRules(m, frame);
      described.add(describe(m));
    }
    return new Outcome(described, null, delivered);
  }

  /** The rules of docs/PROTOCOL.md 2.2 to 2.4 that an accepted message must satisfy. */
  private static void checkRules(Message m, byte[] frame) {
    Supplier<String> where = () -> m + " from " + hex(frame);
    Expect.that(m.op != null && m.op != Op.MERGED, () -> "op of " + where.get());
    Expect.that(m.muxId >= 0 && m.seq >= 0, () -> "negative muxId or seq in " + where.get());
    Expect.that(
        m.deadlineMillis >= 0 && m.deadlineMillis <= Message.MAX_DEADLINE_MILLIS,
        () -> "deadlineMillis of " + where.get());
    Expect.that((m.flags & Flags.CRC) == 0, () -> "CRC flag left on " + where.get());
    Expect.that(
        (m.subroute != null) == m.has(Flags.SUBROUTE),
        () -> "SUBROUTE flag and subroute disagree in " + where.get());
    Expect.that(
        m.payload == null || m.payload.length <= MAX_PAYLOAD_BYTES,
        () -> "payload over the limit in " + where.get());
    // Invalid UTF-8 decodes to U+FFFD, so the char count is what the byte limit bounds.
    Expect.that(
        m.handler == null || m.handler.length() <= MAX_NAME_BYTES,
        () -> "handler over the limit in " + where.get());
    Expect.that(
        m.subroute == null || m.subroute.length() <= MAX_NAME_BYTES,
        () -> "subroute over the limit in " + where.get());
  }

  /** Accepted messages, written again by the writer, read back the same, with and without CRC. */
  private void checkRoundTrip(List<Message> messages, List<String> described, byte[] frame) {
    for (Message m : messages) {
      if (utf8Length(m.handler) > MAX_NAME_BYTES || utf8Length(m.subroute) > MAX_NAME_BYTES) {
        return; // invalid UTF-8 grew when re-encoded as U+FFFD: the writer's input, not the reader
      }
    }
    for (boolean crc : new boolean[] {false, true}) {
      writer.reset();
      if (messages.size() > 1) {
        writer.writeMergedHeader(messages.size());
      }
      for (Message m : messages) {
        writer.writeMessage(m, crc);
      }
      byte[] again = writer.toByteArray();
      List<Message> reread = new ArrayList<>();
      reader.read(ByteBuffer.wrap(again), reread::add);
      List<String> rereadDescribed = new ArrayList<>();
      for (Message m : reread) {
        rereadDescribed.add(describe(m));
      }
      boolean withCrc = crc;
      Expect.that(
          rereadDescribed.equals(described),
          () ->
              "round trip (crc="
                  + withCrc
                  + ") of "
                  + hex(frame)
                  + " gave "
                  + rereadDescribed
                  + ", not "
                  + described);
    }
  }

  private static int utf8Length(String s) {
    return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String describe(Message m) {
    return m
        + " handler="
        + m.handler
        + " subroute="
        + m.subroute
        + " payload="
        + (m.payload == null ? "nil" : HexFormat.of().formatHex(m.payload));
  }

  static String hex(byte[] bytes) {
    return bytes.length <= 512
        ? HexFormat.of().formatHex(bytes)
        : HexFormat.of().formatHex(bytes, 0, 512) + "... (" + bytes.length + " bytes)";
  }
}
