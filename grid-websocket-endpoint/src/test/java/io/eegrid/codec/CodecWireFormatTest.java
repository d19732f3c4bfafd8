package io.eegrid.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Byte-exact encodings, written by hand from the msgpack spec, then decoded back. */
@Timeout(10)
class CodecWireFormatTest {
  record Point(int x, String name) {}

  enum Color {
    RED,
    GREEN
  }

  static final class Base {
    int id;
  }

  private static <T> void assertWire(Codec<T> codec, T value, String hex) {
    byte[] bytes = Codecs.toBytes(codec, value);
    assertThat(Hex.of(bytes)).isEqualTo(Hex.of(Hex.bytes(hex)));
    assertThat(Codecs.fromBytes(codec, Hex.bytes(hex))).isEqualTo(value);
  }

  @SuppressWarnings("unchecked")
  private static <T> Codec<T> codec(Class<?> raw, java.lang.reflect.Type... args) {
    return (Codec<T>) Codecs.of(Codecs.parameterized(raw, args));
  }

  @Test
  void recordIsMapFromComponentNameInDeclarationOrder() {
    assertWire(Codecs.of(Point.class), new Point(1, "a"), "82 a1 78 01 a4 6e 61 6d 65 a1 61");
  }

  @Test
  void nullRecordIsNil() {
    assertWire(Codecs.of(Point.class), null, "c0");
  }

  @Test
  void enumIsItsName() {
    assertWire(Codecs.of(Color.class), Color.RED, "a3 52 45 44");
  }

  @Test
  void listIsArrayOfCompactInts() {
    Codec<List<Integer>> codec = codec(List.class, Integer.class);
    assertWire(codec, List.of(1, 2, 300, -1), "94 01 02 cd 01 2c ff");
  }

  @Test
  void emptyOptionalIsNilAndPresentOptionalIsTheValue() {
    Codec<Optional<String>> codec = codec(Optional.class, String.class);
    assertWire(codec, Optional.empty(), "c0");
    assertWire(codec, Optional.of("a"), "a1 61");
  }

  @Test
  void byteArrayIsBin() {
    byte[] bytes = Codecs.toBytes(Codecs.of(byte[].class), new byte[] {1, 2, (byte) 0xff});
    assertThat(Hex.of(bytes)).isEqualTo("c4 03 01 02 ff");
    assertThat(Codecs.fromBytes(Codecs.of(byte[].class), bytes)).containsExactly(1, 2, 0xff);
  }

  @Test
  void mapIsMsgpackMapInIterationOrder() {
    Codec<Map<String, Long>> codec = codec(Map.class, String.class, Long.class);
    Map<String, Long> map = new LinkedHashMap<>();
    map.put("b", 1L);
    map.put("a", 65536L);
    assertWire(codec, map, "82 a1 62 01 a1 61 ce 00 01 00 00");
  }

  @Test
  void scalarsUseTheirMsgpackFormats() {
    assertWire(Codecs.of(boolean.class), true, "c3");
    assertWire(Codecs.of(Boolean.class), null, "c0");
    assertWire(Codecs.of(byte.class), (byte) -2, "fe");
    assertWire(Codecs.of(short.class), (short) 1000, "cd 03 e8");
    assertWire(Codecs.of(long.class), -129L, "d1 ff 7f");
    assertWire(Codecs.of(char.class), 'A', "41");
    assertWire(Codecs.of(float.class), 1.5f, "ca 3f c0 00 00");
    assertWire(Codecs.of(double.class), 1.5, "cb 3f f8 00 00 00 00 00 00");
    assertWire(Codecs.of(String.class), "é", "a2 c3 a9");
  }

  @Test
  void uuidIsBin16MostSignificantFirst() {
    assertWire(
        Codecs.of(UUID.class),
        new UUID(1, 2),
        "c4 10 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 02");
  }

  @Test
  void instantIsTimestampExtension() {
    assertWire(Codecs.of(Instant.class), Instant.ofEpochSecond(1), "d6 ff 00 00 00 01");
  }

  @Test
  void durationIsSecondsAndNanos() {
    assertWire(Codecs.of(Duration.class), Duration.ofSeconds(5, 7), "92 05 07");
  }

  @Test
  void bigNumbersAreTwosComplementBin() {
    assertWire(Codecs.of(BigInteger.class), BigInteger.valueOf(-2), "c4 01 fe");
    assertWire(Codecs.of(BigDecimal.class), new BigDecimal("1.5"), "92 c4 01 0f 01");
  }

  @Test
  void primitiveArraysAreArrays() {
    assertThat(Hex.of(Codecs.toBytes(Codecs.of(int[].class), new int[] {1, -1})))
        .isEqualTo("92 01 ff");
    assertThat(Hex.of(Codecs.toBytes(Codecs.of(long[].class), new long[] {300})))
        .isEqualTo("91 cd 01 2c");
    assertThat(Codecs.fromBytes(Codecs.of(long[].class), Hex.bytes("91 cd 01 2c")))
        .containsExactly(300L);
  }

  @Test
  void classIsMapOfItsFields() {
    Base base = new Base();
    base.id = 7;
    assertThat(Hex.of(Codecs.toBytes(Codecs.of(Base.class), base))).isEqualTo("81 a2 69 64 07");
  }
}
