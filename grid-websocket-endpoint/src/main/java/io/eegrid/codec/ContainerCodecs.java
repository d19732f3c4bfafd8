package io.eegrid.codec;

import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * The built-in codecs for containers: List and Set as array (decoded as ArrayList and
 * LinkedHashSet), Map as map (decoded as LinkedHashMap), Optional as nil or its value, and arrays
 * as array.
 *
 * <p>A failure inside an element is reported with the element's index, a map key as {@code <key
 * #i>} and a map value as {@code [key]}.
 */
final class ContainerCodecs {
  private static final int MAX_KEY_CHARS_IN_PATH = 40;

  private ContainerCodecs() {}

  /** List or Set: a msgpack array of the elements in iteration order. */
  static final class CollectionCodec extends NullSafeCodec<Collection<Object>> {
    private final Codec<Object> element;
    private final boolean isSet;

    CollectionCodec(Type type, Codec<Object> element, boolean isSet) {
      super(type);
      this.element = element;
      this.isSet = isSet;
    }

    @Override
    void encodeValue(Collection<Object> value, MessagePacker out) throws IOException {
      out.packArrayHeader(value.size());
      int i = 0;
      for (Object e : value) {
        try {
          element.encode(e, out);
        } catch (RuntimeException ex) {
          throw CodecFailure.wrapEncode(ex, type, "[" + i + "]");
        }
        i++;
      }
    }

    @Override
    Collection<Object> decodeValue(MessageUnpacker in, MessageFormat format) throws IOException {
      if (format.getValueType() != ValueType.ARRAY) {
        throw Inputs.unexpected(type, "array", format);
      }
      int count = Inputs.arrayHeader(in, type);
      int capacity = Inputs.capacity(in, count);
      Collection<Object> result =
          isSet ? new LinkedHashSet<>(capacity * 4 / 3 + 1) : new ArrayList<>(capacity);
      for (int i = 0; i < count; i++) {
        try {
          result.add(element.decode(in));
        } catch (RuntimeException ex) {
          throw CodecFailure.wrapDecode(ex, type, "[" + i + "]");
        }
      }
      return result;
    }
  }

  /** Map: a msgpack map of the entries in iteration order. */
  static final class MapCodec extends NullSafeCodec<Map<Object, Object>> {
    private final Codec<Object> key;
    private final Codec<Object> value;

    MapCodec(Type type, Codec<Object> key, Codec<Object> value) {
      super(type);
      this.key = key;
      this.value = value;
    }

    @Override
    void encodeValue(Map<Object, Object> map, MessagePacker out) throws IOException {
      out.packMapHeader(map.size());
      int i = 0;
      for (Map.Entry<Object, Object> entry : map.entrySet()) {
        try {
          key.encode(entry.getKey(), out);
        } catch (RuntimeException ex) {
          throw CodecFailure.wrapEncode(ex, type, "<key #" + i + ">");
        }
        try {
          value.encode(entry.getValue(), out);
        } catch (RuntimeException ex) {
          throw CodecFailure.wrapEncode(ex, type, "[" + keyInPath(entry.getKey()) + "]");
        }
        i++;
      }
    }

    @Override
    Map<Object, Object> decodeValue(MessageUnpacker in, MessageFormat format) throws IOException {
      if (format.getValueType() != ValueType.MAP) {
        throw Inputs.unexpected(type, "map", format);
      }
      int count = Inputs.mapHeader(in, type);
      Map<Object, Object> result = new LinkedHashMap<>(Inputs.capacity(in, count) * 4 / 3 + 1);
      for (int i = 0; i < count; i++) {
        Object k;
        try {
          k = key.decode(in);
        } catch (RuntimeException ex) {
          throw CodecFailure.wrapDecode(ex, type, "<key #" + i + ">");
        }
        try {
          result.put(k, value.decode(in));
        } catch (RuntimeException ex) {
          throw CodecFailure.wrapDecode(ex, type, "[" + keyInPath(k) + "]");
        }
      }
      return result;
    }

    private static String keyInPath(Object key) {
      String s = String.valueOf(key);
      return s.length() <= MAX_KEY_CHARS_IN_PATH
          ? s
          : s.substring(0, MAX_KEY_CHARS_IN_PATH) + "...";
    }
  }

  /**
   * Optional: nil when empty, else the value. A null Optional reference is written as nil and read
   * back as empty.
   */
  static final class OptionalCodec implements Codec<Optional<Object>> {
    private final Type type;
    private final Codec<Object> element;

    OptionalCodec(Type type, Codec<Object> element) {
      this.type = type;
      this.element = element;
    }

    @Override
    public Type type() {
      return type;
    }

    @Override
    public void encode(Optional<Object> value, MessagePacker out) throws IOException {
      if (value == null || value.isEmpty()) {
        out.packNil();
        return;
      }
      try {
        element.encode(value.get(), out);
      } catch (RuntimeException ex) {
        throw CodecFailure.wrapEncode(ex, type, ".get()");
      }
    }

