package io.eegrid.codec;

import io.eegrid.CodecException;
import java.lang.invoke.MethodHandles;

/** Finds the lookup through which the codecs reach a user class's constructors and members. */
final class Access {
  private Access() {}

  /**
   * Returns a lookup with private access to {@code type} where the module system allows it, else
   * the public lookup for a public class in an exported package.
   *
   * @throws CodecException naming {@code path} when the class cannot be reached at all
   */
  static MethodHandles.Lookup lookupFor(Class<?> type, String path) {
    try {
      return MethodHandles.privateLookupIn(type, MethodHandles.lookup());
    } catch (IllegalAccessException | SecurityException e) {
      if (java.lang.reflect.Modifier.isPublic(type.getModifiers())
          && type.getModule().isExported(type.getPackageName())) {
        return MethodHandles.publicLookup();
      }
      throw notAccessible(type, path, e);
    }
  }

  static CodecException notAccessible(Class<?> type, String path, Throwable cause) {
    String kind = type.isRecord() ? "record" : "class";
    return new CodecException(
        path
            + ": "
            + type.getName()
            + " is not accessible to EE Grid: the "
            + kind
            + " must be public or its package "
            + type.getPackageName()
            + " opened to "
            + Access.class.getModule()
            + " ("
            + CodecFailure.describe(cause)
            + ")",
        cause);
  }
}
