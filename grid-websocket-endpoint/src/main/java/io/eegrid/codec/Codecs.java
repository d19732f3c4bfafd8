package io.eegrid.codec;

import io.eegrid.CodecException;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessagePackException;

/**
 * Finds the codec for a type and turns values into msgpack bytes and back.
 *
 * <p>{@link #of(Class)} builds a codec once per type and caches it. Building validates the whole
 * type graph eagerly: an unsupported type anywhere in it fails with a {@link CodecException} naming
 * the type and its path, such as {@code Order.items[]: java.lang.Thread is not supported}.
 * Supported are records, enums, primitives and their boxes, String, byte[], UUID, Instant,
 * Duration, BigInteger, BigDecimal, arrays, List, Set, Collection, Map, Optional, and classes with
 * a no-arg constructor; recursive types work. Records and classes are encoded as a msgpack map from
 * member name to value, and decoded tolerantly: unknown keys are skipped and missing members keep
 * their default, so peers running different versions of a type interoperate.
 *
 * <p>Thread safety: every method is thread-safe. Codecs are immutable and shared. {@link #toBytes}
 * and {@link #fromBytes} reuse a packer, an unpacker and a buffer per thread; the buffer grows to
 * the largest value the thread encoded (dropped past 1 MiB).
 *
 * <p>Usage:
 *
 * <pre>{@code
 * record Order(String id, int quantity) {}
 *
 * Codec<Order> codec = Codecs.of(Order.class);
 * byte[] payload = Codecs.toBytes(codec, new Order("o-1", 3));
 * Order order = Codecs.fromBytes(codec, payload);
 *
 * Codec<?> orders = Codecs.of(Codecs.parameterized(List.class, Order.class));
 * }</pre>
 */
public final class Codecs {
  private static final CodecRegistry REGISTRY = new CodecRegistry(Codecs::loadProviders);

  private Codecs() {}

  /**
   * Returns the codec for {@code type}, building and caching it on first use.
   *
   * @param type the class to encode and decode; generic classes need {@link #of(Type)}
   * @param <T> the class's type
   * @return the shared, thread-safe codec
   * @throws CodecException if {@code type} or a type it contains is not supported; the message
   *     names the unsupported type and its path
   */
  @SuppressWarnings("unchecked")
  public static <T> Codec<T> of(Class<T> type) {
    return (Codec<T>) REGISTRY.codecFor(type);
  }

  /**
   * Returns the codec for a possibly generic {@code type}, such as a {@link ParameterizedType} for
   * {@code List<Order>}, building and caching it on first use.
   *
   * @param type the type to encode and decode; see {@link #parameterized}
   * @return the shared, thread-safe codec
   * @throws CodecException if {@code type} or a type it contains is not supported, or a type
   *     variable in it cannot be resolved; the message names the type and its path
   */
  public static Codec<?> of(Type type) {
    return REGISTRY.codecFor(type);
  }

  /**
   * Returns the parameterized type {@code raw<args>}, for {@link #of(Type)}.
   *
   * @param raw the generic class, such as {@code List.class}
   * @param args its type arguments, one per type parameter of {@code raw}
   * @return a type equal to the JDK's reflective type for the same declaration
   * @throws IllegalArgumentException if the number of arguments does not match {@code raw}
   */
  public static ParameterizedType parameterized(Class<?> raw, Type... args) {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(args, "args");
    if (raw.getTypeParameters().length != args.length) {
      throw new IllegalArgumentException(
          raw.getName()
              + " takes "
              + raw.getTypeParameters().length
              + " type arguments, found "
              + args.length);
    }
    for (Type arg : args) {
      Objects.requireNonNull(arg, "args[]");
    }
    return new Types.Parameterized(raw.getDeclaringClass(), raw, args);
  }

  /**
   * Makes {@code codec} the codec for every occurrence of {@code type}, in place of the built-in
   * one and of any {@link CodecProvider}'s.
   *
   * <p>Call it at startup: a codec registered after a codec containing {@code type} was built would
   * be ignored by that codec, so this is refused.
   *
   * @param type the class the codec handles, whatever type arguments it is used with
   * @param codec the codec; must be immutable and thread-safe
   * @param <T> the class's type
   * @throws IllegalStateException if a codec involving {@code type} was already built, or a codec
   *     for {@code type} is already registered
   */
  public static <T> void register(Class<T> type, Codec<T> codec) {
    REGISTRY.register(type, codec);
  }

  /**
   * Returns {@code value} encoded by {@code codec} as a new byte array holding one msgpack value.
   *
   * @param codec the codec for the value's type
   * @param value the value; null encodes as nil where the type allows null
   * @param <T> the value's type
   * @return the encoded bytes, owned by the caller
   * @throws CodecException if the value cannot be encoded; the message names the type and the field
   *     or element that failed
   */
  public static <T> byte[] toBytes(Codec<T> codec, T value) {
    Objects.requireNonNull(codec, "codec");
    ThreadBuffers buffers = ThreadBuffers.acquire();
    boolean healthy = false;
    try {
      buffers.output.reset();
      codec.encode(value, buffers.packer);
      buffers.packer.flush();
      byte[] bytes = buffers.output.toByteArray();
      healthy = true;
      return bytes;
    } catch (CodecException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new CodecException(
          "cannot encode " + Types.name(codec.type()) + ": " + CodecFailure.describe(e), e);
    } finally {
      buffers.release(healthy);
    }
  }

  /**
   * Returns the value {@code bytes} holds, decoded by {@code codec}; the bytes must hold exactly
   * one msgpack value.
   *
   * <p>Lengths announced in the input are checked against the bytes that remain before anything is
   * allocated, so a short hostile payload cannot make this allocate much.
   *
   * @param codec the codec for the expected type
   * @param bytes one msgpack value, not retained after the call
   * @param <T> the expected type
   * @return the decoded value; null where the input is nil and the type allows null
   * @throws CodecException if the bytes are truncated, malformed, do not match the type, or hold
   *     trailing bytes after the value; the message names the type and the field or element
   */
  public static <T> T fromBytes(Codec<T> codec, byte[] bytes) {
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(bytes, "bytes");
    ThreadBuffers buffers = ThreadBuffers.acquire();
    String typeName = Types.name(codec.type());
    try {
      buffers.startDecoding(bytes);
      T value = codec.decode(buffers.unpacker);
      long trailingBytes = bytes.length - buffers.unpacker.getTotalReadBytes();
      if (trailingBytes != 0) {
        throw new CodecException(trailingBytes + " trailing bytes after " + typeName);
      }
      return value;
    } catch (CodecException e) {
      throw e;
    } catch (MessageInsufficientBufferException e) {
      throw new CodecException(
          "cannot decode " + typeName + ": truncated input (" + bytes.length + " bytes)", e);
    } catch (MessagePackException | IOException e) {
      throw new CodecException(
          "cannot decode " + typeName + ": malformed input: " + CodecFailure.describe(e), e);
    } catch (RuntimeException e) {
      throw new CodecException("cannot decode " + typeName + ": " + CodecFailure.describe(e), e);
    } finally {
      buffers.release(true);
    }
  }

  private static List<CodecProvider> loadProviders() {
    List<CodecProvider> providers = new ArrayList<>();
    ServiceLoader.load(CodecProvider.class).forEach(providers::add);
    return providers;
  }
}
