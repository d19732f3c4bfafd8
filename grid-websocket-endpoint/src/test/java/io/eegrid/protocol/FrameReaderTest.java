package io.eegrid.protocol;

import static io.eegrid.protocol.Frames.assertSameMessage;
import static io.eegrid.protocol.Frames.concat;
import static io.eegrid.protocol.Frames.frameOf;
import static io.eegrid.protocol.Frames.hex;
import static io.eegrid.protocol.Frames.hexOf;
import static io.eegrid.protocol.Frames.mergedOf;
import static io.eegrid.protocol.Frames.read;
import static io.eegrid.protocol.Frames.repeat;
import static io.eegrid.protocol.Frames.withCrc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eegrid.ProtocolException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Decoding: round trips from the writer, buffer kinds, and every malformed-frame rule. */
@Timeout(10)
class FrameReaderTest {
  private static final int MAX_PAYLOAD_BYTES = 2 * 1024 * 1024;
  private static final int MAX_NAME_BYTES = 256;

  private final FrameReader reader = new FrameReader(MAX_PAYLOAD_BYTES, MAX_NAME_BYTES);

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(
      FrameReader reader, byte[] frame) {
    return assertThatThrownBy(() -> read(reader, frame))
        .as("frame %s", hexOf(frame))
        .isInstanceOf(ProtocolException.class);
  }

