package io.eegrid.fuzz;

import java.util.function.Supplier;

/**
 * Assertions for the fuzz harnesses' hot path: the message is built only when the check fails (an
 * eager description, such as the hex of the input, would dominate the cost of each execution).
 * Stateless.
 */
final class Expect {
  private Expect() {}

  /** Fails with {@code what} unless {@code ok}. */
  static void that(boolean ok, Supplier<String> what) {
    if (!ok) {
      throw new AssertionError(what.get());
    }
  }

  /**
   * Fails unless {@code message} has a non-blank text: every documented failure explains itself.
   */
  static void explains(Throwable e, Supplier<String> what) {
    that(
        e.getMessage() != null && !e.getMessage().isBlank(),
        () -> what.get() + ": " + e + " has no message");
  }
}
