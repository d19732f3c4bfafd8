package io.eegrid.codec;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Type;
import java.util.List;

/**
 * A class with a no-arg constructor as a msgpack map from field name to value: its non-static,
 * non-transient fields, superclass fields first, each class's in declaration order.
 *
 * <p>Decoding calls the no-arg constructor, then sets the fields present in the input; missing
 * fields keep the value the constructor gave them. Values are encoded by their declared type, so
 * fields of a subclass held in a field of the superclass type are not written. Immutable and
 * thread-safe; the method handles are made once, when the codec is built.
 */
final class PojoCodec extends MemberMapCodec {
  private final MethodHandle constructor;
  private final MethodHandle[] getters;
  private final MethodHandle[] setters;

  /**
   * @param constructor the no-arg constructor, of type {@code ()Object}
   * @param getters one per field, of type {@code (Object)Object}
   * @param setters one per field, of type {@code (Object,Object)void}
   */
  PojoCodec(
      Type type,
      List<Member> members,
      MethodHandle constructor,
      MethodHandle[] getters,
      MethodHandle[] setters) {
    super(type, members);
    this.constructor = constructor;
    this.getters = getters.clone();
    this.setters = setters.clone();
  }

  @Override
  Object get(Object value, int index) throws Throwable {
    return (Object) getters[index].invokeExact(value);
  }

  @Override
  Object newState() throws Throwable {
    return (Object) constructor.invokeExact();
  }

  @Override
  void set(Object state, int index, Object memberValue) throws Throwable {
    setters[index].invokeExact(state, memberValue);
  }

  @Override
  Object finish(Object state) {
    return state;
  }
}
