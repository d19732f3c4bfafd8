package io.eegrid.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;

/** Test helpers for frame tests: hex, CRC32C, reading a frame into a list, comparing messages. */
final class Frames {
  private Frames() {}

  /** Bytes from hex such as {@code "97 01 c0"}, any spacing. */
  static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
  }

  /** Hex of bytes, space separated, for readable assertion failures. */
  static String hexOf(byte[] bytes) {
    return HexFormat.ofDelimiter(" ").formatHex(bytes);
  }

  /** Concatenation of byte arrays. */
  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int pos = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, pos, p.length);
      pos += p.length;
    }
    return out;
  }

  /** {@code n} bytes of the value {@code b}. */
  static byte[] repeat(int b, int n) {
    byte[] out = new byte[n];
    java.util.Arrays.fill(out, (byte) b);
    return out;
  }

  /** {@code bytes} followed by their CRC32C, big-endian, computed independently of the writer. */
  static byte[] withCrc(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length);
    int v = (int) crc.getValue();
    return concat(bytes, ByteBuffer.allocate(4).putInt(v).array());
  }

  /** Decodes {@code frame} with {@code reader} into a list. */
  static List<Message> read(FrameReader reader, byte[] frame) {
    return read(reader, ByteBuffer.wrap(frame));
  }

  static List<Message> read(FrameReader reader, ByteBuffer frame) {
    List<Message> out = new ArrayList<>();
    reader.read(frame, out::add);
    return out;
  }

  /** One message as a frame. */
  static byte[] frameOf(Message m, boolean crc) {
    FrameWriter w = new FrameWriter();
    w.writeMessage(m, crc);
    return w.toByteArray();
  }

  /** A merged frame of {@code messages}, each with or without CRC. */
  static byte[] mergedOf(boolean crc, Message... messages) {
    FrameWriter w = new FrameWriter();
    w.writeMergedHeader(messages.length);
    for (Message m : messages) {
      w.writeMessage(m, crc);
    }
    return w.toByteArray();
  }

  /** Asserts {@code actual} carries the same fields as {@code expected}, CRC flag aside. */
  static void assertSameMessage(Message actual, Message expected) {
    assertThat(actual.muxId).as("muxId").isEqualTo(expected.muxId);
    assertThat(actual.seq).as("seq").isEqualTo(expected.seq);
    assertThat(actual.deadlineMillis).as("deadlineMillis").isEqualTo(expected.deadlineMillis);
    assertThat(actual.handler).as("handler").isEqualTo(expected.handler);
    assertThat(actual.op).as("op").isEqualTo(expected.op);
    assertThat(actual.flags).as("flags").isEqualTo(expected.flags & ~Flags.CRC);
    assertThat(actual.subroute).as("subroute").isEqualTo(expected.subroute);
    assertThat(actual.payload).as("payload").isEqualTo(expected.payload);
  }
}
