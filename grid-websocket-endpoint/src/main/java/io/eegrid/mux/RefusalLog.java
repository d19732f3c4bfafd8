package io.eegrid.mux;

import java.util.HashMap;
import java.util.Map;

/**
 * Decides the level of each handshake refusal's log line, per peer and direction (docs/PROTOCOL.md
 * section 7.2), so that a flood of bad upgrades cannot flood the log: a refusal is logged at
 * WARNING when its reason differs from the peer's previous one and no WARNING was logged for that
 * peer in the last {@link #INTERVAL_NANOS}; every other refusal goes to FINE and, when its reason
 * is new, is counted, and the next WARNING says how many were logged at FINE. The caller bounds the
 * keys (one per host of the host list and direction, plus one for every peer that is not in it), so
 * the memory kept here is bounded by the host list.
 *
 * <p>Thread rules: all state is guarded by {@code this}; no method blocks.
 */
final class RefusalLog {
  private final long intervalNanos; // at most one WARNING per key in this time

  private static final class Entry {
    String lastReason;
    long lastWarningNanos;
    int suppressed;
  }

  private final Map<String, Entry> entries = new HashMap<>(); // guarded by this

  RefusalLog(long intervalNanos) {
    this.intervalNanos = intervalNanos;
  }

  /**
   * Records a refusal of {@code key} for {@code reason} at {@code nowNanos}. Returns null to log it
   * at FINE, or the text to append to its WARNING line (empty, or the count of refusals logged at
   * FINE since the last WARNING).
   */
  synchronized String warning(String key, String reason, long nowNanos) {
    Entry e = entries.get(key);
    if (e == null) {
      e = new Entry();
      e.lastReason = reason;
      e.lastWarningNanos = nowNanos;
      entries.put(key, e);
      return "";
    }
    boolean repeated = reason.equals(e.lastReason);
    e.lastReason = reason;
    if (repeated || nowNanos - e.lastWarningNanos < intervalNanos) {
      e.suppressed++;
      return null;
    }
    int suppressed = e.suppressed;
    e.suppressed = 0;
    e.lastWarningNanos = nowNanos;
    return suppressed == 0
        ? ""
        : " ("
            + suppressed
            + " other refusals of this peer since the last warning were logged at FINE)";
  }

  /** Forgets {@code key}: its next refusal is logged at WARNING. */
  synchronized void forget(String key) {
    entries.remove(key);
  }

  synchronized int size() {
    return entries.size();
  }
}
