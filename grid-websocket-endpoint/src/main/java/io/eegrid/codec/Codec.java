package io.eegrid.codec;

import java.io.IOException;
import java.lang.reflect.Type;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * Writes a value of one type as exactly one msgpack value and reads it back.
 *
 * <p>{@link #encode} writes one complete msgpack value (nil for a null reference, where the type
 * allows null); {@link #decode} reads exactly one value and leaves the unpacker positioned after
 * it. Decoding input that does not match the type, and encoding a value the codec cannot represent,
 * throw {@link io.eegrid.CodecException} whose message names the type and the field or element that
 * failed; {@link IOException} is left for failures of the underlying stream.
 *
 * <p>Thread safety: codecs are immutable and thread-safe; one instance is shared by every thread.
 * The packer and unpacker passed in belong to the caller and are used only during the call.
 *
 * <p>Usage, for a user codec registered before first use:
 *
 * <pre>{@code
 * Codecs.register(Money.class, new Codec<Money>() {
 *   public void encode(Money m, MessagePacker out) throws IOException {
 *     out.packString(m.toString());
 *   }
 *   public Money decode(MessageUnpacker in) throws IOException {
 *     return Money.parse(in.unpackString());
 *   }
 *   public Type type() {
 *     return Money.class;
 *   }
 * });
 * }</pre>
 *
 * @param <T> the type of the values handled
 */
public interface Codec<T> {

  /**
   * Writes {@code value} as one msgpack value to {@code out}.
   *
   * @param value the value to write; may be null where the type allows null
   * @param out the packer to write to; not flushed by this method
   * @throws io.eegrid.CodecException if the value cannot be encoded
   * @throws IOException if the packer's output fails
   */
  void encode(T value, MessagePacker out) throws IOException;

  /**
   * Reads one msgpack value from {@code in} and returns it as a {@code T}.
   *
   * @param in the unpacker positioned at the value
   * @return the value read; null where the input holds nil and the type allows null
   * @throws io.eegrid.CodecException if the input does not hold a valid {@code T}
   * @throws IOException if the unpacker's input fails
   */
  T decode(MessageUnpacker in) throws IOException;

  /**
   * Returns the type this codec handles, as used in error messages.
   *
   * @return the handled type, for example {@code Order.class} or the type of {@code List<Order>}
   */
  Type type();
}
