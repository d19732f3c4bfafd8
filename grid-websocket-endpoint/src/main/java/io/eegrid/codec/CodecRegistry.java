package io.eegrid.codec;

import io.eegrid.CodecException;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The codecs built so far, by type, and the user codecs that override the built-in ones.
 *
 * <p>Thread rules: {@link #cache} is read without locking; every build, registration and cache
 * write happens under {@link #lock}, so a type is built at most once and a registration cannot race
 * a build that would have needed it. Builds never block on anything but this lock and never call
 * out to other locks, except user {@link CodecProvider}s, which must not call back into {@link
 * Codecs} from another thread.
 */
final class CodecRegistry {
  private final Object lock = new Object();
  private final ConcurrentHashMap<Type, Codec<?>> cache = new ConcurrentHashMap<>();

  // Guarded by lock.
  private final Map<Class<?>, Codec<?>> registered = new HashMap<>();
  private final Set<Class<?>> usedClasses = new HashSet<>();
  private final Supplier<List<CodecProvider>> providerSource;
  private List<CodecProvider> providers;

  /**
   * @param providerSource called once, on the first build, for the providers to ask
   */
  CodecRegistry(Supplier<List<CodecProvider>> providerSource) {
    this.providerSource = providerSource;
  }

  /** Returns the codec for {@code type}, building and caching it on first use. */
  Codec<?> codecFor(Type type) {
    Objects.requireNonNull(type, "type");
    Codec<?> codec = cache.get(type);
    if (codec != null) {
      return codec;
    }
    synchronized (lock) {
      codec = cache.get(type);
      if (codec != null) {
        return codec;
      }
      if (providers == null) {
        providers = List.copyOf(providerSource.get());
      }
      Type resolved = Types.resolve(type, Map.of());
      CodecBuilder builder = new CodecBuilder(this);
      codec = builder.build(resolved, Types.name(resolved));
      usedClasses.addAll(builder.usedClasses);
      cache.putAll(builder.built);
      cache.put(type, codec);
      return codec;
    }
  }

  /** Makes {@code codec} the codec for every occurrence of {@code type}. */
  <T> void register(Class<T> type, Codec<T> codec) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(codec, "codec");
    synchronized (lock) {
      if (usedClasses.contains(type)) {
        throw new IllegalStateException(
            "cannot register a codec for "
                + type.getName()
                + ": a codec for it was already built; register before the first Codecs.of");
      }
      if (registered.containsKey(type)) {
        throw new IllegalStateException(
            "cannot register a codec for " + type.getName() + ": one is already registered");
      }
      registered.put(type, codec);
    }
  }

  /** Returns a cached codec, or null. */
  Codec<?> cached(Type type) {
    return cache.get(type);
  }

  /** Returns the registered or provided codec for {@code type}, or null. Under the lock. */
  Codec<?> userCodec(Class<?> type) {
    Codec<?> codec = registered.get(type);
    if (codec != null) {
      return codec;
    }
    for (CodecProvider provider : providers) {
      try {
        codec = provider.codecFor(type);
      } catch (RuntimeException e) {
        throw new CodecException(
            "CodecProvider "
                + provider.getClass().getName()
                + " failed for "
                + type.getName()
                + ": "
                + CodecFailure.describe(e),
            e);
      }
      if (codec != null) {
        return codec;
      }
    }
    return null;
  }
}
