/**
 * Public API: the typed codec layer that turns values into msgpack bytes and back, so that users of
 * the grid send records, enums, collections and plain classes without writing codecs.
 *
 * <p>Entry point is {@link io.eegrid.codec.Codecs}: {@code Codecs.of(Order.class)} builds (once)
 * and returns a {@link io.eegrid.codec.Codec}; {@code Codecs.toBytes} and {@code Codecs.fromBytes}
 * turn values into the {@code byte[]} payloads the grid carries. Users who need their own wire form
 * for a type register a {@link io.eegrid.codec.Codec} with {@code Codecs.register} or ship a {@link
 * io.eegrid.codec.CodecProvider} through {@link java.util.ServiceLoader}. Every failure is an
 * {@link io.eegrid.CodecException} whose message names the type and the field or element that
 * failed.
 *
 * <p>The public types are {@code Codec}, {@code CodecProvider} and {@code Codecs}; every other
 * class in this package is package-private and internal.
 */
package io.eegrid.codec;
