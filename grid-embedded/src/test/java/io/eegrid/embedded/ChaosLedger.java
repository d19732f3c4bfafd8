package io.eegrid.embedded;

import io.eegrid.CancelledException;
import io.eegrid.DeadlineExceededException;
import io.eegrid.DisconnectedException;
import io.eegrid.ProtocolException;
import io.eegrid.RemoteException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;

/**
 * What the chaos run saw: every call's kind and outcome, and every broken invariant (hung, lost,
 * duplicated, reordered, misrouted, corrupt, wrong outcome, untyped failure), with the first few
 * broken ones described so a failure can be read without a debugger.
 *
 * <p>Thread-safe: counters are atomic; {@code details} is guarded by itself.
 */
final class ChaosLedger {
  /** What a call was. */
  enum Kind {
    REQUEST_SHORT,
    REQUEST_LONG,
    REQUEST_ERROR,
    SOURCE_FAST,
    SOURCE_SLOW,
    SOURCE_STALLED,
    SINK,
    BIDI,
    STORM_REQUEST,
    STORM_INTERRUPT,
    STORM_STREAM
  }

  /** How a call ended. */
  enum Outcome {
    COMPLETED,
    DEADLINE,
    DISCONNECTED,
    CANCELLED,
    REMOTE,
    PROTOCOL,
    UNTYPED
  }

  /** A broken invariant. */
  enum Violation {
    HUNG,
    EARLY_DEADLINE,
    LOST,
    DUPLICATED,
    REORDERED,
    MISROUTED,
    CORRUPT,
    WRONG_OUTCOME,
    UNTYPED_FAILURE,
    HANDLER_SAW_BAD_SEQUENCE
  }

  private static final int MAX_DETAILS = 40;

  private final AtomicLongArray calls =
      new AtomicLongArray(Kind.values().length * Outcome.values().length);
  private final AtomicLongArray violations = new AtomicLongArray(Violation.values().length);
  private final AtomicLong maxLatenessMillis = new AtomicLong();
  private final List<String> details = new ArrayList<>();

  /** Maps a call's failure to its outcome; anything not one of the grid's exceptions is UNTYPED. */
  static Outcome classify(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof DeadlineExceededException) {
      return Outcome.DEADLINE;
    }
    if (t instanceof DisconnectedException) {
      return Outcome.DISCONNECTED;
    }
    if (t instanceof CancelledException || t instanceof CancellationException) {
      return Outcome.CANCELLED;
    }
    if (t instanceof RemoteException) {
      return Outcome.REMOTE;
    }
    if (t instanceof ProtocolException) {
      return Outcome.PROTOCOL;
    }
    return Outcome.UNTYPED;
  }

  void call(Kind k, Outcome o) {
    calls.incrementAndGet(k.ordinal() * Outcome.values().length + o.ordinal());
  }

  /** Records a failed call; an untyped failure is also a violation, with its stack trace. */
  void failed(Kind k, long callId, Throwable t) {
    Outcome o = classify(t);
    call(k, o);
    if (o == Outcome.UNTYPED) {
      violation(Violation.UNTYPED_FAILURE, k + " call " + callId + ": " + stackOf(t));
    }
  }

  void violation(Violation v, String detail) {
    violation(v, 1, detail);
  }

  void violation(Violation v, long n, String detail) {
    if (n <= 0) {
      return;
    }
    violations.addAndGet(v.ordinal(), n);
    synchronized (details) {
      if (details.size() < MAX_DETAILS) {
        details.add(v + " x" + n + ": " + detail);
      }
    }
  }

  private String latestDetail = "none"; // guarded by details

  /** Notes how far past its deadline a blocking call returned (negative: before it). */
  void lateness(long millis, Supplier<String> what) {
    if (maxLatenessMillis.accumulateAndGet(millis, Math::max) == millis && millis > 0) {
      synchronized (details) {
        latestDetail = what.get();
      }
    }
  }

  /** The call that returned latest after its deadline. */
  String latestDetail() {
    synchronized (details) {
      return latestDetail;
    }
  }

  long maxLatenessMillis() {
    return maxLatenessMillis.get();
  }

  long calls(Kind k, Outcome o) {
    return calls.get(k.ordinal() * Outcome.values().length + o.ordinal());
  }

  long calls(Kind k) {
    long n = 0;
    for (Outcome o : Outcome.values()) {
      n += calls(k, o);
    }
    return n;
  }

  long calls(Outcome o) {
    long n = 0;
    for (Kind k : Kind.values()) {
      n += calls(k, o);
    }
    return n;
  }

  long totalCalls() {
    long n = 0;
    for (Kind k : Kind.values()) {
      n += calls(k);
    }
    return n;
  }

  long violations(Violation v) {
    return violations.get(v.ordinal());
  }

  Map<Violation, Long> violations() {
    Map<Violation, Long> m = new EnumMap<>(Violation.class);
    for (Violation v : Violation.values()) {
      m.put(v, violations(v));
    }
    return m;
  }

  long totalViolations() {
    long n = 0;
    for (Violation v : Violation.values()) {
      n += violations(v);
    }
    return n;
  }

  List<String> details() {
    synchronized (details) {
      return Collections.unmodifiableList(new ArrayList<>(details));
    }
  }

  /** A table: one row per kind, one column per outcome, then the violations. */
  String table() {
    StringBuilder b = new StringBuilder();
    b.append(String.format("%-15s %8s", "kind", "calls"));
    for (Outcome o : Outcome.values()) {
      b.append(String.format(" %12s", o.name().toLowerCase()));
    }
    b.append('\n');
    for (Kind k : Kind.values()) {
      b.append(String.format("%-15s %8d", k.name().toLowerCase(), calls(k)));
      for (Outcome o : Outcome.values()) {
        b.append(String.format(" %12d", calls(k, o)));
      }
      b.append('\n');
    }
    b.append(String.format("%-15s %8d", "all", totalCalls()));
    for (Outcome o : Outcome.values()) {
      b.append(String.format(" %12d", calls(o)));
    }
    b.append('\n');
    b.append("violations: ").append(violations()).append('\n');
    b.append("latest return after a deadline: ").append(maxLatenessMillis()).append(" ms (");
    b.append(latestDetail()).append(")\n");
    return b.toString();
  }

  static String stackOf(Throwable t) {
    java.io.StringWriter w = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(w));
    String s = w.toString();
    return s.length() > 3000 ? s.substring(0, 3000) + "..." : s;
  }
}
