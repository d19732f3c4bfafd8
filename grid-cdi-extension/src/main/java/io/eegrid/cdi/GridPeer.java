package io.eegrid.cdi;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Qualifies the {@link io.eegrid.Connection} to one peer, named as in {@code grid.peers}:
 *
 * <pre>{@code
 * @Inject @GridPeer("node-2:8080") Connection node2;
 * @Inject @Any Instance<Connection> allPeers;
 * }</pre>
 *
 * An injection point naming a host that is not a peer fails the deployment.
 */
@Qualifier
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, METHOD, TYPE})
public @interface GridPeer {
  /** The peer's host name, exactly as in {@code grid.peers}. */
  String value();

  /** An instance of the qualifier, for {@code Instance.select}. */
  final class Literal extends AnnotationLiteral<GridPeer> implements GridPeer {
    private static final long serialVersionUID = 1L;
    private final String value;

    private Literal(String value) {
      this.value = value;
    }

    public static Literal of(String host) {
      return new Literal(host);
    }

    @Override
    public String value() {
      return value;
    }
  }
}
