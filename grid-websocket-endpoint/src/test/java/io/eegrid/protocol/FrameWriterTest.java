package io.eegrid.protocol;

import static io.eegrid.protocol.Frames.concat;
import static io.eegrid.protocol.Frames.hex;
import static io.eegrid.protocol.Frames.hexOf;
import static io.eegrid.protocol.Frames.repeat;
import static io.eegrid.protocol.Frames.withCrc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Byte-exact frames: every expected byte below is written by hand from the msgpack spec (smallest
 * format for each integer, str and bin) and the envelope layout {@code [muxId, seq, deadlineMillis,
 * handler, op, flags, payload]}, optional subroute, optional CRC32C.
 */
@Timeout(10)
class FrameWriterTest {
  private static byte[] write(Message m, boolean crc) {
    FrameWriter w = new FrameWriter();
    w.writeMessage(m, crc);
    return w.toByteArray();
  }

  private static void assertBytes(byte[] actual, byte[] expected) {
    assertThat(hexOf(actual)).isEqualTo(hexOf(expected));
  }

  private static Message echo() {
    return new Message(1, 0, 60000, "echo", Op.REQUEST, Flags.EOF, new byte[] {1, 2, 3}, null);
  }

  @Test
  void requestWithoutCrcIsFixarrayOfSevenWithSmallestFormats() {
    // 60000 = 0xea60 fits uint16, so the deadline is "cd ea 60" (not the uint32 "ce 00 00 ea 60").
    assertBytes(write(echo(), false), hex("97 01 00 cd ea 60 a4 65 63 68 6f 0e 02 c4 03 01 02 03"));
  }

  @Test
  void requestWithCrcSetsCrcFlagAndAppendsBigEndianCrc32cOfTheMessage() {
    byte[] body = hex("97 01 00 cd ea 60 a4 65 63 68 6f 0e 03 c4 03 01 02 03");
    CRC32C crc = new CRC32C();
    crc.update(body);
    long value = crc.getValue();
    byte[] expected =
        concat(
            body,
            new byte[] {
              (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
            });

    byte[] actual = write(echo(), true);

    assertBytes(actual, expected);
    assertThat(actual[12]).as("flags byte").isEqualTo((byte) 0x03);
  }

  @Test
  void crcArgumentFalseClearsACrcFlagCarriedByTheMessage() {
    Message m = Message.of(1, 0, Op.PING, Flags.CRC | Flags.EOF, null);
    assertBytes(write(m, false), hex("97 01 00 00 c0 03 02 c0"));
  }

  @Test
  void subrouteFollowsTheEnvelopeAsStrAndSetsSubrouteFlag() {
    Message m = new Message(5, 0, 0, "echo", Op.CONNECT_MUX, 0, null, "a/b");
    assertBytes(write(m, false), hex("97 05 00 00 a4 65 63 68 6f 05 08 c0 a3 61 2f 62"));
  }

  @Test
  void crcCoversTheSubroute() {
    Message m = new Message(5, 0, 0, "echo", Op.CONNECT_MUX, 0, null, "a/b");
    assertBytes(write(m, true), withCrc(hex("97 05 00 00 a4 65 63 68 6f 05 09 c0 a3 61 2f 62")));
  }

  @Test
  void subrouteFlagWithoutSubrouteIsNotWritten() {
    Message m = new Message(5, 0, 0, "echo", Op.REQUEST, Flags.SUBROUTE, null, null);
    assertBytes(write(m, false), hex("97 05 00 00 a4 65 63 68 6f 0e 00 c0"));
  }

  @Test
  void nilHandlerAndNilPayloadAreNil() {
    Message m = Message.of(7, 3, Op.UNBLOCK_SRV_MUX, 0, null);
    assertBytes(write(m, false), hex("97 07 03 00 c0 0b 00 c0"));
  }

  @Test
  void emptyPayloadIsBin8OfLengthZeroNotNil() {
    Message m = Message.of(7, 0, Op.RESPONSE, Flags.EOF, new byte[0]);
    assertBytes(write(m, false), hex("97 07 00 00 c0 0f 02 c4 00"));
  }

  @Test
  void unknownFlagBitsAreWrittenAsGiven() {
    Message m = Message.of(1, 0, Op.PING, 0x40 | Flags.EOF, null);
    assertBytes(write(m, false), hex("97 01 00 00 c0 03 42 c0"));
  }

  @Test
  void mergedFrameIsHeaderWithCountThenMessagesBackToBack() {
    FrameWriter w = new FrameWriter();
    w.writeMergedHeader(2);
    w.writeMessage(Message.of(1, 1, Op.MUX_CLIENT_MSG, 0, new byte[] {0x2a}), false);
    w.writeMessage(Message.of(1, 2, Op.MUX_CLIENT_MSG, Flags.EOF, null), false);

    assertBytes(
        w.toByteArray(),
        hex(
            "97 00 02 00 c0 10 00 c0" // header: mux 0, seq = count 2, MERGED, no payload
                + "97 01 01 00 c0 09 00 c4 01 2a"
                + "97 01 02 00 c0 09 02 c0"));
    assertThat(w.size()).isEqualTo(26);
  }

  @Test
  void mergedFrameWithCrcHasOneCrcPerMessageAndNoneOnTheHeader() {
    FrameWriter w = new FrameWriter();
    w.writeMergedHeader(2);
    w.writeMessage(Message.of(1, 1, Op.MUX_CLIENT_MSG, 0, new byte[] {0x2a}), true);
    w.writeMessage(Message.of(1, 2, Op.MUX_CLIENT_MSG, Flags.EOF, null), true);

    assertBytes(
        w.toByteArray(),
        concat(
            hex("97 00 02 00 c0 10 00 c0"),
            withCrc(hex("97 01 01 00 c0 09 01 c4 01 2a")),
            withCrc(hex("97 01 02 00 c0 09 03 c0"))));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0, 00",
    "127, 7f",
    "128, cc 80",
    "255, cc ff",
    "256, cd 01 00",
    "65535, cd ff ff",
    "65536, ce 00 01 00 00",
    "4294967295, ce ff ff ff ff",
    "4294967296, cf 00 00 00 01 00 00 00 00",
    "9223372036854775807, cf 7f ff ff ff ff ff ff ff",
  })
  void integersUseTheSmallestUnsignedFormat(long value, String encoded) {
    assertBytes(
        write(Message.of(value, 0, Op.PING, 0, null), false),
        hex("97" + encoded + "00 00 c0 03 00 c0"));
    assertBytes(
        write(Message.of(0, value, Op.PING, 0, null), false),
        hex("97 00" + encoded + "00 c0 03 00 c0"));
    assertBytes(
        write(new Message(0, 0, value, null, Op.PING, 0, null, null), false),
        hex("97 00 00" + encoded + "c0 03 00 c0"));
  }

