package io.eegrid.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.eegrid.CodecException;
import io.eegrid.codec.Codec;
import io.eegrid.codec.Codecs;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the typed codecs ({@code io.eegrid.codec}) with arbitrary bytes: {@link Codecs#fromBytes}
 * for a few types with nested lists, maps, sets, optional fields, arrays, byte[] and recursion.
 * Every input is decoded as each of them.
 *
 * <p>Property: a value or a {@link CodecException} with a message; never another exception, a hang
 * or an allocation sized by a length the input cannot hold. A value is only produced from exactly
 * one well-formed msgpack value ({@link MsgpackShape}), and it encodes to bytes that decode and
 * encode again to the same bytes.
 *
 * <p>Stateless (the codecs are immutable and shared).
 */
@Tag("fuzz")
class CodecFuzzTest {
  enum Status {
    NEW,
    PAID,
    SHIPPED
  }

  record Item(String sku, int quantity, Optional<String> note, byte[] blob) {}

  record Order(
      UUID id,
      List<Item> items,
      Map<String, List<Long>> tags,
      Optional<Instant> shipped,
      Set<Status> statuses,
      long[] counters,
      Item[] extras,
      BigDecimal total,
      Duration ttl,
      double weight,
      Optional<Order> parent) {}

  record Tree(String label, List<Tree> children, Map<Integer, byte[]> attachments) {}

  static final List<Codec<?>> CODECS =
      List.of(
          Codecs.of(Order.class),
          Codecs.of(Item.class),
          Codecs.of(Tree.class),
          Codecs.of(Codecs.parameterized(List.class, Item.class)),
          Codecs.of(
              Codecs.parameterized(
                  Map.class, String.class, Codecs.parameterized(Optional.class, Item.class))));

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void decode(byte[] bytes) {
    for (Codec<?> codec : CODECS) {
      check(codec, bytes);
    }
  }

  private static <T> void check(Codec<T> codec, byte[] bytes) {
    T value;
    try {
      value = Codecs.fromBytes(codec, bytes);
    } catch (CodecException e) {
      Expect.explains(e, () -> "rejection of " + hex(bytes) + " as " + codec.type());
      return;
    }
    Expect.that(
        MsgpackShape.isSingleValue(bytes),
        () ->
            codec.type()
                + " decoded "
                + hex(bytes)
                + ", which is not exactly one well-formed msgpack value");
    byte[] encoded = Codecs.toBytes(codec, value);
    byte[] again = Codecs.toBytes(codec, Codecs.fromBytes(codec, encoded));
    Expect.that(
        java.util.Arrays.equals(again, encoded),
        () ->
            "re-encoding "
                + hex(bytes)
                + " as "
                + codec.type()
                + " gave "
                + hex(encoded)
                + " then "
                + hex(again));
  }

  private static String hex(byte[] bytes) {
    return FrameReaderFuzzTest.hex(bytes);
  }
}
