package io.eegrid;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of one call; immutable. The timeout becomes the call's deadline, forwarded to the remote
 * as the milliseconds left when the call is sent.
 *
 * <pre>{@code
 * byte[] r = connection.request("lookup", key, CallOptions.timeout(Duration.ofSeconds(2)));
 * }</pre>
 */
public final class CallOptions {
  private static final CallOptions DEFAULTS = new CallOptions(null);

  private final Duration timeout;

  private CallOptions(Duration timeout) {
    this.timeout = timeout;
  }

  /**
   * No explicit timeout: single requests get the grid's default request timeout (one minute unless
   * configured), streams run until they end or are cancelled.
   */
  public static CallOptions defaults() {
    return DEFAULTS;
  }

  /** The call must complete within {@code timeout} of being started. */
  public static CallOptions timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    return new CallOptions(timeout);
  }

  /** The timeout, or null when none was set. */
  public Duration timeout() {
    return timeout;
  }

  @Override
  public String toString() {
    return timeout == null ? "CallOptions{}" : "CallOptions{timeout=" + timeout + "}";
  }
}