    @Override
    public Optional<Object> decode(MessageUnpacker in) throws IOException {
      if (Inputs.nextFormat(in, type) == MessageFormat.NIL) {
        in.unpackNil();
        return Optional.empty();
      }
      try {
        return Optional.ofNullable(element.decode(in));
      } catch (RuntimeException ex) {
        throw CodecFailure.wrapDecode(ex, type, ".get()");
      }
    }
  }

  /** An array of objects or of primitives other than int and long, element by element. */
  static final class ArrayCodec extends NullSafeCodec<Object> {
    private final Class<?> componentClass;
    private final Codec<Object> element;

    ArrayCodec(Type type, Class<?> componentClass, Codec<Object> element) {
      super(type);
      this.componentClass = componentClass;
      this.element = element;
    }

    @Override
    void encodeValue(Object array, MessagePacker out) throws IOException {
      int length = Array.getLength(array);
      out.packArrayHeader(length);
      for (int i = 0; i < length; i++) {
        try {
          element.encode(Array.get(array, i), out);
        } catch (RuntimeException ex) {
          throw CodecFailure.wrapEncode(ex, type, "[" + i + "]");
        }
      }
    }

    @Override
    Object decodeValue(MessageUnpacker in, MessageFormat format) throws IOException {
      if (format.getValueType() != ValueType.ARRAY) {
        throw Inputs.unexpected(type, "array", format);
      }
      int count = Inputs.arrayHeader(in, type);
      if (!(in instanceof Inputs.BoundedUnpacker)) {
        List<Object> elements = new ArrayList<>(Inputs.capacity(in, count));
        for (int i = 0; i < count; i++) {
          elements.add(decodeElement(in, i));
        }
        Object array = Array.newInstance(componentClass, count);
        for (int i = 0; i < count; i++) {
          Array.set(array, i, elements.get(i));
        }
        return array;
      }
      Object array = Array.newInstance(componentClass, count);
      for (int i = 0; i < count; i++) {
        Array.set(array, i, decodeElement(in, i));
      }
      return array;
    }

    private Object decodeElement(MessageUnpacker in, int i) throws IOException {
      try {
        return element.decode(in);
      } catch (RuntimeException ex) {
        throw CodecFailure.wrapDecode(ex, type, "[" + i + "]");
      }
    }
  }

  /** int[] as an array of msgpack ints, without boxing. */
  static final class IntArrayCodec extends NullSafeCodec<int[]> {
    IntArrayCodec() {
      super(int[].class);
    }

    @Override
    void encodeValue(int[] value, MessagePacker out) throws IOException {
      out.packArrayHeader(value.length);
      for (int v : value) {
        out.packInt(v);
      }
    }

    @Override
    int[] decodeValue(MessageUnpacker in, MessageFormat format) throws IOException {
      if (format.getValueType() != ValueType.ARRAY) {
        throw Inputs.unexpected(type, "array", format);
      }
      int count = Inputs.arrayHeader(in, type);
      int[] result = new int[Inputs.capacity(in, count)];
      for (int i = 0; i < count; i++) {
        if (i == result.length) {
          result = java.util.Arrays.copyOf(result, Math.min(count, 2 * result.length));
        }
        result[i] =
            (int) PrimitiveElements.readLong(in, type, i, Integer.MIN_VALUE, Integer.MAX_VALUE);
      }
      return result;
    }
  }

  /** long[] as an array of msgpack ints, without boxing. */
  static final class LongArrayCodec extends NullSafeCodec<long[]> {
    LongArrayCodec() {
      super(long[].class);
    }

    @Override
    void encodeValue(long[] value, MessagePacker out) throws IOException {
      out.packArrayHeader(value.length);
      for (long v : value) {
        out.packLong(v);
      }
    }

    @Override
    long[] decodeValue(MessageUnpacker in, MessageFormat format) throws IOException {
      if (format.getValueType() != ValueType.ARRAY) {
        throw Inputs.unexpected(type, "array", format);
      }
      int count = Inputs.arrayHeader(in, type);
      long[] result = new long[Inputs.capacity(in, count)];
      for (int i = 0; i < count; i++) {
        if (i == result.length) {
          result = java.util.Arrays.copyOf(result, Math.min(count, 2 * result.length));
        }
        result[i] = PrimitiveElements.readLong(in, type, i, Long.MIN_VALUE, Long.MAX_VALUE);
      }
      return result;
    }
  }

  /** Reads one integer element of a primitive array with index-scoped messages. */
  static final class PrimitiveElements {
    private PrimitiveElements() {}

    static long readLong(MessageUnpacker in, Type type, int i, long min, long max)
        throws IOException {
      try {
        MessageFormat format = Inputs.nextFormat(in, type);
        if (format.getValueType() != ValueType.INTEGER) {
          throw Inputs.unexpected(type, "integer", format);
        }
        long v = in.unpackLong();
        if (v < min || v > max) {
          String target = min == Integer.MIN_VALUE ? "int" : "long";
          throw CodecFailure.decoding(type, "value " + v + " does not fit in " + target);
        }
        return v;
      } catch (RuntimeException ex) {
        throw CodecFailure.wrapDecode(ex, type, "[" + i + "]");
      }
    }
  }
}
