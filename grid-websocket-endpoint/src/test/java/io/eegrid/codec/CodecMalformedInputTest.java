package io.eegrid.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eegrid.CodecException;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bad input fails with a CodecException naming the type and field, never anything else. */
@Timeout(10)
class CodecMalformedInputTest {
  record Point(int x, String name) {}

  record Small(byte b) {}

  record Order(String id, List<Line> lines) {}

  record Line(String sku, int quantity) {}

  enum Color {
    RED
  }

  record Positive(int value) {
    Positive {
      if (value <= 0) {
        throw new IllegalArgumentException("value must be positive: " + value);
      }
    }
  }

  record Node(List<Node> children) {}

  record Rich(
      String s,
      List<Map<String, Optional<Line>>> lines,
      int[] ints,
      byte[] bin,
      Color color,
      double d,
      java.util.UUID id,
      java.time.Instant at,
      Node node) {}

  private static <T> void assertCodecException(Codec<T> codec, byte[] bytes, String... parts) {
    assertThatThrownBy(() -> Codecs.fromBytes(codec, bytes))
        .isInstanceOf(CodecException.class)
        .hasMessageContainingAll(parts);
  }

  private static <T> void assertCodecException(Codec<T> codec, String hex, String... parts) {
    assertCodecException(codec, Hex.bytes(hex), parts);
  }

  @Test
  void truncatedInputNamesTheField() {
    assertCodecException(Codecs.of(Point.class), "82 a1 78 01 a4 6e 61 6d 65 a1", "Point.name");
    assertCodecException(Codecs.of(Point.class), "82 a1 78 cd 01", "Point.x", "truncated input");
    assertCodecException(Codecs.of(Point.class), "", "Point", "truncated input");
  }

  @Test
  void stringWhereIntExpectedNamesFieldAndFoundType() {
    assertCodecException(
        Codecs.of(Point.class),
        "82 a1 78 a1 61 a4 6e 61 6d 65 a1 61",
        "cannot decode Point.x: expected integer, found STRING");
  }

  @Test
  void outOfRangeIntegerNamesValueAndType() {
    assertCodecException(
        Codecs.of(Small.class), "81 a1 62 cd 01 2c", "Small.b", "value 300 does not fit in byte");
    assertCodecException(
        Codecs.of(long.class),
        "cf ff ff ff ff ff ff ff ff",
        "18446744073709551615 does not fit in long");
  }

  @Test
  void unknownEnumNameNamesEnumAndValue() {
    assertCodecException(Codecs.of(Color.class), "a6 50 55 52 50 4c 45", "Color", "\"PURPLE\"");
  }

  @Test
  void trailingBytesAreRejected() {
    assertCodecException(
        Codecs.of(Point.class),
        "82 a1 78 01 a4 6e 61 6d 65 a1 61 00 00",
        "2 trailing bytes after Point");
  }

  @Test
  void nilForPrimitiveNamesTheField() {
    assertCodecException(Codecs.of(Point.class), "81 a1 78 c0", "Point.x", "nil for primitive int");
    assertCodecException(Codecs.of(int.class), "c0", "int", "nil");
  }

  @Test
  void hugeAnnouncedLengthsFailFastWithoutAllocating() {
    assertCodecException(
        Codecs.of(Codecs.parameterized(List.class, Integer.class)),
        "dd 7f ff ff ff 01",
        "2147483647 elements");
    assertCodecException(Codecs.of(byte[].class), "c6 7f ff ff ff 00", "2147483647 bytes");
    assertCodecException(Codecs.of(String.class), "db 7f ff ff ff 61", "2147483647 bytes");
    assertCodecException(Codecs.of(Point.class), "df 7f ff ff ff", "Point", "2147483647 entries");
    assertCodecException(Codecs.of(int[].class), "dd 7f ff ff ff", "int[]", "elements");
    assertCodecException(
        Codecs.of(Order.class),
        "82 a2 69 64 a1 31 a5 6c 69 6e 65 73 dd 00 10 00 00 c0",
        "Order.lines");
  }

