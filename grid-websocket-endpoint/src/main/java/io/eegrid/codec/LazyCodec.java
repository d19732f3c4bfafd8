package io.eegrid.codec;

import java.io.IOException;
import java.lang.reflect.Type;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * Stands for a record or class codec that is still being built, so that recursive types (a record
 * holding a list of itself) can refer to their own codec.
 *
 * <p>Every recursion in a value passes through one of these, so this is also where nesting depth is
 * bounded: hostile input cannot overflow the stack, and a cyclic object graph fails with a {@link
 * io.eegrid.CodecException} instead of a {@link StackOverflowError}.
 *
 * <p>Thread rules: {@link #target} is written once by the builder, under the registry lock, before
 * any codec that refers to this one is published through the registry's concurrent map; that
 * publication makes the write visible to every thread that later finds the codec.
 */
final class LazyCodec implements Codec<Object> {
  static final int MAX_DEPTH = 512;

  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  private final Type type;
  private Codec<Object> target;

  LazyCodec(Type type) {
    this.type = type;
  }

  void target(Codec<Object> target) {
    this.target = target;
  }

  @Override
  public Type type() {
    return type;
  }

  @Override
  public void encode(Object value, MessagePacker out) throws IOException {
    int[] depth = enter("encode");
    try {
      target.encode(value, out);
    } finally {
      depth[0]--;
    }
  }

  @Override
  public Object decode(MessageUnpacker in) throws IOException {
    int[] depth = enter("decode");
    try {
      return target.decode(in);
    } finally {
      depth[0]--;
    }
  }

  private int[] enter(String verb) {
    int[] depth = DEPTH.get();
    if (depth[0] >= MAX_DEPTH) {
      String reason = "nested deeper than " + MAX_DEPTH + " levels (a cycle in the object graph?)";
      throw verb.equals("encode")
          ? CodecFailure.encoding(type, reason)
          : CodecFailure.decoding(type, reason);
    }
    depth[0]++;
    return depth;
  }
}
