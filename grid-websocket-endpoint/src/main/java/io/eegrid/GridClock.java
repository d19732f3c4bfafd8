package io.eegrid;

/**
 * Where the grid reads time: a monotonic clock for deadlines, pings and backoff, and the wall clock
 * for the handshake's clock-skew check. Tests pass their own.
 */
public interface GridClock {
  /** Monotonic time in nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();

  /** Wall-clock time in milliseconds since the epoch, as {@link System#currentTimeMillis()}. */
  long currentTimeMillis();

  /** The system clock. */
  static GridClock system() {
    return SystemClock.INSTANCE;
  }
}

/** The {@link GridClock} backed by {@link System}. */
enum SystemClock implements GridClock {
  INSTANCE;

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public long currentTimeMillis() {
    return System.currentTimeMillis();
  }
}
