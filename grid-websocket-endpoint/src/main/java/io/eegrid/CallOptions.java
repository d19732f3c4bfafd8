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
  private static final CallOptions DEFAULTS = new CallOptions(null, false);

  private final Duration timeout;
  private final boolean directCompletion;

  private CallOptions(Duration timeout, boolean directCompletion) {
    this.timeout = timeout;
    this.directCompletion = directCompletion;
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
    return new CallOptions(positive(timeout), false);
  }

  /** A copy with {@code timeout} (see {@link #timeout(Duration)}). */
  public CallOptions withTimeout(Duration timeout) {
    return new CallOptions(positive(timeout), directCompletion);
  }

  private static Duration positive(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    return timeout;
  }

  /**
   * A copy whose {@link Connection#requestAsync} future completes on the thread that read the
   * response (a WebSocket I/O thread) instead of on the grid's executor: one thread wake-up less
   * per call, like gRPC's {@code directExecutor}. Dependent stages then run on that thread, so they
   * must be quick and must not block; while they run nothing else is read on that connection. A
   * call started from such a stage fails at once with a {@link GridException} when the output queue
   * is full, instead of waiting for room. The blocking {@link Connection#request} has no hand-off
   * to save and ignores this option.
   */
  public CallOptions withDirectCompletion() {
    return new CallOptions(timeout, true);
  }

  /** The timeout, or null when none was set. */
  public Duration timeout() {
    return timeout;
  }

  /** Whether the future completes on the I/O thread; see {@link #withDirectCompletion()}. */
  public boolean directCompletion() {
    return directCompletion;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("CallOptions{");
    if (timeout != null) {
      b.append("timeout=").append(timeout);
    }
    if (directCompletion) {
      b.append(timeout == null ? "" : ", ").append("directCompletion");
    }
    return b.append('}').toString();
  }
}
