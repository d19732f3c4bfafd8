package io.eegrid.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every supported type survives toBytes then fromBytes; decoding tolerates schema drift. */
@Timeout(10)
class CodecRoundTripTest {
  enum Status {
    OPEN,
    CLOSED {
      @Override
      public String toString() {
        return "closed";
      }
    }
  }

  record Item(String sku, int quantity) {}

  record Page(List<Item> items, Map<String, Long> counts, Set<Status> statuses) {}

  record Everything(
      boolean flag,
      byte b,
      short s,
      int i,
      long l,
      float f,
      double d,
      char c,
      Boolean boxedFlag,
      Integer boxedInt,
      String text,
      byte[] bytes,
      Status status,
      UUID id,
      Instant at,
      Duration timeout,
      BigInteger big,
      BigDecimal price,
      Optional<String> note,
      int[] ints,
      long[] longs,
      double[] doubles,
      Item[] itemArray,
      List<Optional<Item>> maybeItems,
      Map<Status, List<Item>> byStatus) {}

  record Tree(String label, List<Tree> children) {}

  record Box<T>(T value, List<T> more) {}

  private static class Shape {
    private final String kind;
    protected int sides;

    Shape() {
      this.kind = "unknown";
    }

    String kind() {
      return kind;
    }
  }

  static final class Square extends Shape {
    private double side;
    private transient String cached = "not sent";
    private Square next;
  }

  static class Holder<T> {
    T value;
    List<T> values;
  }

  static final class NameHolder extends Holder<String> {}

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(java.lang.reflect.Type type, T value) {
    Codec<T> codec = (Codec<T>) Codecs.of(type);
    return Codecs.fromBytes(codec, Codecs.toBytes(codec, value));
  }

  @Test
  void everySupportedTypeRoundTrips() {
    Everything e =
        new Everything(
            true,
            Byte.MIN_VALUE,
            Short.MAX_VALUE,
            Integer.MIN_VALUE,
            Long.MAX_VALUE,
            -0.25f,
            Math.PI,
            'λ',
            null,
            42,
            "grüße 🚀",
            new byte[] {0, 1, 2},
            Status.CLOSED,
            UUID.randomUUID(),
            Instant.parse("2024-02-29T12:34:56.123456789Z"),
            Duration.ofMillis(-1500),
            new BigInteger("-123456789012345678901234567890"),
            new BigDecimal("-12345.6789"),
            Optional.of("n"),
            new int[] {1, Integer.MAX_VALUE},
            new long[] {Long.MIN_VALUE},
            new double[] {1.5, -2},
            new Item[] {new Item("a", 1), null},
            List.of(Optional.of(new Item("b", 2)), Optional.empty()),
            Map.of(Status.OPEN, List.of(new Item("c", 3))));

    Everything back = roundTrip(Everything.class, e);

    assertThat(back).usingRecursiveComparison().isEqualTo(e);
    assertThat(back.status()).isSameAs(Status.CLOSED);
  }

  @Test
  void nestedRecordsListsMapsAndSetsRoundTrip() {
    Page page =
        new Page(
            List.of(new Item("a", 1), new Item("b", 2)),
            Map.of("x", 1L, "y", -1L),
            new LinkedHashSet<>(List.of(Status.CLOSED, Status.OPEN)));

    Page back = roundTrip(Page.class, page);

    assertThat(back).isEqualTo(page);
    assertThat(back.items()).isInstanceOf(ArrayList.class);
    assertThat(back.statuses())
        .isInstanceOf(LinkedHashSet.class)
        .containsExactly(Status.CLOSED, Status.OPEN);
  }

  @Test
  void recursiveRecordRoundTrips() {
    Tree tree =
        new Tree(
            "root", List.of(new Tree("a", List.of()), new Tree("b", List.of(new Tree("c", null)))));

    assertThat(roundTrip(Tree.class, tree)).isEqualTo(tree);
  }

  @Test
  void genericRecordResolvesItsTypeArguments() {
    Box<Item> box = new Box<>(new Item("a", 1), List.of(new Item("b", 2)));

    assertThat(roundTrip(Codecs.parameterized(Box.class, Item.class), box)).isEqualTo(box);
  }

