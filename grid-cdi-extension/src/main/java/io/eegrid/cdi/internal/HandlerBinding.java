package io.eegrid.cdi.internal;

import io.eegrid.CodecException;
import io.eegrid.HandlerOptions;
import io.eegrid.SingleHandler;
import io.eegrid.StreamHandler;
import io.eegrid.TypedSingle;
import io.eegrid.TypedStream;
import io.eegrid.cdi.GridHandler;
import io.eegrid.codec.Codec;
import io.eegrid.codec.Codecs;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A {@link GridHandler} bean as classified at deployment: which handler interface it implements,
 * its options and, for typed handlers, the descriptor whose codecs were built from the bean's type
 * arguments. Immutable.
 */
final class HandlerBinding {
  enum Kind {
    SINGLE(SingleHandler.class),
    STREAM(StreamHandler.class),
    TYPED_SINGLE(TypedSingle.Handler.class),
    TYPED_STREAM(TypedStream.Handler.class);

    final Class<?> type;

    Kind(Class<?> type) {
      this.type = type;
    }

    boolean isStream() {
      return this == STREAM || this == TYPED_STREAM;
    }
  }

  final String beanName;
  final String name;
  final HandlerOptions options;
  final Kind kind;
  final Type handlerType; // the bean type that made it a handler, with its type arguments
  final Object descriptor; // TypedSingle or TypedStream for typed handlers, else null

  private HandlerBinding(
      String beanName,
      String name,
      HandlerOptions options,
      Kind kind,
      Type handlerType,
      Object descriptor) {
    this.beanName = beanName;
    this.name = name;
    this.options = options;
    this.kind = kind;
    this.handlerType = handlerType;
    this.descriptor = descriptor;
  }

  /** The subroute, or null. */
  String subroute() {
    return options.subroute();
  }

  String describe() {
    return "handler \""
        + name
        + "\""
        + (subroute() == null ? "" : " subroute \"" + subroute() + "\"")
        + " ("
        + beanName
        + ")";
  }

  /**
   * Classifies a bean annotated {@code @GridHandler}; adds one line per problem to {@code problems}
   * and returns null if there was any.
   */
  static HandlerBinding classify(
      String beanName, Set<Type> beanTypes, GridHandler annotation, List<String> problems) {
    int before = problems.size();
    String where = "@GridHandler bean " + beanName;
    String name = annotation.value();
    if (name.isBlank()) {
      problems.add(where + ": the handler name is empty; write @GridHandler(\"name\")");
    }
    List<Type> found = new ArrayList<>();
    List<Kind> kinds = new ArrayList<>();
    for (Type t : beanTypes) {
      for (Kind k : Kind.values()) {
        if (rawType(t) == k.type) {
          found.add(t);
          kinds.add(k);
        }
      }
    }
    if (found.isEmpty()) {
      problems.add(
          where
              + " implements no handler interface; it must implement one of SingleHandler,"
              + " StreamHandler, TypedSingle.Handler or TypedStream.Handler");
      return null;
    }
    if (found.size() > 1) {
      problems.add(
          where
              + " implements "
              + kinds.stream()
                  .sorted()
                  .map(k -> k.type.getSimpleName())
                  .collect(Collectors.joining(" and "))
              + "; a handler bean must implement exactly one handler interface");
      return null;
    }
    Kind kind = kinds.get(0);
    Type handlerType = found.get(0);
    HandlerOptions options = options(where, kind, annotation, problems);
    Object descriptor = null;
    if (kind == Kind.TYPED_SINGLE || kind == Kind.TYPED_STREAM) {
      descriptor = descriptor(where, name, kind, handlerType, problems);
    }
    if (problems.size() > before) {
      return null;
    }
    if (descriptor instanceof TypedStream<?, ?, ?> stream) {
      // A typed stream without requests takes none, whatever the annotation says.
      options = stream.withOptions(options).options();
      descriptor = stream.withOptions(options);
    }
    return new HandlerBinding(beanName, name, options, kind, handlerType, descriptor);
  }

