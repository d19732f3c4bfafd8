package io.eegrid.codec;

import java.io.IOException;
import java.lang.invoke.MethodType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageIntegerOverflowException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * The built-in codecs for single values: booleans, numbers, chars, strings, byte arrays, UUIDs,
 * instants, durations, big numbers and enums.
 *
 * <p>Wire forms: integers and chars are msgpack int (range-checked on decode), floats are msgpack
 * float (ints accepted), String is str, byte[] is bin, UUID is bin 16 (most significant long
 * first), Instant is the timestamp extension (type -1), Duration is the array [seconds, nanos],
 * BigInteger is bin (big-endian two's complement), BigDecimal is the array [unscaled bin, scale],
 * enums are str (the constant's name).
 */
final class ScalarCodecs {
  private static final Map<Class<?>, Codec<?>> BY_CLASS = new HashMap<>();

  static {
    add(new BooleanCodec(boolean.class));
    add(new BooleanCodec(Boolean.class));
    add(new IntegerCodec(byte.class, Byte.MIN_VALUE, Byte.MAX_VALUE));
    add(new IntegerCodec(Byte.class, Byte.MIN_VALUE, Byte.MAX_VALUE));
    add(new IntegerCodec(short.class, Short.MIN_VALUE, Short.MAX_VALUE));
    add(new IntegerCodec(Short.class, Short.MIN_VALUE, Short.MAX_VALUE));
    add(new IntegerCodec(int.class, Integer.MIN_VALUE, Integer.MAX_VALUE));
    add(new IntegerCodec(Integer.class, Integer.MIN_VALUE, Integer.MAX_VALUE));
    add(new IntegerCodec(long.class, Long.MIN_VALUE, Long.MAX_VALUE));
    add(new IntegerCodec(Long.class, Long.MIN_VALUE, Long.MAX_VALUE));
    add(new IntegerCodec(char.class, Character.MIN_VALUE, Character.MAX_VALUE));
    add(new IntegerCodec(Character.class, Character.MIN_VALUE, Character.MAX_VALUE));
    add(new FloatCodec(float.class));
    add(new FloatCodec(Float.class));
    add(new FloatCodec(double.class));
    add(new FloatCodec(Double.class));
    add(new StringCodec());
    add(new BytesCodec());
    add(new UuidCodec());
    add(new InstantCodec());
    add(new DurationCodec());
    add(new BigIntegerCodec());
    add(new BigDecimalCodec());
  }

  private ScalarCodecs() {}

  private static void add(NullSafeCodec<?> codec) {
    BY_CLASS.put((Class<?>) codec.type, codec);
  }

  /** Returns the built-in codec for a single-value class, or null if it is not one. */
  static Codec<?> forClass(Class<?> type) {
    return BY_CLASS.get(type);
  }

  /** boolean and Boolean as msgpack bool. */
  static final class BooleanCodec extends NullSafeCodec<Object> {
    BooleanCodec(Class<?> type) {
      super(type);
    }

    @Override
    void encodeValue(Object value, MessagePacker out) throws IOException {
      out.packBoolean((Boolean) value);
    }

    @Override
    Object decodeValue(MessageUnpacker in, MessageFormat format) throws IOException {
      if (format.getValueType() != ValueType.BOOLEAN) {
        throw Inputs.unexpected(type, "boolean", format);
      }
      return in.unpackBoolean();
    }
  }

  /** byte, short, int, long, char and their boxes as msgpack int, range-checked on decode. */
  static final class IntegerCodec extends NullSafeCodec<Object> {
    private final long min;
    private final long max;
    private final Class<?> box;

    IntegerCodec(Class<?> type, long min, long max) {
      super(type);
      this.min = min;
      this.max = max;
      this.box = type.isPrimitive() ? MethodType.methodType(type).wrap().returnType() : type;
    }

    @Override
    void encodeValue(Object value, MessagePacker out) throws IOException {
      out.packLong(value instanceof Character ? (Character) value : ((Number) value).longValue());
    }

    @Override
    Object decodeValue(MessageUnpacker in, MessageFormat format) throws IOException {
      if (format.getValueType() != ValueType.INTEGER) {
        throw Inputs.unexpected(type, "integer", format);
      }
      long v;
      try {
        v = in.unpackLong();
      } catch (MessageIntegerOverflowException e) {
        throw tooLarge(e.getBigInteger());
      }
      if (v < min || v > max) {
        throw tooLarge(BigInteger.valueOf(v));
      }
      if (box == Integer.class) {
        return (int) v;
      } else if (box == Long.class) {
        return v;
      } else if (box == Short.class) {
        return (short) v;
      } else if (box == Byte.class) {
        return (byte) v;
      }
      return (char) v;
    }

    private CodecFailure tooLarge(BigInteger value) {
      return CodecFailure.decoding(type, "value " + value + " does not fit in " + Types.name(type));
    }
  }

  /** float, double and their boxes as msgpack float; msgpack ints are accepted too. */
  static final class FloatCodec extends NullSafeCodec<Object> {
    private final boolean isDouble;

    FloatCodec(Class<?> type) {
      super(type);
      this.isDouble = type == double.class || type == Double.class;
    }

    @Override
    void encodeValue(Object value, MessagePacker out) throws IOException {
      if (isDouble) {
        out.packDouble((Double) value);
      } else {
        out.packFloat((Float) value);
      }
    }

    @Override
    Object decodeValue(MessageUnpacker in, MessageFormat format) throws IOException {
      ValueType valueType = format.getValueType();
      double v;
      if (valueType == ValueType.FLOAT) {
        v = in.unpackDouble();
      } else if (valueType == ValueType.INTEGER) {
        try {
          v = in.unpackLong();
        } catch (MessageIntegerOverflowException e) {
          v = e.getBigInteger().doubleValue();
        }
      } else {
        throw Inputs.unexpected(type, "float", format);
      }
      return isDouble ? (Object) v : (Object) (float) v;
    }
  }

  /** String as msgpack str. */
  static final class StringCodec extends NullSafeCodec<String> {
    StringCodec() {
      super(String.class);
    }

    @Override
    void encodeValue(String value, MessagePacker out) throws IOException {
      out.packString(value);
    }

    @Override
    String decodeValue(MessageUnpacker in, MessageFormat format) throws IOException {
      if (format.getValueType() != ValueType.STRING) {
        throw Inputs.unexpected(type, "string", format);
      }
      return Inputs.readString(in, in.unpackRawStringHeader(), type);
    }
  }

  /** byte[] as msgpack bin. */
  static final class BytesCodec extends NullSafeCodec<byte[]> {
    BytesCodec() {
      super(byte[].class);
    }

    @Override
    void encodeValue(byte[] value, MessagePacker out) throws IOException {
      out.packBinaryHeader(value.length);
      out.writePayload(value);
    }

    @Override
    byte[] decodeValue(MessageUnpacker in, MessageFormat format) throws IOException {
      if (format.getValueType() != ValueType.BINARY) {
        throw Inputs.unexpected(type, "binary", format);
      }
      return Inputs.readPayload(in, in.unpackBinaryHeader(), type);
    }
  }

  /** UUID as bin 16: the most significant long, then the least, both big-endian. */
  static final class UuidCodec extends NullSafeCodec<UUID> {
    UuidCodec() {
      super(UUID.class);
    }

    @Override
    void encodeValue(UUID value, MessagePacker out) throws IOException {
      byte[] bytes =
          ByteBuffer.allocate(16)
              .putLong(value.getMostSignificantBits())
              .putLong(value.getLeastSignificantBits())
              .array();
      out.packBinaryHeader(16);
      out.writePayload(bytes);
    }

    @Override
    UUID decodeValue(MessageUnpacker in, MessageFormat format) throws IOException {
      if (format.getValueType() != ValueType.BINARY) {
        throw Inputs.unexpected(type, "binary", format);
      }
      int length = in.unpackBinaryHeader();
      if (length != 16) {
        throw CodecFailure.decoding(type, "expected 16 bytes, found " + length);
      }
      ByteBuffer bytes = ByteBuffer.wrap(Inputs.readPayload(in, 16, type));
      return new UUID(bytes.getLong(), bytes.getLong());
    }
  }

  /** Instant as the msgpack timestamp extension (type -1). */
  static final class InstantCodec extends NullSafeCodec<Instant> {
    InstantCodec() {
      super(Instant.class);
    }

    @Override
    void encodeValue(Instant value, MessagePacker out) throws IOException {
      out.packTimestamp(value);
    }

    @Override
    Instant decodeValue(MessageUnpacker in, MessageFormat format) throws IOException {
      if (format.getValueType() != ValueType.EXTENSION) {
        throw Inputs.unexpected(type, "timestamp extension", format);
      }
      ExtensionTypeHeader header = in.unpackExtensionTypeHeader();
      if (header.getType() != MessagePack.Code.EXT_TIMESTAMP) {
        throw CodecFailure.decoding(
            type, "expected extension type -1 (timestamp), found " + header.getType());
      }
      int length = header.getLength();
      if (length != 4 && length != 8 && length != 12) {
        throw CodecFailure.decoding(type, "timestamp of " + length + " bytes (4, 8 or 12 allowed)");
      }
      return in.unpackTimestamp(header);
    }
  }

  /** Duration as the array [seconds, nanos] with nanos in 0..999_999_999. */
  static final class DurationCodec extends NullSafeCodec<Duration> {
    DurationCodec() {
      super(Duration.class);
    }

    @Override
    void encodeValue(Duration value, MessagePacker out) throws IOException {
      out.packArrayHeader(2);
      out.packLong(value.getSeconds());
      out.packInt(value.getNano());
    }

    @Override
    Duration decodeValue(MessageUnpacker in, MessageFormat format) throws IOException {
      if (format.getValueType() != ValueType.ARRAY) {
        throw Inputs.unexpected(type, "array [seconds, nanos]", format);
      }
      int count = in.unpackArrayHeader();
      if (count != 2) {
        throw CodecFailure.decoding(type, "expected array of 2, found " + count + " elements");
      }
      long seconds = integer(in, "seconds");
      long nanos = integer(in, "nanos");
      if (nanos < 0 || nanos > 999_999_999) {
        throw CodecFailure.decoding(type, "nanos " + nanos + " outside 0..999999999");
      }
      return Duration.ofSeconds(seconds, nanos);
    }

    private long integer(MessageUnpacker in, String part) throws IOException {
      MessageFormat format = Inputs.nextFormat(in, type);
      if (format.getValueType() != ValueType.INTEGER) {
        throw CodecFailure.decoding(
            type, "expected integer " + part + ", found " + format.getValueType());
      }
      try {
        return in.unpackLong();
      } catch (MessageIntegerOverflowException e) {
        throw CodecFailure.decoding(type, part + " " + e.getBigInteger() + " does not fit in long");
      }
    }
  }

  /** BigInteger as bin holding its big-endian two's complement bytes. */
  static final class BigIntegerCodec extends NullSafeCodec<BigInteger> {
    BigIntegerCodec() {
      super(BigInteger.class);
    }

    @Override
    void encodeValue(BigInteger value, MessagePacker out) throws IOException {
      byte[] bytes = value.toByteArray();
      out.packBinaryHeader(bytes.length);
      out.writePayload(bytes);
    }

    @Override
    BigInteger decodeValue(MessageUnpacker in, MessageFormat format) throws IOException {
      return readBigInteger(in, format, type);
    }
  }

  static BigInteger readBigInteger(MessageUnpacker in, MessageFormat format, Type type)
      throws IOException {
    if (format.getValueType() != ValueType.BINARY) {
      throw Inputs.unexpected(type, "binary", format);
    }
    byte[] bytes = Inputs.readPayload(in, in.unpackBinaryHeader(), type);
    if (bytes.length == 0) {
      throw CodecFailure.decoding(type, "empty bin for a big integer");
    }
    return new BigInteger(bytes);
  }

  /** BigDecimal as the array [unscaled value as bin, scale as int]. */
  static final class BigDecimalCodec extends NullSafeCodec<BigDecimal> {
    BigDecimalCodec() {
      super(BigDecimal.class);
    }

    @Override
    void encodeValue(BigDecimal value, MessagePacker out) throws IOException {
      byte[] unscaled = value.unscaledValue().toByteArray();
      out.packArrayHeader(2);
      out.packBinaryHeader(unscaled.length);
      out.writePayload(unscaled);
      out.packInt(value.scale());
    }

    @Override
    BigDecimal decodeValue(MessageUnpacker in, MessageFormat format) throws IOException {
      if (format.getValueType() != ValueType.ARRAY) {
        throw Inputs.unexpected(type, "array [unscaled, scale]", format);
      }
      int count = in.unpackArrayHeader();
      if (count != 2) {
        throw CodecFailure.decoding(type, "expected array of 2, found " + count + " elements");
      }
      BigInteger unscaled = readBigInteger(in, Inputs.nextFormat(in, type), type);
      MessageFormat scaleFormat = Inputs.nextFormat(in, type);
      if (scaleFormat.getValueType() != ValueType.INTEGER) {
        throw Inputs.unexpected(type, "integer scale", scaleFormat);
      }
      try {
        return new BigDecimal(unscaled, in.unpackInt());
      } catch (MessageIntegerOverflowException e) {
        throw CodecFailure.decoding(type, "scale " + e.getBigInteger() + " does not fit in int");
      }
    }
  }

  /** An enum as str holding the constant's name. */
  static final class EnumCodec<E extends Enum<E>> extends NullSafeCodec<E> {
    private final Map<String, E> byName = new HashMap<>();

    EnumCodec(Class<E> type) {
      super(type);
      for (E constant : type.getEnumConstants()) {
        byName.put(constant.name(), constant);
      }
    }

    @Override
    void encodeValue(E value, MessagePacker out) throws IOException {
      out.packString(value.name());
    }

    @Override
    E decodeValue(MessageUnpacker in, MessageFormat format) throws IOException {
      if (format.getValueType() != ValueType.STRING) {
        throw Inputs.unexpected(type, "string", format);
      }
      String name = Inputs.readString(in, in.unpackRawStringHeader(), type);
      E constant = byName.get(name);
      if (constant == null) {
        throw CodecFailure.decoding(
            type, "unknown " + Types.name(type) + " constant \"" + shorten(name) + "\"");
      }
      return constant;
    }

    private static String shorten(String s) {
      return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
  }
}
