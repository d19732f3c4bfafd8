package io.eegrid.codec;

import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/** Generic type plumbing: substitution of type variables, raw classes and names for messages. */
final class Types {
  private Types() {}

  /** Returns the bindings of the type parameters of {@code type}'s raw class (empty if raw). */
  static Map<TypeVariable<?>, Type> bindings(Type type) {
    Map<TypeVariable<?>, Type> result = new HashMap<>();
    if (type instanceof ParameterizedType) {
      ParameterizedType p = (ParameterizedType) type;
      TypeVariable<?>[] vars = ((Class<?>) p.getRawType()).getTypeParameters();
      Type[] args = p.getActualTypeArguments();
      for (int i = 0; i < vars.length && i < args.length; i++) {
        result.put(vars[i], args[i]);
      }
    }
    return result;
  }

  /**
   * Substitutes bound type variables in {@code type} and replaces wildcards by their upper bound.
   * Unbound type variables are left in place; the builder reports them with their path.
   */
  static Type resolve(Type type, Map<TypeVariable<?>, Type> bindings) {
    if (type instanceof Class) {
      return type;
    }
    if (type instanceof TypeVariable) {
      Type bound = bindings.get(type);
      return bound == null ? type : resolve(bound, Map.of());
    }
    if (type instanceof WildcardType) {
      Type[] upper = ((WildcardType) type).getUpperBounds();
      return resolve(upper.length == 0 ? Object.class : upper[0], bindings);
    }
    if (type instanceof GenericArrayType) {
      Type component = resolve(((GenericArrayType) type).getGenericComponentType(), bindings);
      if (component instanceof Class) {
        return Array.newInstance((Class<?>) component, 0).getClass();
      }
      return new GenericArray(component);
    }
    if (type instanceof ParameterizedType) {
      ParameterizedType p = (ParameterizedType) type;
      Type[] args = p.getActualTypeArguments().clone();
      for (int i = 0; i < args.length; i++) {
        args[i] = resolve(args[i], bindings);
      }
      return new Parameterized(p.getOwnerType(), (Class<?>) p.getRawType(), args);
    }
    return type;
  }

  /** Returns the raw class of {@code type}, or null for an unresolved type variable. */
  static Class<?> raw(Type type) {
    if (type instanceof Class) {
      return (Class<?>) type;
    }
    if (type instanceof ParameterizedType) {
      return (Class<?>) ((ParameterizedType) type).getRawType();
    }
    if (type instanceof GenericArrayType) {
      Class<?> component = raw(((GenericArrayType) type).getGenericComponentType());
      return component == null ? null : Array.newInstance(component, 0).getClass();
    }
    if (type instanceof WildcardType) {
      return raw(((WildcardType) type).getUpperBounds()[0]);
    }
    return null;
  }

  /** Returns the short name used in paths and messages, such as {@code List<Order>}. */
  static String name(Type type) {
    if (type instanceof Class) {
      Class<?> c = (Class<?>) type;
      if (c.isArray()) {
        return name(c.getComponentType()) + "[]";
      }
      String simple = c.getSimpleName();
      return simple.isEmpty() ? c.getName() : simple;
    }
    if (type instanceof ParameterizedType) {
      ParameterizedType p = (ParameterizedType) type;
      StringJoiner args = new StringJoiner(", ", "<", ">");
      for (Type arg : p.getActualTypeArguments()) {
        args.add(name(arg));
      }
      return name(p.getRawType()) + args;
    }
    if (type instanceof GenericArrayType) {
      return name(((GenericArrayType) type).getGenericComponentType()) + "[]";
    }
    return type.getTypeName();
  }

  /** A parameterized type equal to the JDK's own for the same owner, raw class and arguments. */
  static final class Parameterized implements ParameterizedType {
    private final Type owner;
    private final Class<?> rawType;
    private final Type[] args;

    Parameterized(Type owner, Class<?> rawType, Type[] args) {
      this.owner = owner;
      this.rawType = rawType;
      this.args = args.clone();
    }

    @Override
    public Type[] getActualTypeArguments() {
      return args.clone();
    }

    @Override
    public Type getRawType() {
      return rawType;
    }

    @Override
    public Type getOwnerType() {
      return owner;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof ParameterizedType)) {
        return false;
      }
      ParameterizedType that = (ParameterizedType) o;
      return rawType.equals(that.getRawType())
          && Objects.equals(owner, that.getOwnerType())
          && Arrays.equals(args, that.getActualTypeArguments());
    }

    // Same formula as the JDK's ParameterizedTypeImpl, so both work as the same cache key.
    @Override
    public int hashCode() {
      return Arrays.hashCode(args) ^ Objects.hashCode(owner) ^ Objects.hashCode(rawType);
    }

    @Override
    public String getTypeName() {
      StringJoiner joiner = new StringJoiner(", ", "<", ">");
      for (Type arg : args) {
        joiner.add(arg.getTypeName());
      }
      return rawType.getName() + joiner;
    }

    @Override
    public String toString() {
      return getTypeName();
    }
  }

  /** An array whose component type is parameterized, such as {@code List<String>[]}. */
  static final class GenericArray implements GenericArrayType {
    private final Type component;

    GenericArray(Type component) {
      this.component = component;
    }

    @Override
    public Type getGenericComponentType() {
      return component;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof GenericArrayType
          && component.equals(((GenericArrayType) o).getGenericComponentType());
    }

    @Override
    public int hashCode() {
      return component.hashCode();
    }

    @Override
    public String getTypeName() {
      return component.getTypeName() + "[]";
    }

    @Override
    public String toString() {
      return getTypeName();
    }
  }
}
