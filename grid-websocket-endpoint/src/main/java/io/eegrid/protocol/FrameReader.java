package io.eegrid.protocol;

import io.eegrid.ProtocolException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.core.buffer.ArrayBufferInput;

/**
 * Decodes a frame into messages, checking every rule of docs/PROTOCOL.md, "Message" and "Merged
 * frames": envelope shape, known op, CRC, sizes. Any violation is a {@link ProtocolException} whose
 * message says what was wrong and where; nothing is allocated from an untrusted length that the
 * frame cannot hold.
 *
 * <p>Single-threaded: owned by one connection's inbound path.
 */
public final class FrameReader {
  private final int maxPayloadBytes;
  private final int maxNameBytes;
  private final ArrayBufferInput input = new ArrayBufferInput(new byte[0]);
  private final MessageUnpacker unpacker;
  private final CRC32C crc = new CRC32C();
  private final java.util.ArrayList<Message> decoded = new java.util.ArrayList<>();
  private byte[] scratch = new byte[0];
  private final byte[] crcBytes = new byte[4];

  private final NameCache names = new NameCache();
  private byte[] nameBytes = new byte[64]; // grown up to the longest name seen (<= maxNameBytes)
  private byte[] frame;
  private int frameOffset;
  private int frameLength;

  /**
   * @param maxPayloadBytes the largest payload accepted
   * @param maxNameBytes the longest handler name or subroute accepted, in UTF-8 bytes
   */
  public FrameReader(int maxPayloadBytes, int maxNameBytes) {
    this.maxPayloadBytes = maxPayloadBytes;
    this.maxNameBytes = maxNameBytes;
    this.unpacker =
        new MessagePack.UnpackerConfig().withStringSizeLimit(maxNameBytes).newUnpacker(input);
  }

  /**
   * Decodes every message of {@code frameBuffer} and then hands each to {@code sink}, in order. A
   * malformed frame delivers nothing: it is checked whole before the first message goes out.
   */
  public void read(ByteBuffer frameBuffer, Consumer<Message> sink) {
    decoded.clear();
    decode(frameBuffer);
    for (int i = 0; i < decoded.size(); i++) {
      sink.accept(decoded.get(i));
    }
    decoded.clear();
  }

  private void decode(ByteBuffer frameBuffer) {
    if (frameBuffer.hasArray()) {
      frame = frameBuffer.array();
      frameOffset = frameBuffer.arrayOffset() + frameBuffer.position();
      frameLength = frameBuffer.remaining();
    } else {
      frameLength = frameBuffer.remaining();
      if (scratch.length < frameLength) {
        scratch = new byte[frameLength];
      }
      frameBuffer.duplicate().get(scratch, 0, frameLength);
      frame = scratch;
      frameOffset = 0;
    }
    try {
      input.reset(frame, frameOffset, frameLength);
      unpacker.reset(input);
      Message first = readMessage();
      if (first.op == Op.MERGED) {
        if (first.muxId != 0 || first.seq < 1 || first.payload != null) {
          throw new ProtocolException(
              "merged header with mux " + first.muxId + " and count " + first.seq);
        }
        for (long i = 0; i < first.seq; i++) {
          Message m = readMessage();
          if (m.op == Op.MERGED) {
            throw new ProtocolException("merged frame nested in a merged frame");
          }
          decoded.add(m);
        }
      } else {
        decoded.add(first);
      }
      long left = frameLength - unpacker.getTotalReadBytes();
      if (left != 0) {
        throw new ProtocolException(left + " trailing bytes after the last message of the frame");
      }
    } catch (MessagePackException | IOException e) {
      throw new ProtocolException(
          "malformed frame at byte " + unpacker.getTotalReadBytes() + ": " + describe(e), e);
    } finally {
      frame = null;
    }
  }

