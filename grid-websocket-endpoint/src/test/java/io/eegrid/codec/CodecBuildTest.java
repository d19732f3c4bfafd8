package io.eegrid.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eegrid.CodecException;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/** Building validates the type graph eagerly; user codecs override the built-in ones. */
@Timeout(10)
class CodecBuildTest {
  record Order(String id, List<Thread> items) {}

  @SuppressWarnings("rawtypes")
  record RawHolder(List items) {}

  record Box<T>(T value) {}

  record Deep(Map<String, Optional<List<Object>>> values) {}

  static final class WithObject {
    Object anything;
  }

  static final class NoDefaultConstructor {
    final int x;

    NoDefaultConstructor(int x) {
      this.x = x;
    }
  }

  static final class MyList extends java.util.ArrayList<String> {}

  @Test
  void unsupportedTypeFailsAtOfWithItsPath() {
    assertThatThrownBy(() -> Codecs.of(Order.class))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("Order.items[]: java.lang.Thread is not supported (records, enums");
  }

  @Test
  void unsupportedTypesDeepInsideContainersNameThePath() {
    assertThatThrownBy(() -> Codecs.of(Deep.class))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("Deep.values[].get()[]: java.lang.Object is not supported");
    assertThatThrownBy(() -> Codecs.of(WithObject.class))
        .hasMessageStartingWith("WithObject.anything: java.lang.Object is not supported");
    assertThatThrownBy(() -> Codecs.of(NoDefaultConstructor.class))
        .hasMessageContaining("NoDefaultConstructor is not supported");
    assertThatThrownBy(() -> Codecs.of(MyList.class))
        .hasMessageContaining("extends java.util.ArrayList");
    assertThatThrownBy(() -> Codecs.of(Runnable.class)).hasMessageContaining("is not supported");
  }

  @Test
  void rawCollectionFailsWithPath() {
    assertThatThrownBy(() -> Codecs.of(RawHolder.class))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("RawHolder.items: raw List is not supported");
  }

  @Test
  void unresolvedTypeVariableFailsWithPath() {
    assertThatThrownBy(() -> Codecs.of(Box.class))
        .isInstanceOf(CodecException.class)
        .hasMessageStartingWith("Box.value: type variable T cannot be resolved");
    assertThat(Codecs.of(Codecs.parameterized(Box.class, String.class))).isNotNull();
  }

  @Test
  void failedBuildCachesNothingAndCanBeRetriedWithTheSameError() {
    assertThatThrownBy(() -> Codecs.of(Order.class)).isInstanceOf(CodecException.class);
    assertThatThrownBy(() -> Codecs.of(Order.class)).isInstanceOf(CodecException.class);
  }

  @Test
  void codecsAreBuiltOncePerType() {
    assertThat(Codecs.of(CodecWireFormatTest.Point.class))
        .isSameAs(Codecs.of(CodecWireFormatTest.Point.class));
    assertThat(Codecs.of(Codecs.parameterized(List.class, String.class)))
        .isSameAs(Codecs.of(Codecs.parameterized(List.class, String.class)));
  }

  @Test
  void parameterizedChecksArgumentCount() {
    assertThatThrownBy(() -> Codecs.parameterized(Map.class, String.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.util.Map takes 2 type arguments, found 1");
  }

  // --- SPI ---

  /** A value class with no no-arg constructor: unsupported unless a user codec handles it. */
  static final class Money {
    final long cents;

    Money(long cents) {
      this.cents = cents;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Money && ((Money) o).cents == cents;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(cents);
    }
  }

  /** Writes money as the string "12.34". */
  static final class MoneyCodec implements Codec<Money> {
    @Override
    public void encode(Money value, MessagePacker out) throws IOException {
      if (value == null) {
        out.packNil();
      } else {
        out.packString(value.cents / 100 + "." + String.format("%02d", value.cents % 100));
      }
    }

    @Override
    public Money decode(MessageUnpacker in) throws IOException {
      String s = in.unpackString();
      if (!s.contains(".")) {
        throw new CodecException("not a money amount: " + s);
      }
      return new Money(Math.round(Double.parseDouble(s) * 100));
    }

    @Override
    public Type type() {
      return Money.class;
    }
  }

  record Invoice(String customer, Money total, List<Money> lines) {}

  @Test
  void registeredCodecIsUsedForTheTypeAndWhereverItIsNested() {
    Codecs.register(Money.class, new MoneyCodec());

    Codec<Invoice> codec = Codecs.of(Invoice.class);
    Invoice invoice = new Invoice("c", new Money(1234), List.of(new Money(5)));
    byte[] bytes = Codecs.toBytes(codec, invoice);

    assertThat(Hex.of(Codecs.toBytes(Codecs.of(Money.class), new Money(1234))))
        .isEqualTo("a5 31 32 2e 33 34");
    assertThat(Hex.of(bytes)).contains("a5 31 32 2e 33 34");
    assertThat(Codecs.fromBytes(codec, bytes)).isEqualTo(invoice);
    assertThatThrownBy(() -> Codecs.register(Money.class, new MoneyCodec()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(Money.class.getName());
  }

  @Test
  void userCodecFailureIsReportedWithPath() {
    Codecs.register(Cents.class, new CentsCodec());
    byte[] bytes = Hex.bytes("81 a5 63 65 6e 74 73 a2 31 32");

    assertThatThrownBy(() -> Codecs.fromBytes(Codecs.of(Wallet.class), bytes))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("cannot decode Wallet.cents: not cents: 12");
  }

  static final class Cents {}

  record Wallet(Cents cents) {}

  static final class CentsCodec implements Codec<Cents> {
    @Override
    public void encode(Cents value, MessagePacker out) throws IOException {
      out.packString("ok");
    }

    @Override
    public Cents decode(MessageUnpacker in) throws IOException {
      String s = in.unpackString();
      throw new CodecException("not cents: " + s);
    }

    @Override
    public Type type() {
      return Cents.class;
    }
  }

  record Late(int x) {}

  record LateHolder(Late late) {}

  @Test
  void registeringAfterFirstUseIsRefused() {
    Codecs.of(LateHolder.class);

    assertThatThrownBy(() -> Codecs.register(Late.class, new LateCodec()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(Late.class.getName())
        .hasMessageContaining("already built");
  }

  static final class LateCodec implements Codec<Late> {
    @Override
    public void encode(Late value, MessagePacker out) {}

    @Override
    public Late decode(MessageUnpacker in) {
      return null;
    }

    @Override
    public Type type() {
      return Late.class;
    }
  }

  record Provided(Money money) {}

  @Test
  void providerCodecIsUsedWhenNothingIsRegistered() {
    CodecProvider provider =
        new CodecProvider() {
          @SuppressWarnings("unchecked")
          @Override
          public <T> Codec<T> codecFor(Class<T> type) {
            return type == Money.class ? (Codec<T>) new MoneyCodec() : null;
          }
        };
    CodecRegistry registry = new CodecRegistry(() -> List.of(provider));

    @SuppressWarnings("unchecked")
    Codec<Provided> codec = (Codec<Provided>) registry.codecFor(Provided.class);
    Provided value = new Provided(new Money(250));

    assertThat(Codecs.fromBytes(codec, Codecs.toBytes(codec, value))).isEqualTo(value);
    assertThatThrownBy(() -> new CodecRegistry(List::of).codecFor(Provided.class))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("Provided.money");
  }
}
