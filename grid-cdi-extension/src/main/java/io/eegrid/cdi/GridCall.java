package io.eegrid.cdi;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.enterprise.util.Nonbinding;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Injects a typed call descriptor for the handler named {@code value}, with codecs built from the
 * injection point's type arguments when the application deploys:
 *
 * <pre>{@code
 * @Inject @GridCall("kv.get") TypedSingle<Lookup, Found> get;
 * @Inject @GridCall("kv.scan") TypedStream<Scan, Void, Entry> scan;
 *
 * Found f = get.call(node2, new Lookup("a"));
 * }</pre>
 *
 * A type argument that is not concrete, or that has no codec, fails the deployment; so does a
 * descriptor whose types differ from those of a {@link GridHandler} of the same name in this
 * application.
 */
@Qualifier
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, METHOD})
public @interface GridCall {
  /** The handler name. */
  @Nonbinding
  String value();

  /** An instance of the qualifier, for {@code Instance.select}. */
  final class Literal extends AnnotationLiteral<GridCall> implements GridCall {
    private static final long serialVersionUID = 1L;
    private final String value;

    private Literal(String value) {
      this.value = value;
    }

    public static Literal of(String name) {
      return new Literal(name);
    }

    @Override
    public String value() {
      return value;
    }
  }
}