  private AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String frameHex) {
    return assertRejected(reader, hex(frameHex));
  }

  /** Every non-MERGED op with a spread of flags, payloads, handlers and subroutes. */
  private static List<Message> sampleMessages() {
    List<Message> out = new ArrayList<>();
    int[] flagSets = {0, Flags.EOF, Flags.ERROR, Flags.EOF | Flags.ERROR, 0x40 | Flags.EOF};
    int i = 0;
    for (Op op : Op.values()) {
      if (op == Op.MERGED) {
        continue;
      }
      for (int flags : flagSets) {
        for (String subroute : new String[] {null, "sub/route"}) {
          i++;
          byte[] payload = i % 3 == 0 ? null : repeat(i, i % 3 == 1 ? 0 : 300);
          String handler = i % 2 == 0 ? null : "handler-" + i;
          out.add(new Message(i * 1000L, i, i * 7L, handler, op, flags, payload, subroute));
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- round trips

  @Test
  void everyOpAndFlagCombinationRoundTripsAsSingleMessageFrame() {
    for (Message m : sampleMessages()) {
      for (boolean crc : new boolean[] {false, true}) {
        List<Message> got = read(reader, frameOf(m, crc));
        assertThat(got).as("%s crc=%s", m, crc).hasSize(1);
        assertSameMessage(got.get(0), m);
      }
    }
  }

  /**
   * Writer and reader each remember the last few names (handler and subroute) so that a repeated
   * name is neither encoded nor allocated again. Names that repeat, names of equal length that
   * differ in one byte, multi-byte UTF-8, and more distinct names than the caches hold, through one
   * writer and one reader frame after frame: each must come back exactly as written.
   */
  @Test
  void repeatedAndAlternatingNamesRoundTripThroughTheNameCaches() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      names.add("handler-" + (char) ('a' + i)); // same length, one byte apart
    }
    names.add("grüße/日本"); // multi-byte UTF-8
    names.add("x".repeat(MAX_NAME_BYTES)); // the longest allowed, past the reader's first buffer
    FrameWriter writer = new FrameWriter();
    java.util.Random random = new java.util.Random(7);
    for (int round = 0; round < 400; round++) {
      String handler = names.get(random.nextInt(names.size()));
      // a copy now and then: equal content, another instance
      String subroute = round % 5 == 0 ? null : new String(names.get(random.nextInt(names.size())));
      Message m = new Message(round, 0, 0, handler, Op.REQUEST, Flags.EOF, null, subroute);
      writer.reset();
      writer.writeMessage(m, round % 2 == 0);
      List<Message> got = read(reader, writer.frame());
      assertThat(got).hasSize(1);
      assertSameMessage(got.get(0), m);
    }
  }

  @Test
  void allFlagBitsRoundTrip() {
    for (int flags = 0; flags < 16; flags++) {
      String subroute = Flags.has(flags, Flags.SUBROUTE) ? "s" : null;
      Message m = new Message(1, 2, 3, "h", Op.MUX_SERVER_MSG, flags, new byte[] {9}, subroute);
      for (boolean crc : new boolean[] {false, true}) {
        List<Message> got = read(reader, frameOf(m, crc));
        assertSameMessage(got.get(0), m);
        assertThat(got.get(0).has(Flags.CRC)).as("CRC flag is consumed by the reader").isFalse();
      }
    }
  }

  @Test
  void mergedFrameDeliversEveryMessageInOrder() {
    Message[] messages = sampleMessages().toArray(Message[]::new);
    for (boolean crc : new boolean[] {false, true}) {
      List<Message> got = read(reader, mergedOf(crc, messages));
      assertThat(got).hasSize(messages.length);
      for (int i = 0; i < messages.length; i++) {
        assertSameMessage(got.get(i), messages[i]);
      }
    }
  }

  @Test
  void mergedHeaderMayCarryCrc() {
    FrameWriter w = new FrameWriter();
    w.writeMessage(Message.of(0, 1, Op.MERGED, 0, null), true);
    w.writeMessage(Message.of(4, 0, Op.PING, 0, null), true);
    List<Message> got = read(reader, w.toByteArray());
    assertThat(got).hasSize(1);
    assertThat(got.get(0).op).isEqualTo(Op.PING);
  }

  @Test
  void oneMebibytePayloadRoundTripsWithAndWithoutCrc() {
    byte[] payload = new byte[1024 * 1024];
    new java.util.Random(1).nextBytes(payload);
    Message m = new Message(3, 9, 1000, "big", Op.REQUEST, Flags.EOF, payload, "x");
    for (boolean crc : new boolean[] {false, true}) {
      assertSameMessage(read(reader, frameOf(m, crc)).get(0), m);
      List<Message> merged = read(reader, mergedOf(crc, m, m));
      assertThat(merged).hasSize(2);
      assertSameMessage(merged.get(1), m);
    }
  }

  @Test
  void boundaryValuesRoundTrip() {
    long[] values = {0, 127, 128, 255, 256, 65535, 65536, 0xFFFF_FFFFL};
    for (long v : values) {
      Message m = new Message(v, v, v, "h", Op.MUX_CLIENT_MSG, 0, null, null);
      assertSameMessage(read(reader, frameOf(m, true)).get(0), m);
    }
    Message max = Message.of(Long.MAX_VALUE, Long.MAX_VALUE, Op.PING, 0, null);
    assertSameMessage(read(reader, frameOf(max, true)).get(0), max);
  }

  @Test
  void payloadAndNamesExactlyAtTheLimitsAreAccepted() {
    FrameReader small = new FrameReader(16, 8);
    Message m = new Message(1, 0, 0, "12345678", Op.REQUEST, 0, repeat(1, 16), "abcdefgh");
    assertSameMessage(read(small, frameOf(m, true)).get(0), m);
  }

  @Test
  void decodedPayloadDoesNotAliasTheFrame() {
    byte[] frame = frameOf(Message.of(1, 0, Op.RESPONSE, 0, new byte[] {1, 2, 3}), false);
    Message m = read(reader, frame).get(0);
    frame[frame.length - 1] = 99;
    assertThat(m.payload).containsExactly(1, 2, 3);
  }

  // ---------------------------------------------------------------- buffer kinds

  @Test
  void directBufferIsDecodedIncludingCrc() {
    Message m = new Message(1, 2, 3, "h", Op.REQUEST, Flags.EOF, new byte[] {4, 5}, "s");
    byte[] frame = mergedOf(true, m, m);
    ByteBuffer direct = ByteBuffer.allocateDirect(frame.length + 10);
    direct.position(10);
    direct.put(frame);
    direct.position(10);

    List<Message> got = read(reader, direct);

    assertThat(got).hasSize(2);
    assertSameMessage(got.get(1), m);
    assertThat(direct.position()).as("reader leaves the caller's position alone").isEqualTo(10);
  }

  @Test
  void smallDirectFrameAfterLargeOneIgnoresStaleScratchBytes() {
    byte[] large = frameOf(Message.of(1, 0, Op.RESPONSE, 0, repeat(3, 5000)), true);
    ByteBuffer first = ByteBuffer.allocateDirect(large.length).put(large).flip();
    read(reader, first);

    byte[] small = frameOf(Message.of(2, 0, Op.PING, 0, null), true);
    ByteBuffer second = ByteBuffer.allocateDirect(small.length).put(small).flip();
    List<Message> got = read(reader, second);

    assertThat(got).hasSize(1);
    assertThat(got.get(0).muxId).isEqualTo(2);
  }

  @Test
  void heapBufferWithNonZeroPositionAndLimitIsDecoded() {
    byte[] frame = frameOf(new Message(1, 2, 3, "h", Op.REQUEST, 0, new byte[] {7}, null), true);
    byte[] backing = concat(repeat(0xc1, 5), frame, repeat(0xc1, 7));
    ByteBuffer buffer = ByteBuffer.wrap(backing, 5, frame.length);

    List<Message> got = read(reader, buffer);

    assertThat(got).hasSize(1);
    assertThat(got.get(0).payload).containsExactly(7);
  }

  @Test
  void slicedHeapBufferWithNonZeroArrayOffsetAndPositionIsDecoded() {
    byte[] frame = frameOf(new Message(1, 2, 3, "h", Op.REQUEST, 0, new byte[] {7}, "s"), true);
    byte[] backing = concat(repeat(0xc1, 3), repeat(0xc1, 4), frame, repeat(0xc1, 2));
    ByteBuffer slice = ByteBuffer.wrap(backing).position(3).slice();
    slice.position(4).limit(4 + frame.length);
    assertThat(slice.arrayOffset()).isEqualTo(3);

    List<Message> got = read(reader, slice);

    assertThat(got).hasSize(1);
    assertThat(got.get(0).subroute).isEqualTo("s");
  }

  @Test
  void readOnlyHeapBufferIsDecoded() {
    byte[] frame = frameOf(Message.of(1, 0, Op.PING, 0, null), true);
    ByteBuffer ro = ByteBuffer.wrap(concat(repeat(0, 2), frame)).position(2).asReadOnlyBuffer();
    assertThat(read(reader, ro)).hasSize(1);
  }

  @Test
  void readerIsReusableAfterAMalformedFrame() {
    assertRejected("97 01 00 00 c0 63 00 c0");
    List<Message> got = read(reader, frameOf(Message.of(5, 0, Op.PONG, 0, null), true));
    assertThat(got.get(0).muxId).isEqualTo(5);
  }

  // ---------------------------------------------------------------- forward compatibility

  @Test
  void extraTrailingEnvelopeFieldsAreSkipped() {
    List<Message> got = read(reader, hex("99 01 00 00 c0 03 00 c0 a1 78 92 01 81 a1 79 c3"));
    assertThat(got).hasSize(1);
    assertThat(got.get(0).op).isEqualTo(Op.PING);
  }

  @Test
  void extraFieldsComeBeforeSubrouteAndAreCoveredByCrc() {
    byte[] frame = withCrc(hex("98 01 00 00 a1 68 0e 0b c4 01 05 cd 12 34 a1 73"));
    Message m = read(reader, frame).get(0);
    assertThat(m.handler).isEqualTo("h");
    assertThat(m.subroute).isEqualTo("s");
    assertThat(m.flags).isEqualTo(Flags.EOF | Flags.SUBROUTE);
    assertThat(m.payload).containsExactly(5);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "98 01 00 00 c0 03 00 c0 df 40 00 00 00", // map32 of 2^30 entries, none present
        "98 01 00 00 c0 03 00 c0 df 7f ff ff ff", // map32 of 2^31-1 entries, none present
        "98 01 00 00 c0 03 00 c0 92 df 40 00 00 00", // the same map nested in an array
      })
  void extraFieldAnnouncingMoreEntriesThanTheFrameHoldsIsRejected(String frame) {
    // FrameReader.readMessage skips extra fields with MessageUnpacker.skipValue(), whose int
    // counter overflows on "count += readNextLength32() * 2" (msgpack-core 0.9.12) and ends the
    // skip early: the announced entries are never read.
    assertRejected(frame);
  }

  @Test
  void intsInNonCanonicalWiderFormatsAreAccepted() {
    Message m =
        read(reader, hex("97 cf 00 00 00 00 00 00 00 01 cd 00 02 d0 03 c0 cc 03 00 c0")).get(0);
    assertThat(m.muxId).isEqualTo(1);
    assertThat(m.seq).isEqualTo(2);
    assertThat(m.deadlineMillis).isEqualTo(3);
  }

  // ---------------------------------------------------------------- malformed: structure

  @Test
  void emptyFrameIsRejected() {
    assertRejected("").hasMessageContaining("frame ends where a message was expected");
    assertThatThrownBy(() -> read(reader, ByteBuffer.allocateDirect(0)))
        .isInstanceOf(ProtocolException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"c0", "01", "a1 78", "c4 01 00", "81 a1 78 01", "cb 3f f0 00 00 00 00 00 00"})
  void frameThatIsNotAnArrayIsRejected(String frame) {
    assertRejected(frame).hasMessageContaining("not an array");
  }

  @ParameterizedTest
  @CsvSource({"90, 0", "91 01, 1", "96 01 00 00 c0 03 00, 6"})
  void envelopeWithFewerThanSevenFieldsIsRejected(String frame, int fields) {
    assertRejected(frame).hasMessageContaining("has " + fields + " fields, not 7");
  }

  @Test
  void everyPrefixOfAValidMergedFrameIsRejectedAsTruncated() {
    byte[] frame =
        mergedOf(
            true,
            new Message(1, 1, 70000, "handler", Op.REQUEST, Flags.EOF, repeat(1, 300), "sub"),
            Message.of(2, 2, Op.MUX_CLIENT_MSG, 0, new byte[] {1, 2, 3}),
            Message.of(300, 0, Op.PING, 0, null));
    assertThat(read(reader, frame)).hasSize(3);
    for (int n = 0; n < frame.length; n++) {
      byte[] prefix = java.util.Arrays.copyOf(frame, n);
      assertThatThrownBy(() -> read(reader, prefix))
          .as("prefix of %d of %d bytes", n, frame.length)
          .isInstanceOf(ProtocolException.class)
          .hasMessageMatching("(?s).*\\S.*");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "97 cd 01", // muxId cut inside its uint16
        "97 01 00 00 c0 03 00", // envelope ends before the payload field
        "97 01 00 00 c0 0e 08 c0 d9", // subroute cut inside its str8 header
        "97 01 00 00 c0 0e 00 c6 80 00 00 00", // payload length of 2^31
      })
  void truncationInsideAValueNamesTheProblem(String frame) {
    // FrameReader.read wraps msgpack-core exceptions with e.getMessage(), which is null for
    // MessageInsufficientBufferException and MessageSizeException.
    assertRejected(frame).message().doesNotContain("null");
  }

  @Test
  void mergedFrameWithFewerMessagesThanItsCountIsRejected() {
    byte[] frame =
        concat(hex("97 00 03 00 c0 10 00 c0"), frameOf(Message.of(1, 0, Op.PING, 0, null), false));
    assertRejected(reader, frame).hasMessageContaining("frame ends where a message was expected");
  }

  @Test
  void trailingBytesAfterTheOnlyMessageAreRejected() {
    assertRejected("97 01 00 00 c0 03 00 c0 00").hasMessageContaining("1 trailing bytes");
  }

  @Test
  void trailingBytesAfterTheLastMergedMessageAreRejected() {
    byte[] frame = concat(mergedOf(true, Message.of(1, 0, Op.PING, 0, null)), hex("c0 c0"));
    assertRejected(reader, frame).hasMessageContaining("2 trailing bytes");
  }

  @Test
  void secondMessageWithoutMergedHeaderIsRejectedAsTrailing() {
    byte[] one = frameOf(Message.of(1, 0, Op.PING, 0, null), false);
    assertRejected(reader, concat(one, one)).hasMessageContaining("trailing bytes");
  }

  @Test
  void mergedHeaderWithCountZeroIsRejected() {
    assertRejected("97 00 00 00 c0 10 00 c0").hasMessageContaining("count 0");
  }

  @Test
  void mergedHeaderWithNonZeroMuxIdIsRejected() {
    byte[] frame =
        concat(hex("97 01 01 00 c0 10 00 c0"), frameOf(Message.of(1, 0, Op.PING, 0, null), false));
    assertRejected(reader, frame).hasMessageContaining("merged header with mux 1");
  }

  @Test
  void mergedFrameNestedInMergedFrameIsRejected() {
    byte[] inner = mergedOf(false, Message.of(1, 0, Op.PING, 0, null));
    byte[] frame =
        concat(
            hex("97 00 02 00 c0 10 00 c0"),
            frameOf(Message.of(2, 0, Op.PING, 0, null), false),
            inner);
    assertRejected(reader, frame).hasMessageContaining("nested");
  }

  @Test
  void mergedHeaderWithHugeCountFailsAtTheEndOfTheFrame() {
    byte[] frame =
        concat(
            hex("97 00 cf 00 00 10 00 00 00 00 00 00 c0 10 00 c0"),
            frameOf(Message.of(1, 0, Op.PING, 0, null), false));
    assertRejected(reader, frame).hasMessageContaining("frame ends where a message was expected");
  }

  // ---------------------------------------------------------------- malformed: field types

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "'97 a1 78 00 00 c0 03 00 c0', muxId is a",
    "'97 01 c0 00 c0 03 00 c0', seq is a",
    "'97 01 00 cb 3f f0 00 00 00 00 00 00 c0 03 00 c0', deadlineMillis is a",
    "'97 01 00 00 05 03 00 c0', handler is a",
    "'97 01 00 00 c4 01 68 03 00 c0', handler is a",
    "'97 01 00 00 c0 a1 03 00 c0', op is a",
    "'97 01 00 00 c0 03 c3 c0', flags is a",
    "'97 01 00 00 c0 03 00 a1 78', payload is a",
    "'97 01 00 00 c0 03 00 05', payload is a",
    "'97 01 00 00 c0 0e 08 c0 05', subroute is a",
    "'97 01 00 00 c0 0e 08 c0 c4 01 73', subroute is a",
  })
  void fieldOfTheWrongTypeIsRejectedNamingTheField(String frame, String message) {
    assertRejected(frame).hasMessageContaining(message);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "97 c1 00 00 c0 03 00 c0",
        "97 01 00 00 c1 03 00 c0",
        "97 01 00 00 c0 03 00 c1",
        "97 01 00 00 c0 03 00 c0 c1",
      })
  void neverUsedFormatByteIsRejected(String frame) {
    assertRejected(frame);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "'97 ff 00 00 c0 03 00 c0', muxId is negative: -1",
    "'97 01 d0 80 00 c0 03 00 c0', seq is negative: -128",
    "'97 01 00 d3 ff ff ff ff ff ff ff fe c0 03 00 c0', deadlineMillis is negative: -2",
    "'97 01 00 00 c0 e0 00 c0', op is negative: -32",
    "'97 01 00 00 c0 03 d1 ff ff c0', flags is negative: -1",
  })
  void negativeIntegerIsRejectedNamingTheField(String frame, String message) {
    assertRejected(frame).hasMessageContaining(message);
  }

  @Test
  void unsignedIntegerAboveLongMaxIsRejected() {
    assertRejected("97 cf ff ff ff ff ff ff ff ff 00 00 c0 03 00 c0");
  }

  @ParameterizedTest
  @CsvSource({"'00', 0", "'63', 99", "'11', 17", "'cd 01 00', 256"})
  void unknownOpIsRejected(String op, int code) {
    assertRejected("97 01 00 00 c0" + op + "00 c0").hasMessageContaining("unknown op " + code);
  }

  @Test
  void deadlineAboveTwoToTheThirtyTwoMinusOneIsRejected() {
    assertRejected("97 01 00 cf 00 00 00 01 00 00 00 00 c0 03 00 c0")
        .hasMessageContaining("deadlineMillis 4294967296 exceeds");
    assertThat(read(reader, hex("97 01 00 ce ff ff ff ff c0 03 00 c0")).get(0).deadlineMillis)
        .isEqualTo(0xFFFF_FFFFL);
  }

  // ---------------------------------------------------------------- malformed: CRC and subroute

  @Test
  void everySingleBitFlipInACrcMessageIsRejected() {
    Message m = new Message(1, 7, 60000, "echo", Op.REQUEST, Flags.EOF, new byte[] {1, 2, 3}, "s");
    byte[] frame = frameOf(m, true);
    // Frame ends: ... c4 03 01 02 03 a1 73 <crc x4>. Payload content, subroute text and the CRC
    // itself carry no structure: a flip there can only be caught by the CRC.
    java.util.Set<Integer> contentOnly =
        java.util.Set.of(
            frame.length - 9,
            frame.length - 8,
            frame.length - 7,
            frame.length - 5,
            frame.length - 4,
            frame.length - 3,
            frame.length - 2,
            frame.length - 1);
    for (int i = 0; i < frame.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] bad = frame.clone();
        bad[i] ^= (byte) (1 << bit);
        var check =
            assertThatThrownBy(() -> read(reader, bad))
                .as("byte %d bit %d: %s", i, bit, hexOf(bad))
                .isInstanceOf(ProtocolException.class);
        if (contentOnly.contains(i)) {
          check.hasMessageContaining("CRC mismatch");
        }
      }
    }
  }

  @Test
  void bitFlipInOneMessageOfAMergedFrameIsRejected() {
    Message m = Message.of(1, 0, Op.MUX_CLIENT_MSG, 0, repeat(0x11, 40));
    byte[] frame = mergedOf(true, m, m, m);
    byte[] bad = frame.clone();
    bad[frame.length / 2] ^= 0x10;
    assertRejected(reader, bad).hasMessageContaining("CRC mismatch");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3})
  void crcFlagWithFrameEndingBeforeTheCrcIsRejected(int crcBytesPresent) {
    byte[] full = withCrc(hex("97 01 00 00 c0 03 01 c0"));
    byte[] cut = java.util.Arrays.copyOf(full, full.length - 4 + crcBytesPresent);
    assertRejected(reader, cut).hasMessageContaining("frame ends before the CRC");
  }

  @Test
  void crcMismatchNamesOpMuxAndBothValues() {
    byte[] frame = concat(hex("97 2a 00 00 c0 03 01 c0"), hex("00 00 00 00"));
    assertRejected(reader, frame)
        .hasMessageMatching("CRC mismatch on PING mux 42: computed [0-9a-f]{8}, received 00000000");
  }

  @Test
  void subrouteFlagWithNilSubrouteIsRejected() {
    assertRejected("97 01 00 00 a1 68 0e 08 c0 c0")
        .hasMessageContaining("SUBROUTE flag set but no subroute follows");
  }

  @Test
  void subrouteFlagWithFrameEndingAfterTheEnvelopeIsRejected() {
    assertRejected("97 01 00 00 a1 68 0e 08 c0");
  }

  @Test
  void subrouteFlagInMergedFrameDoesNotSwallowTheNextMessage() {
    byte[] frame =
        concat(
            hex("97 00 02 00 c0 10 00 c0"),
            hex("97 01 00 00 a1 68 0e 08 c0"),
            frameOf(Message.of(2, 0, Op.PING, 0, null), false));
    assertRejected(reader, frame).hasMessageContaining("subroute is a");
  }

  // ---------------------------------------------------------------- malformed: sizes

  @ParameterizedTest
  @ValueSource(
      strings = {"c6 7f ff ff ff", "c6 80 00 00 00", "c6 ff ff ff ff", "c5 ff ff", "c4 ff"})
  void payloadAnnouncingMoreThanTheFrameHoldsFailsFastWithoutAllocating(String binHeader) {
    FrameReader unlimited = new FrameReader(Integer.MAX_VALUE, Integer.MAX_VALUE);
    byte[] frame = hex("97 01 00 00 c0 0e 00" + binHeader + "01 02 03");
    long before = System.nanoTime();
    assertRejected(unlimited, frame);
    assertThat(System.nanoTime() - before).as("nanos to reject").isLessThan(2_000_000_000L);
  }

  @Test
  void payloadOfTwoGibibytesNamesTheSizeAndWhatRemains() {
    FrameReader unlimited = new FrameReader(Integer.MAX_VALUE, Integer.MAX_VALUE);
    assertRejected(unlimited, hex("97 01 00 00 c0 0e 00 c6 7f ff ff ff 01 02 03"))
        .hasMessageContaining("payload announces 2147483647 bytes but only 3 remain");
  }

  @ParameterizedTest
  @ValueSource(strings = {"db 7f ff ff ff", "db 80 00 00 00", "da ff ff"})
  void handlerAnnouncingMoreThanTheFrameHoldsFailsFast(String strHeader) {
    FrameReader unlimited = new FrameReader(Integer.MAX_VALUE, Integer.MAX_VALUE);
    assertRejected(unlimited, hex("97 01 00 00" + strHeader + "68 68"));
  }

  @Test
  void payloadOverMaxPayloadBytesIsRejected() {
    FrameReader small = new FrameReader(16, 8);
    byte[] frame = frameOf(Message.of(1, 0, Op.RESPONSE, 0, repeat(1, 17)), false);
    assertRejected(small, frame)
        .hasMessageContaining("payload of 17 bytes exceeds the limit of 16");
  }

  @Test
  void handlerOverMaxNameBytesIsRejected() {
    FrameReader small = new FrameReader(16, 8);
    byte[] frame = frameOf(new Message(1, 0, 0, "123456789", Op.REQUEST, 0, null, null), false);
    assertRejected(small, frame).hasMessageContaining("handler is 9 bytes, limit 8");
  }

  @Test
  void handlerLimitCountsUtf8Bytes() {
    FrameReader small = new FrameReader(16, 8);
    byte[] frame = frameOf(new Message(1, 0, 0, "€€€", Op.REQUEST, 0, null, null), false);
    assertRejected(small, frame).hasMessageContaining("handler is 9 bytes, limit 8");
  }

  @Test
  void subrouteOverMaxNameBytesIsRejected() {
    FrameReader small = new FrameReader(16, 8);
    byte[] frame = frameOf(new Message(1, 0, 0, "h", Op.REQUEST, 0, null, "123456789"), false);
    assertRejected(small, frame).hasMessageContaining("subroute is 9 bytes, limit 8");
  }
}
