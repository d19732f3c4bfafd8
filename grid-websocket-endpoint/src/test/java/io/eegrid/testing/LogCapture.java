package io.eegrid.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * A java.util.logging handler that keeps every record it is given, for tests that assert on what
 * the grid logged. Add it to a logger, remove it after the test.
 *
 * <p>Thread-safe: records arrive on any thread; {@code records} is guarded by itself.
 */
public final class LogCapture extends Handler {
  private final List<LogRecord> records = new ArrayList<>();

  @Override
  public void publish(LogRecord r) {
    synchronized (records) {
      records.add(r);
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  /** What was logged so far, in order. */
  public List<LogRecord> records() {
    synchronized (records) {
      return List.copyOf(records);
    }
  }

  /** The records logged at exactly {@code level}. */
  public List<LogRecord> at(Level level) {
    return records().stream().filter(r -> r.getLevel() == level).toList();
  }
}
