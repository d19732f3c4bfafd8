package io.eegrid.codec;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Type;
import java.util.List;

/**
 * A record as a msgpack map from component name to value, in declaration order; built through the
 * canonical constructor.
 *
 * <p>Missing components get their type's default: null, zero, false, or an empty Optional.
 * Immutable and thread-safe; the method handles are made once, when the codec is built.
 */
final class RecordCodec extends MemberMapCodec {
  private final MethodHandle[] accessors;
  private final MethodHandle constructor;
  private final Object[] defaults;

  /**
   * @param accessors one per component, each of type {@code (Object)Object}
   * @param constructor the canonical constructor, of type {@code (Object[])Object}
   * @param defaults the value of each component when its key is missing
   */
  RecordCodec(
      Type type,
      List<Member> members,
      MethodHandle[] accessors,
      MethodHandle constructor,
      Object[] defaults) {
    super(type, members);
    this.accessors = accessors.clone();
    this.constructor = constructor;
    this.defaults = defaults.clone();
  }

  @Override
  Object get(Object value, int index) throws Throwable {
    return (Object) accessors[index].invokeExact(value);
  }

  @Override
  Object newState() {
    return defaults.clone();
  }

  @Override
  void set(Object state, int index, Object memberValue) {
    ((Object[]) state)[index] = memberValue == null ? defaults[index] : memberValue;
  }

  @Override
  Object finish(Object state) throws Throwable {
    return (Object) constructor.invokeExact((Object[]) state);
  }
}