  /** msgpack-core leaves some messages null; name the problem instead. */
  private static String describe(Exception e) {
    if (e instanceof org.msgpack.core.MessageInsufficientBufferException) {
      return "the frame ends inside a value";
    }
    if (e instanceof org.msgpack.core.MessageSizeException) {
      return "a value announces more bytes than allowed";
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  private Message readMessage() throws IOException {
    int start = (int) unpacker.getTotalReadBytes();
    if (!unpacker.hasNext()) {
      throw new ProtocolException("frame ends where a message was expected (byte " + start + ")");
    }
    if (unpacker.getNextFormat().getValueType() != org.msgpack.value.ValueType.ARRAY) {
      throw new ProtocolException(
          "message at byte " + start + " is a " + unpacker.getNextFormat() + ", not an array");
    }
    int fields = unpacker.unpackArrayHeader();
    if (fields < 7) {
      throw new ProtocolException("message at byte " + start + " has " + fields + " fields, not 7");
    }
    long muxId = readUnsigned("muxId");
    long seq = readUnsigned("seq");
    long deadline = readUnsigned("deadlineMillis");
    if (deadline > Message.MAX_DEADLINE_MILLIS) {
      throw new ProtocolException("deadlineMillis " + deadline + " exceeds 2^32-1");
    }
    String handler = readNullableString("handler");
    long opCode = readUnsigned("op");
    Op op = Op.fromCode(opCode);
    if (op == null) {
      throw new ProtocolException("unknown op " + opCode + " (mux " + muxId + ")");
    }
    int flags = (int) Math.min(readUnsigned("flags"), Integer.MAX_VALUE);
    byte[] payload = readNullableBinary();
    for (int i = 7; i < fields; i++) {
      Skip.value(unpacker, frameLength); // fields added by later versions
    }
    String subroute = null;
    if (Flags.has(flags, Flags.SUBROUTE)) {
      subroute = readNullableString("subroute");
      if (subroute == null) {
        throw new ProtocolException(
            "SUBROUTE flag set but no subroute follows (mux " + muxId + ")");
      }
    }
    if (Flags.has(flags, Flags.CRC)) {
      int end = (int) unpacker.getTotalReadBytes();
      if (frameLength - end < 4) {
        throw new ProtocolException("CRC flag set but the frame ends before the CRC");
      }
      crc.reset();
      crc.update(frame, frameOffset + start, end - start);
      byte[] sent = crcBytes;
      unpacker.readPayload(sent, 0, 4);
      int expected = (int) crc.getValue();
      int actual =
          ((sent[0] & 0xff) << 24)
              | ((sent[1] & 0xff) << 16)
              | ((sent[2] & 0xff) << 8)
              | (sent[3] & 0xff);
      if (expected != actual) {
        throw new ProtocolException(
            String.format(
                "CRC mismatch on %s mux %d: computed %08x, received %08x",
                op, muxId, expected, actual));
      }
    }
    return new Message(muxId, seq, deadline, handler, op, flags & ~Flags.CRC, payload, subroute);
  }

  private long readUnsigned(String field) throws IOException {
    MessageFormat f = unpacker.getNextFormat();
    if (f.getValueType() != org.msgpack.value.ValueType.INTEGER) {
      throw new ProtocolException(field + " is a " + f + ", not an integer");
    }
    long v = unpacker.unpackLong();
    if (v < 0) {
      throw new ProtocolException(field + " is negative: " + v);
    }
    return v;
  }

  private String readNullableString(String field) throws IOException {
    MessageFormat f = unpacker.getNextFormat();
    if (f == MessageFormat.NIL) {
      unpacker.unpackNil();
      return null;
    }
    if (f.getValueType() != org.msgpack.value.ValueType.STRING) {
      throw new ProtocolException(field + " is a " + f + ", not a string or nil");
    }
    int len = unpacker.unpackRawStringHeader();
    if (len > maxNameBytes) {
      throw new ProtocolException(field + " is " + len + " bytes, limit " + maxNameBytes);
    }
    checkRemaining(len, field);
    if (nameBytes.length < len) {
      nameBytes = new byte[len]; // len is within maxNameBytes and within the frame
    }
    unpacker.readPayload(nameBytes, 0, len);
    return names.nameOf(nameBytes, len);
  }

  private byte[] readNullableBinary() throws IOException {
    MessageFormat f = unpacker.getNextFormat();
    if (f == MessageFormat.NIL) {
      unpacker.unpackNil();
      return null;
    }
    if (f.getValueType() != org.msgpack.value.ValueType.BINARY) {
      throw new ProtocolException("payload is a " + f + ", not binary or nil");
    }
    int len = unpacker.unpackBinaryHeader();
    if (len < 0 || len > maxPayloadBytes) {
      throw new ProtocolException(
          "payload of "
              + Integer.toUnsignedString(len)
              + " bytes exceeds the limit of "
              + maxPayloadBytes);
    }
    checkRemaining(len, "payload");
    return unpacker.readPayload(len);
  }

  private void checkRemaining(int len, String field) {
    long remaining = frameLength - unpacker.getTotalReadBytes();
    if (len > remaining) {
      throw new ProtocolException(
          field + " announces " + len + " bytes but only " + remaining + " remain in the frame");
    }
  }
}
