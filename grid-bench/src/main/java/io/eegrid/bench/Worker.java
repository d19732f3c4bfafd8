package io.eegrid.bench;

/**
 * A daemon thread that repeats one step (send a message, read a message) until stopped. A failure
 * while running is recorded in the meter; a failure after {@link #stop} is the expected end.
 *
 * <p>Thread rules: {@code running} is volatile; {@link #stop} may be called from any thread.
 */
final class Worker {
  /** One step of the loop; returns false when the loop is over (end of stream). */
  @FunctionalInterface
  interface Step {
    boolean run() throws Exception;
  }

  private final Thread thread;
  private volatile boolean running = true;

  private Worker(String name, Meter meter, Step step) {
    thread =
        new Thread(
            () -> {
              try {
                while (running && step.run()) {
                  // next step
                }
              } catch (Throwable t) {
                if (running) {
                  meter.fail(t);
                }
              }
            },
            name);
    thread.setDaemon(true);
  }

  /** Starts a worker thread named {@code name} repeating {@code step}. */
  static Worker start(String name, Meter meter, Step step) {
    Worker w = new Worker(name, meter, step);
    w.thread.start();
    return w;
  }

  boolean running() {
    return running;
  }

  /** Asks the loop to end after its current step. */
  void stop() {
    running = false;
  }

  /** Waits up to {@code millis} for the thread to end; interrupts it if it has not. */
  void join(long millis) {
    try {
      thread.join(millis);
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(millis);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