  @Test
  void negativeIntegerIsRejectedNotWrittenAsSigned() {
    FrameWriter w = new FrameWriter();
    assertThatThrownBy(() -> w.writeMessage(Message.of(-1, 0, Op.PING, 0, null), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  @ParameterizedTest(name = "{0} bytes -> {1}")
  @CsvSource({
    "0, a0",
    "1, a1",
    "31, bf",
    "32, d9 20",
    "255, d9 ff",
    "256, da 01 00",
    "65535, da ff ff",
    "65536, db 00 01 00 00",
  })
  void handlerAndSubrouteUseFixstrStr8Str16Str32(int length, String header) {
    String name = "n".repeat(length);
    byte[] str = concat(hex(header), repeat('n', length));

    assertBytes(
        write(new Message(0, 0, 0, name, Op.REQUEST, 0, null, null), false),
        concat(hex("97 00 00 00"), str, hex("0e 00 c0")));
    assertBytes(
        write(new Message(0, 0, 0, null, Op.REQUEST, 0, null, name), false),
        concat(hex("97 00 00 00 c0 0e 08 c0"), str));
  }

  @Test
  void stringLengthCountsUtf8BytesNotChars() {
    // "é€" is 2 + 3 = 5 UTF-8 bytes: fixstr a5.
    Message m = new Message(0, 0, 0, "é€", Op.REQUEST, 0, null, null);
    assertBytes(write(m, false), hex("97 00 00 00 a5 c3 a9 e2 82 ac 0e 00 c0"));
  }

  @Test
  void thirtyOneTwoByteCharsAre62BytesAndUseStr8() {
    String name = "é".repeat(31);
    assertThat(name.getBytes(StandardCharsets.UTF_8)).hasSize(62);
    byte[] out = write(new Message(0, 0, 0, name, Op.REQUEST, 0, null, null), false);
    assertThat(hexOf(out)).startsWith("97 00 00 00 d9 3e c3 a9");
  }

  @ParameterizedTest(name = "{0} bytes -> {1}")
  @CsvSource({
    "1, c4 01",
    "255, c4 ff",
    "256, c5 01 00",
    "65535, c5 ff ff",
    "65536, c6 00 01 00 00",
    "1048576, c6 00 10 00 00",
  })
  void payloadUsesBin8Bin16Bin32(int length, String header) {
    byte[] payload = repeat(0x5a, length);
    assertBytes(
        write(Message.of(2, 0, Op.RESPONSE, Flags.EOF, payload), false),
        concat(hex("97 02 00 00 c0 0f 02"), hex(header), payload));
  }

  @Test
  void payloadBytesAreCopiedAtWriteTime() {
    byte[] payload = {1, 2, 3};
    FrameWriter w = new FrameWriter();
    w.writeMessage(Message.of(1, 0, Op.RESPONSE, 0, payload), false);
    payload[0] = 9;
    assertBytes(w.toByteArray(), hex("97 01 00 00 c0 0f 00 c4 03 01 02 03"));
  }

  @Test
  void resetStartsANewFrameAndFrameIsAViewOfTheCurrentBytes() {
    FrameWriter w = new FrameWriter();
    w.writeMessage(Message.of(1, 0, Op.PING, 0, null), false);
    w.reset();
    assertThat(w.size()).isZero();
    w.writeMessage(Message.of(2, 0, Op.PONG, 0, null), false);

    ByteBuffer frame = w.frame();
    byte[] viewed = new byte[frame.remaining()];
    frame.get(viewed);
    assertBytes(viewed, hex("97 02 00 00 c0 04 00 c0"));
    assertBytes(w.toByteArray(), viewed);
  }

  @Test
  void bufferGrowsPastItsInitialSizeAndShrinksAfterReset() {
    FrameWriter w = new FrameWriter();
    byte[] big = repeat(7, 300 * 1024);
    w.writeMessage(Message.of(1, 0, Op.RESPONSE, 0, big), false);
    w.writeMessage(Message.of(1, 0, Op.RESPONSE, 0, big), false);
    byte[] one = concat(hex("97 01 00 00 c0 0f 00 c6 00 04 b0 00"), big);
    assertBytes(w.toByteArray(), concat(one, one));

    w.reset();
    w.writeMessage(Message.of(3, 0, Op.PING, 0, null), false);
    assertBytes(w.toByteArray(), hex("97 03 00 00 c0 03 00 c0"));
  }

  @Test
  void everyOpIsWrittenAsItsCode() {
    for (Op op : List.of(Op.values())) {
      byte[] out = write(Message.of(0, 0, op, 0, null), false);
      assertThat(out[5]).as(op.name()).isEqualTo((byte) op.code);
    }
  }
}