  /**
   * Found by CodecFuzzTest (seed seed-edge-unknown-key-map32-2pow30): msgpack-core's skipValue
   * overflowed its int count on the value of an unknown key announcing 2^30 map entries, returned
   * after the header, and the truncated input decoded as a Point with default members.
   */
  @Test
  void unknownKeyWithHugeMapIsRejectedNotHalfSkipped() {
    assertCodecException(Codecs.of(Point.class), "81 a1 7a df 40 00 00 00", "Point", "entries");
    assertCodecException(Codecs.of(Point.class), "81 a1 7a dd 7f ff ff ff", "Point", "elements");
    // A well-formed unknown value is still skipped: tolerant decoding for rolling upgrades.
    assertThat(
            Codecs.fromBytes(
                Codecs.of(Point.class), Hex.bytes("82 a1 7a 81 a1 6b 92 01 c0 a1 78 05")))
        .isEqualTo(new Point(5, null));
  }

  @Test
  void wrongContainerTypesAreReported() {
    assertCodecException(Codecs.of(Point.class), "92 01 02", "Point", "expected map, found ARRAY");
    assertCodecException(
        Codecs.of(Point.class), "81 01 02", "Point", "expected string key, found INTEGER");
    assertCodecException(Codecs.of(int.class), "c1", "int", "reserved byte 0xc1");
  }

  @Test
  void failureDeepInsideNamesTheWholePath() {
    // {"id": "1", "lines": [{"sku": "a", "quantity": "x"}]}
    String hex =
        "82 a2 69 64 a1 31 a5 6c 69 6e 65 73 91 82 a3 73 6b 75 a1 61"
            + " a8 71 75 61 6e 74 69 74 79 a1 78";
    assertCodecException(
        Codecs.of(Order.class),
        hex,
        "cannot decode Order.lines[0].quantity: expected integer, found STRING");
  }

  @Test
  void constructorRejectionIsACodecException() {
    assertCodecException(
        Codecs.of(Positive.class), "81 a5 76 61 6c 75 65 00", "Positive", "value must be positive");
  }

  @Test
  void hostileNestingFailsWithoutStackOverflow() {
    // {"children": [{"children": [ ... 100000 levels ... ]}]}
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] level = Hex.bytes("81 a8 63 68 69 6c 64 72 65 6e 91");
    for (int i = 0; i < 100_000; i++) {
      out.writeBytes(level);
    }
    out.writeBytes(Hex.bytes("c0"));

    assertCodecException(Codecs.of(Node.class), out.toByteArray(), "Node", "nested deeper than");
  }

  @Test
  void cyclicObjectGraphFailsToEncodeWithCodecException() {
    CycleHolder a = new CycleHolder();
    a.next = a;

    assertThatThrownBy(() -> Codecs.toBytes(Codecs.of(CycleHolder.class), a))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("CycleHolder.next")
        .hasMessageContaining("nested deeper than");
  }

  static final class CycleHolder {
    CycleHolder next;
  }

  @Test
  void randomBytesOnlyEverGiveCodecException() {
    Codec<Rich> codec = Codecs.of(Rich.class);
    Random random = new Random(42);
    Rich sample =
        new Rich(
            "s",
            List.of(Map.of("k", Optional.of(new Line("a", 1)))),
            new int[] {1, 2},
            new byte[] {3},
            Color.RED,
            1.5,
            new java.util.UUID(1, 2),
            java.time.Instant.ofEpochSecond(5, 6),
            new Node(List.of(new Node(List.of()))));
    byte[] valid = Codecs.toBytes(codec, sample);
    for (int n = 0; n < 20_000; n++) {
      byte[] bytes;
      if (n % 2 == 0) {
        bytes = new byte[random.nextInt(40)];
        random.nextBytes(bytes);
      } else {
        bytes = valid.clone();
        for (int k = 0; k < 1 + random.nextInt(3); k++) {
          bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        if (random.nextBoolean()) {
          bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
        }
      }
      try {
        Codecs.fromBytes(codec, bytes);
      } catch (CodecException e) {
        assertThat(e.getMessage()).isNotBlank();
      }
    }
  }
}
