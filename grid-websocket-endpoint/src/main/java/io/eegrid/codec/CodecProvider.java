package io.eegrid.codec;

/**
 * Supplies user codecs for classes, found through {@link java.util.ServiceLoader}.
 *
 * <p>A provider is listed in {@code META-INF/services/io.eegrid.codec.CodecProvider}. {@link
 * Codecs} loads the providers once, with the thread context class loader of the first caller that
 * builds a codec, and asks them in load order before falling back to the built-in codecs; codecs
 * registered with {@link Codecs#register} win over providers.
 *
 * <p>Thread safety: implementations must be thread-safe; they may be called from any thread.
 */
public interface CodecProvider {

  /**
   * Returns the codec for {@code type}, or null when this provider does not handle it.
   *
   * @param type the class a codec is needed for
   * @param <T> the class's type
   * @return the codec to use for every occurrence of {@code type}, or null
   */
  <T> Codec<T> codecFor(Class<T> type);
}
