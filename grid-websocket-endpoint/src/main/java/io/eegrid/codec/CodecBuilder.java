package io.eegrid.codec;

import io.eegrid.CodecException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Builds the codec for one type and, depth first, for every type it contains; one builder per
 * top-level {@link Codecs#of} call that misses the cache.
 *
 * <p>Validation is eager: every unsupported type in the graph fails the build with its path, such
 * as {@code Order.items[]: java.lang.Thread is not supported (...)}. Records and classes are
 * entered with a {@link LazyCodec} placeholder so that recursive types terminate. Nothing is
 * published until the whole build succeeds; the registry then commits {@link #built}.
 *
 * <p>Thread rules: confined to one thread, which holds the registry lock throughout.
 */
final class CodecBuilder {
  static final String SUPPORTED =
      "records, enums, primitives and their boxes, String, byte[], UUID, Instant, Duration,"
          + " BigInteger, BigDecimal, arrays, List, Set, Collection, Map, Optional, and classes"
          + " with a no-arg constructor are";

  private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);
  private static final MethodType SETTER =
      MethodType.methodType(void.class, Object.class, Object.class);
  private static final String[] JDK_PACKAGES = {"java.", "javax.", "jdk.", "sun.", "com.sun."};

  private final CodecRegistry registry;
  private final Map<Type, LazyCodec> inProgress = new HashMap<>();

  /** The codecs this build made, by type; committed by the registry on success. */
  final Map<Type, Codec<?>> built = new HashMap<>();

  /** Every class a codec was chosen for; user codecs cannot be registered for these any more. */
  final Set<Class<?>> usedClasses = new HashSet<>();

  CodecBuilder(CodecRegistry registry) {
    this.registry = registry;
  }

  /** Returns the codec for {@code type}, found at {@code path} in the type graph. */
  @SuppressWarnings("unchecked")
  Codec<Object> build(Type type, String path) {
    Codec<?> codec = registry.cached(type);
    if (codec == null) {
      codec = built.get(type);
    }
    if (codec == null) {
      codec = inProgress.get(type);
    }
    if (codec != null) {
      return (Codec<Object>) codec;
    }
    Class<?> raw = Types.raw(type);
    if (raw == null) {
      throw new CodecException(
          path
              + ": type variable "
              + type.getTypeName()
              + " cannot be resolved (pass a ParameterizedType to Codecs.of(Type))");
    }
    codec = registry.userCodec(raw);
    if (codec == null) {
      codec = buildBuiltIn(type, raw, path);
    }
    usedClasses.add(raw);
    built.put(type, codec);
    return (Codec<Object>) codec;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Codec<?> buildBuiltIn(Type type, Class<?> raw, String path) {
    Codec<?> scalar = ScalarCodecs.forClass(raw);
    if (scalar != null) {
      return scalar;
    }
    if (Enum.class.isAssignableFrom(raw) && raw != Enum.class) {
      // A constant with a body has an anonymous subclass: the enum is its superclass.
      return new ScalarCodecs.EnumCodec(raw.isEnum() ? raw : raw.getSuperclass());
    }
    if (raw == int[].class) {
      return new ContainerCodecs.IntArrayCodec();
    }
    if (raw == long[].class) {
      return new ContainerCodecs.LongArrayCodec();
    }
    if (raw.isArray()) {
      Type component =
          type instanceof GenericArrayType
              ? ((GenericArrayType) type).getGenericComponentType()
              : raw.getComponentType();
      return new ContainerCodecs.ArrayCodec(
          type, raw.getComponentType(), build(component, path + "[]"));
    }
    if (raw == List.class || raw == Collection.class || raw == Set.class) {
      Type element = typeArguments(type, raw, path)[0];
      return new ContainerCodecs.CollectionCodec(
          type, build(element, path + "[]"), raw == Set.class);
    }
    if (raw == Map.class) {
      Type[] args = typeArguments(type, raw, path);
      return new ContainerCodecs.MapCodec(
          type, build(args[0], path + "<key>"), build(args[1], path + "[]"));
    }
    if (raw == Optional.class) {
      Type element = typeArguments(type, raw, path)[0];
      return new ContainerCodecs.OptionalCodec(type, build(element, path + ".get()"));
    }
    if (raw.isRecord()) {
      return withPlaceholder(type, () -> buildRecord(type, raw, path));
    }
    checkPojo(type, raw, path);
    return withPlaceholder(type, () -> buildPojo(type, raw, path));
  }

  private Codec<Object> withPlaceholder(Type type, Supplier<Codec<Object>> builder) {
    LazyCodec placeholder = new LazyCodec(type);
    inProgress.put(type, placeholder);
    try {
      Codec<Object> codec = builder.get();
      placeholder.target(codec);
      return codec;
    } finally {
      inProgress.remove(type);
    }
  }

  private static Type[] typeArguments(Type type, Class<?> raw, String path) {
    if (!(type instanceof ParameterizedType)) {
      throw new CodecException(
          path
              + ": raw "
              + raw.getSimpleName()
              + " is not supported: declare its type arguments, as in "
              + raw.getSimpleName()
              + (raw == Map.class ? "<String, Order>" : "<Order>"));
    }
    return ((ParameterizedType) type).getActualTypeArguments();
  }

  private Codec<Object> buildRecord(Type type, Class<?> raw, String path) {
    Map<TypeVariable<?>, Type> bindings = Types.bindings(type);
    RecordComponent[] components = raw.getRecordComponents();
    MethodHandles.Lookup lookup = Access.lookupFor(raw, path);
    int n = components.length;
    List<MemberMapCodec.Member> members = new ArrayList<>(n);
    MethodHandle[] accessors = new MethodHandle[n];
    Object[] defaults = new Object[n];
    Class<?>[] parameterTypes = new Class<?>[n];
    for (int i = 0; i < n; i++) {
      RecordComponent c = components[i];
      Type componentType = Types.resolve(c.getGenericType(), bindings);
      members.add(
          new MemberMapCodec.Member(c.getName(), build(componentType, path + "." + c.getName())));
      parameterTypes[i] = c.getType();
      defaults[i] = defaultValue(c.getType());
      try {
        accessors[i] = lookup.unreflect(c.getAccessor()).asType(GETTER);
      } catch (IllegalAccessException e) {
        throw Access.notAccessible(raw, path, e);
      }
    }
    MethodHandle constructor;
    try {
      constructor = lookup.findConstructor(raw, MethodType.methodType(void.class, parameterTypes));
    } catch (IllegalAccessException e) {
      throw Access.notAccessible(raw, path, e);
    } catch (NoSuchMethodException e) {
      throw new CodecException(path + ": " + raw.getName() + " has no canonical constructor", e);
    }
    constructor = constructor.asType(constructor.type().generic()).asSpreader(Object[].class, n);
    return new RecordCodec(type, members, accessors, constructor, defaults);
  }

  private static Object defaultValue(Class<?> type) {
    if (type.isPrimitive()) {
      return Array.get(Array.newInstance(type, 1), 0);
    }
    return type == Optional.class ? Optional.empty() : null;
  }

  private static void checkPojo(Type type, Class<?> raw, String path) {
    if (raw.isInterface()
        || raw.isPrimitive()
        || Modifier.isAbstract(raw.getModifiers())
        || isJdk(raw)) {
      throw unsupported(type, path);
    }
    if (raw.isMemberClass() && !Modifier.isStatic(raw.getModifiers())) {
      throw new CodecException(
          path + ": " + raw.getName() + " is an inner class: declare it static to encode it");
    }
    try {
      raw.getDeclaredConstructor();
    } catch (NoSuchMethodException e) {
      throw unsupported(type, path);
    }
    for (Class<?> c = raw.getSuperclass(); c != Object.class && c != null; c = c.getSuperclass()) {
      if (isJdk(c)) {
        throw new CodecException(
            path + ": " + raw.getName() + " extends " + c.getName() + ", which is not supported");
      }
    }
  }

  private static boolean isJdk(Class<?> c) {
    String name = c.getName();
    for (String prefix : JDK_PACKAGES) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  static CodecException unsupported(Type type, String path) {
    return new CodecException(
        path + ": " + type.getTypeName() + " is not supported (" + SUPPORTED + ")");
  }

  private Codec<Object> buildPojo(Type type, Class<?> raw, String path) {
    List<Class<?>> chain = new ArrayList<>();
    List<Map<TypeVariable<?>, Type>> chainBindings = new ArrayList<>();
    Type current = type;
    while (current != null && Types.raw(current) != Object.class) {
      Class<?> c = Types.raw(current);
      Map<TypeVariable<?>, Type> bindings = Types.bindings(current);
      chain.add(0, c);
      chainBindings.add(0, bindings);
      Type superType = c.getGenericSuperclass();
      current = superType == null ? null : Types.resolve(superType, bindings);
    }
    List<MemberMapCodec.Member> members = new ArrayList<>();
    List<MethodHandle> getters = new ArrayList<>();
    List<MethodHandle> setters = new ArrayList<>();
    Map<String, Class<?>> declaredBy = new HashMap<>();
    for (int k = 0; k < chain.size(); k++) {
      Class<?> c = chain.get(k);
      for (Field f : c.getDeclaredFields()) {
        int mod = f.getModifiers();
        if (Modifier.isStatic(mod) || Modifier.isTransient(mod) || f.isSynthetic()) {
          continue;
        }
        String name = f.getName();
        Class<?> earlier = declaredBy.putIfAbsent(name, c);
        if (earlier != null) {
          throw new CodecException(
              path
                  + "."
                  + name
                  + ": field "
                  + name
                  + " is declared by both "
                  + earlier.getName()
                  + " and "
                  + c.getName());
        }
        Type fieldType = Types.resolve(f.getGenericType(), chainBindings.get(k));
        members.add(new MemberMapCodec.Member(name, build(fieldType, path + "." + name)));
        try {
          f.setAccessible(true);
        } catch (RuntimeException e) {
          // Not open to us: the lookup below may still reach it, or reports why not.
        }
        MethodHandles.Lookup lookup = Access.lookupFor(c, path);
        try {
          getters.add(lookup.unreflectGetter(f).asType(GETTER));
          setters.add(lookup.unreflectSetter(f).asType(SETTER));
        } catch (IllegalAccessException e) {
          throw Access.notAccessible(c, path + "." + name, e);
        }
      }
    }
    MethodHandle constructor;
    try {
      Constructor<?> noArg = raw.getDeclaredConstructor();
      try {
        noArg.setAccessible(true);
      } catch (RuntimeException e) {
        // As for fields: the lookup decides.
      }
      constructor =
          Access.lookupFor(raw, path)
              .unreflectConstructor(noArg)
              .asType(MethodType.methodType(Object.class));
    } catch (IllegalAccessException e) {
      throw Access.notAccessible(raw, path, e);
    } catch (NoSuchMethodException e) {
      throw unsupported(type, path);
    }
    return new PojoCodec(
        type,
        members,
        constructor,
        getters.toArray(new MethodHandle[0]),
        setters.toArray(new MethodHandle[0]));
  }
}