  private static HandlerOptions options(
      String where, Kind kind, GridHandler a, List<String> problems) {
    int defaultWindow = HandlerOptions.DEFAULT_WINDOW;
    if (!kind.isStream()
        && (a.requestWindow() != defaultWindow || a.responseWindow() != defaultWindow)) {
      problems.add(
          where
              + ": requestWindow and responseWindow apply to stream handlers only, and this bean is"
              + " a "
              + kind.type.getSimpleName());
    }
    if (kind.isStream() && a.nonBlocking()) {
      problems.add(
          where
              + ": nonBlocking applies to single handlers only (a stream handler waits for"
              + " credits and requests), and this bean is a "
              + kind.type.getSimpleName());
    }
    if (a.requestWindow() < 0) {
      problems.add(where + ": requestWindow " + a.requestWindow() + " must be 0 or more");
    }
    if (a.responseWindow() < 1) {
      problems.add(where + ": responseWindow " + a.responseWindow() + " must be 1 or more");
    }
    if (a.requestWindow() < 0 || a.responseWindow() < 1) {
      return HandlerOptions.defaults();
    }
    String subroute = a.subroute().isEmpty() ? null : a.subroute();
    return new HandlerOptions(subroute, a.requestWindow(), a.responseWindow(), a.nonBlocking());
  }

  static Object descriptor(
      String where, String name, Kind kind, Type handlerType, List<String> problems) {
    if (!(handlerType instanceof ParameterizedType p)) {
      problems.add(
          where
              + " implements the raw type "
              + kind.type.getName()
              + "; give its type arguments so the msgpack codecs can be built");
      return null;
    }
    Type[] args = p.getActualTypeArguments();
    List<Codec<?>> codecs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String role = role(kind, i);
      String unsupported = notConcrete(args[i]);
      if (unsupported != null) {
        problems.add(
            where
                + ": the "
                + role
                + " type "
                + args[i].getTypeName()
                + " is not supported: "
                + unsupported
                + "; use concrete types such as a record, String or List<Order>");
        codecs.add(null);
        continue;
      }
      if (kind == Kind.TYPED_STREAM && i == 1 && args[i] == Void.class) {
        codecs.add(null); // no requests
        continue;
      }
      try {
        codecs.add(Codecs.of(args[i]));
      } catch (CodecException e) {
        problems.add(
            where
                + ": the "
                + role
                + " type "
                + args[i].getTypeName()
                + " has no msgpack codec: "
                + e.getMessage());
        codecs.add(null);
      }
    }
    return describeTyped(name, kind, args, codecs);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object describeTyped(String name, Kind kind, Type[] args, List<Codec<?>> codecs) {
    for (int i = 0; i < args.length; i++) {
      boolean optional = kind == Kind.TYPED_STREAM && i == 1 && args[i] == Void.class;
      if (codecs.get(i) == null && !optional) {
        return null;
      }
    }
    if (kind == Kind.TYPED_SINGLE) {
      return TypedSingle.of(name, (Codec) codecs.get(0), (Codec) codecs.get(1));
    }
    return TypedStream.of(
        name, (Codec) codecs.get(0), (Codec) codecs.get(1), (Codec) codecs.get(2));
  }

  static String role(Kind kind, int index) {
    if (kind == Kind.TYPED_SINGLE) {
      return index == 0 ? "request" : "response";
    }
    return switch (index) {
      case 0 -> "payload";
      case 1 -> "request";
      default -> "response";
    };
  }

  /** Why {@code t} cannot have a codec built from it at deployment, or null if it can. */
  static String notConcrete(Type t) {
    if (t instanceof Class<?>) {
      return null;
    }
    if (t instanceof TypeVariable<?> v) {
      return "the type variable " + v.getName() + " is not resolved";
    }
    if (t instanceof WildcardType) {
      return "a wildcard has no single type";
    }
    if (t instanceof GenericArrayType g) {
      return notConcrete(g.getGenericComponentType());
    }
    if (t instanceof ParameterizedType p) {
      return Arrays.stream(p.getActualTypeArguments())
          .map(HandlerBinding::notConcrete)
          .filter(java.util.Objects::nonNull)
          .findFirst()
          .orElse(null);
    }
    return "unknown kind of type " + t.getClass().getName();
  }

  static Class<?> rawType(Type t) {
    if (t instanceof Class<?> c) {
      return c;
    }
    if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
      return c;
    }
    return null;
  }
}
