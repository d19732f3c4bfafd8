package io.eegrid.cdi.internal;

import io.eegrid.TypedSingle;
import io.eegrid.TypedStream;
import io.eegrid.cdi.GridCall;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.InjectionPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Produces the typed call descriptors injected with {@link GridCall}. Their types were checked by
 * {@link GridExtension} at deployment, so building one here cannot fail. Stateless.
 */
@Dependent
class TypedCallProducer {
  @Produces
  @GridCall("")
  @SuppressWarnings("unchecked")
  static <Q, R> TypedSingle<Q, R> single(InjectionPoint ip) {
    return (TypedSingle<Q, R>) build(ip, HandlerBinding.Kind.TYPED_SINGLE);
  }

  @Produces
  @GridCall("")
  @SuppressWarnings("unchecked")
  static <P, Q, R> TypedStream<P, Q, R> stream(InjectionPoint ip) {
    return (TypedStream<P, Q, R>) build(ip, HandlerBinding.Kind.TYPED_STREAM);
  }

  private static Object build(InjectionPoint ip, HandlerBinding.Kind kind) {
    String name =
        ip.getQualifiers().stream()
            .filter(GridCall.class::isInstance)
            .map(q -> ((GridCall) q).value())
            .findFirst()
            .orElseThrow();
    List<String> problems = new ArrayList<>();
    Object descriptor =
        HandlerBinding.descriptor(
            "@GridCall(\"" + name + "\")", name, kind, ip.getType(), problems);
    if (descriptor == null) {
      throw new IllegalStateException(String.join("; ", problems));
    }
    return descriptor;
  }
}
