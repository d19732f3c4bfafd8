package io.eegrid.codec;

import java.io.IOException;
import java.lang.reflect.Type;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * Base of the built-in codecs: null is nil; for a primitive type null and nil are errors.
 *
 * <p>Immutable and thread-safe, like every codec.
 */
abstract class NullSafeCodec<T> implements Codec<T> {
  final Type type;
  private final boolean primitive;

  NullSafeCodec(Type type) {
    this.type = type;
    this.primitive = type instanceof Class && ((Class<?>) type).isPrimitive();
  }

  @Override
  public final Type type() {
    return type;
  }

  @Override
  public final void encode(T value, MessagePacker out) throws IOException {
    if (value != null) {
      encodeValue(value, out);
    } else if (primitive) {
      throw CodecFailure.encoding(type, "null for primitive " + Types.name(type));
    } else {
      out.packNil();
    }
  }

  @Override
  public final T decode(MessageUnpacker in) throws IOException {
    MessageFormat format = Inputs.nextFormat(in, type);
    if (format != MessageFormat.NIL) {
      return decodeValue(in, format);
    }
    if (primitive) {
      throw CodecFailure.decoding(type, "found nil for primitive " + Types.name(type));
    }
    in.unpackNil();
    return null;
  }

  /** Writes a non-null value. */
  abstract void encodeValue(T value, MessagePacker out) throws IOException;

  /** Reads a value whose next format is {@code format}, which is not nil. */
  abstract T decodeValue(MessageUnpacker in, MessageFormat format) throws IOException;

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + Types.name(type) + "]";
  }
}