  @Test
  void listOfRecordsAtTopLevelRoundTrips() {
    List<Item> items = new ArrayList<>(List.of(new Item("a", 1)));
    items.add(null);

    assertThat(roundTrip(Codecs.parameterized(List.class, Item.class), items)).isEqualTo(items);
  }

  @Test
  void classWithInheritanceRoundTripsSuperclassFieldsFirst() {
    Square square = new Square();
    square.sides = 4;
    square.side = 2.5;
    square.cached = "changed";
    square.next = new Square();
    square.next.side = 1;

    Codec<Square> codec = Codecs.of(Square.class);
    byte[] bytes = Codecs.toBytes(codec, square);
    Square back = Codecs.fromBytes(codec, bytes);

    // Keys in order: kind, sides (Shape), then side, next (Square); cached is transient.
    assertThat(Hex.of(bytes))
        .startsWith("84 a4 6b 69 6e 64 a7 75 6e 6b 6e 6f 77 6e a5 73 69 64 65 73 04");
    assertThat(back.kind()).isEqualTo("unknown");
    assertThat(back.sides).isEqualTo(4);
    assertThat(back.side).isEqualTo(2.5);
    assertThat(back.cached).isEqualTo("not sent");
    assertThat(back.next.side).isEqualTo(1);
    assertThat(back.next.next).isNull();
  }

  @Test
  void genericSuperclassFieldsAreResolved() {
    NameHolder holder = new NameHolder();
    holder.value = "v";
    holder.values = List.of("w");

    NameHolder back = roundTrip(NameHolder.class, holder);

    assertThat(back.value).isEqualTo("v");
    assertThat(back.values).containsExactly("w");
  }

  @Test
  void unknownKeysAreSkippedAndMissingComponentsGetDefaults() {
    // {"name": "a", "extra": [1, {"k": nil}]}: no "x", plus a key this version does not know.
    byte[] bytes = Hex.bytes("82 a4 6e 61 6d 65 a1 61 a5 65 78 74 72 61 92 01 81 a1 6b c0");

    assertThat(Codecs.fromBytes(Codecs.of(CodecWireFormatTest.Point.class), bytes))
        .isEqualTo(new CodecWireFormatTest.Point(0, "a"));
  }

  record Defaults(int i, boolean b, char c, Optional<String> o, String s, List<String> l) {}

  @Test
  void missingComponentsOfEveryKindGetTheirDefault() {
    assertThat(Codecs.fromBytes(Codecs.of(Defaults.class), Hex.bytes("80")))
        .isEqualTo(new Defaults(0, false, '\0', Optional.empty(), null, null));
  }

  @Test
  void keysInAnotherOrderDecode() {
    byte[] bytes = Hex.bytes("82 a4 6e 61 6d 65 a1 61 a1 78 05");

    assertThat(Codecs.fromBytes(Codecs.of(CodecWireFormatTest.Point.class), bytes))
        .isEqualTo(new CodecWireFormatTest.Point(5, "a"));
  }

  @Test
  void missingFieldOfClassKeepsConstructorValue() {
    Square back =
        Codecs.fromBytes(
            Codecs.of(Square.class), Hex.bytes("81 a4 73 69 64 65 cb 3f f8 00 00 00 00 00 00"));

    assertThat(back.side).isEqualTo(1.5);
    assertThat(back.kind()).isEqualTo("unknown");
    assertThat(back.cached).isEqualTo("not sent");
  }

  @Test
  void largeValueGrowsTheBufferAndStillRoundTrips() {
    byte[] big = new byte[3 * 1024 * 1024];
    big[big.length - 1] = 9;
    Codec<byte[]> codec = Codecs.of(byte[].class);

    assertThat(Codecs.fromBytes(codec, Codecs.toBytes(codec, big))).isEqualTo(big);
    assertThat(Codecs.fromBytes(codec, Codecs.toBytes(codec, new byte[] {1}))).containsExactly(1);
  }
}
