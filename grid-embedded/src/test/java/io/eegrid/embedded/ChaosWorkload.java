package io.eegrid.embedded;

import io.eegrid.CallOptions;
import io.eegrid.CancelledException;
import io.eegrid.Connection;
import io.eegrid.ErrorCode;
import io.eegrid.RemoteException;
import io.eegrid.Response;
import io.eegrid.Stream;
import io.eegrid.embedded.ChaosLedger.Kind;
import io.eegrid.embedded.ChaosLedger.Outcome;
import io.eegrid.embedded.ChaosLedger.Violation;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The chaos run's calls, against {@link ChaosHandlers}. Every payload starts with the call id (8
 * bytes); stream messages follow it with their sequence number (4 bytes), so the caller can tell a
 * message that belongs to another call (misrouted), a gap (lost), a repeat (duplicated) or a step
 * back (reordered). The handlers they call:
 *
 * <ul>
 *   <li>{@code chaos.echo}: single; {@code [id][delayMillis][mode][filler]}: waits the delay (mode
 *       0: until cancelled; mode 1: ignoring cancellation and interrupts), or fails (mode 2), then
 *       echoes the request;
 *   <li>{@code chaos.source}: one-way stream to the caller; {@code
 *       [id][count][size][paceMillis][pauseAt][pauseMillis]}: sends {@code count} messages {@code
 *       [id][seq][filler]}; windows 0/4;
 *   <li>{@code chaos.sink}: one-way stream from the caller: reads {@code [id][seq]} requests,
 *       checks their order, answers {@code [id][count][ok]} at the end; windows 4/1;
 *   <li>{@code chaos.bidi}: two-way stream echoing every request, checking their order; windows
 *       4/4;
 *   <li>{@code chaos.hold}: stream that waits for its cancel (at most {@link
 *       ChaosHandlers#HOLD_MILLIS}) and sends nothing; windows 1/1.
 * </ul>
 *
 * <p>Thread rules: one {@link #runOne} runs on one worker thread with that worker's {@link Random};
 * the ledger is thread-safe.
 */
final class ChaosWorkload {
  private static final String ECHO = ChaosHandlers.ECHO;
  private static final String SOURCE = ChaosHandlers.SOURCE;
  private static final String SINK = ChaosHandlers.SINK;
  private static final String BIDI = ChaosHandlers.BIDI;
  private static final String HOLD = ChaosHandlers.HOLD;
  private static final int HOLD_MILLIS = ChaosHandlers.HOLD_MILLIS;

  /** The grid's default request timeout (the chaos config keeps the default of one minute). */
  static final int DEFAULT_TIMEOUT_MILLIS = 60_000;

  /** Clock granularity allowed when checking that a deadline failure did not come early. */
  static final long EARLY_TOLERANCE_MILLIS = 20;

  private final ChaosLedger ledger;
  private final long marginMillis;
  private final AtomicLong ids = new AtomicLong();

  ChaosWorkload(ChaosLedger ledger, Duration margin) {
    this.ledger = ledger;
    this.marginMillis = margin.toMillis();
  }

  // ---- calls ------------------------------------------------------------------------------------

  /** One call (or one storm of calls) of a kind drawn from {@code r}, on {@code c}. */
  void runOne(Connection c, Random r) {
    int pick = r.nextInt(100);
    if (pick < 22) {
      request(c, r, Kind.REQUEST_SHORT);
    } else if (pick < 40) {
      request(c, r, Kind.REQUEST_LONG);
    } else if (pick < 45) {
      request(c, r, Kind.REQUEST_ERROR);
    } else if (pick < 55) {
      source(c, r, Kind.SOURCE_FAST);
    } else if (pick < 62) {
      source(c, r, Kind.SOURCE_SLOW);
    } else if (pick < 67) {
      source(c, r, Kind.SOURCE_STALLED);
    } else if (pick < 79) {
      sink(c, r);
    } else if (pick < 93) {
      bidi(c, r);
    } else {
      storm(c, r);
    }
  }

  /** A call's deadline and the check that no blocking call returns long after it. */
  private final class Clock {
    final Kind kind;
    final long id;
    final long startNanos = System.nanoTime();
    final long deadlineNanos;
    final long timeoutMillis;
    boolean hung;

    Clock(Kind kind, long id, long timeoutMillis) {
      this.timeoutMillis = timeoutMillis;
      this.kind = kind;
      this.id = id;
      this.deadlineNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /** Call after every blocking call of the grid returns. */
    void returned(String what) {
      long late = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - deadlineNanos);
      ledger.lateness(
          late, () -> kind + " call " + id + ", timeout " + timeoutMillis + " ms, " + what);
      if (late > marginMillis && !hung) {
        hung = true;
        ledger.violation(
            Violation.HUNG,
            kind + " call " + id + ": " + what + " returned " + late + " ms after the deadline");
      }
    }

    /**
     * Records the call's failure. A deadline failure must not come before the deadline: the
     * engine's deadline starts when the call starts, a moment after this clock's.
     */
    void failed(Throwable e) {
      long early = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
      if (ChaosLedger.classify(e) == Outcome.DEADLINE && early > EARLY_TOLERANCE_MILLIS) {
        ledger.violation(
            Violation.EARLY_DEADLINE,
            kind
                + " call "
                + id
                + ", timeout "
                + timeoutMillis
                + " ms, failed "
                + early
                + " ms before its deadline: "
                + e);
      }
      ledger.failed(kind, id, e);
    }

    long millisLeft() {
      return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    }
  }

  private static int between(Random r, int from, int to) {
    return from + r.nextInt(to - from + 1);
  }

  private void request(Connection c, Random r, Kind kind) {
    long id = ids.incrementAndGet();
    int timeout;
    int delay;
    int mode;
    int filler;
    switch (kind) {
      case REQUEST_SHORT -> {
        timeout = between(r, 50, 400);
        delay = r.nextInt(3) == 0 ? between(r, 0, 600) : 0;
        mode = r.nextInt(3) == 0 ? 1 : 0;
        filler = r.nextInt(256);
      }
      case REQUEST_LONG -> {
        timeout = between(r, 2000, 8000);
        delay = r.nextInt(4) == 0 ? between(r, 0, 300) : 0;
        mode = r.nextInt(4) == 0 ? 1 : 0;
        filler = r.nextInt(10) == 0 ? between(r, 16 * 1024, 64 * 1024) : r.nextInt(1024);
      }
      default -> {
        timeout = 3000;
        delay = 0;
        mode = 2;
        filler = r.nextInt(64);
      }
    }
    byte[] payload =
        ByteBuffer.allocate(13 + filler).putLong(id).putInt(delay).put((byte) mode).array();
    for (int i = 13; i < payload.length; i++) {
      payload[i] = (byte) (id + i);
    }
    byte[] sent = payload.clone(); // the grid owns the payload once sent
    Clock clock = new Clock(kind, id, timeout);
    // Every third call without a delay goes the direct way: a non-blocking handler on the I/O
    // thread, and (async) a future completed there. Chosen by id, so the seed's sequence holds.
    boolean direct = delay == 0 && id % 3 == 0;
    String handler = direct ? ChaosHandlers.ECHO_DIRECT : ECHO;
    CallOptions options = CallOptions.timeout(Duration.ofMillis(timeout));
    byte[] reply;
    try {
      if (r.nextBoolean()) {
        reply = c.request(handler, payload, options);
      } else {
        CompletableFuture<byte[]> f =
            c.requestAsync(handler, payload, direct ? options.withDirectCompletion() : options);
        try {
          reply = f.get(timeout + marginMillis + 5000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          f.cancel(true);
          clock.returned("requestAsync's future");
          ledger.call(kind, Outcome.UNTYPED);
          return;
        }
      }
    } catch (Exception e) {
      clock.returned("request");
      clock.failed(e);
      if (kind == Kind.REQUEST_ERROR && ChaosLedger.classify(e) == Outcome.REMOTE) {
        RemoteException re = unwrapRemote(e);
        if (re != null
            && re.code() == ErrorCode.INVALID_ARGUMENT
            && !re.remoteMessage().equals("chaos call " + id + " fails")) {
          ledger.violation(
              Violation.MISROUTED, "call " + id + " got the error of: " + re.remoteMessage());
        }
      }
      return;
    }
    clock.returned("request");
    ledger.call(kind, Outcome.COMPLETED);
    if (kind == Kind.REQUEST_ERROR) {
      ledger.violation(Violation.WRONG_OUTCOME, "call " + id + " to a failing handler completed");
    }
    checkReply(id, sent, reply);
  }

  private static RemoteException unwrapRemote(Throwable t) {
    for (; t != null; t = t.getCause()) {
      if (t instanceof RemoteException re) {
        return re;
      }
    }
    return null;
  }

  private void checkReply(long id, byte[] sent, byte[] reply) {
    if (reply == null || reply.length < 8) {
      ledger.violation(Violation.CORRUPT, "call " + id + ": reply of " + describe(reply));
      return;
    }
    long rid = ByteBuffer.wrap(reply).getLong();
    if (rid != id) {
      ledger.violation(Violation.MISROUTED, "call " + id + " got the reply of call " + rid);
    } else if (!Arrays.equals(sent, reply)) {
      ledger.violation(Violation.CORRUPT, "call " + id + ": reply differs from the request");
    }
  }

  private static String describe(byte[] b) {
    return b == null ? "null" : b.length + " bytes";
  }

  /** Checks one stream message's call id and sequence number against what came before. */
  private final class Sequence {
    final long id;
    final BitSet seen = new BitSet();
    int highest = -1;

    Sequence(long id) {
      this.id = id;
    }

    void accept(byte[] m) {
      if (m == null || m.length < 12) {
        ledger.violation(Violation.CORRUPT, "stream " + id + ": message of " + describe(m));
        return;
      }
      ByteBuffer b = ByteBuffer.wrap(m);
      long rid = b.getLong();
      int seq = b.getInt();
      if (rid != id) {
        ledger.violation(Violation.MISROUTED, "stream " + id + " got a message of call " + rid);
        return;
      }
      if (seq < 0 || seen.get(seq)) {
        ledger.violation(Violation.DUPLICATED, "stream " + id + ": seq " + seq + " again");
        return;
      }
      if (seq < highest) {
        ledger.violation(
            Violation.REORDERED, "stream " + id + ": seq " + seq + " after " + highest);
      }
      seen.set(seq);
      highest = Math.max(highest, seq);
    }

    /** Gaps below the highest message seen: lost whatever happened to the stream later. */
    void checkNoGaps() {
      ledger.violation(
          Violation.LOST,
          (highest + 1) - seen.cardinality(),
          "stream " + id + ": gaps below seq " + highest);
    }

    /** The stream completed normally: every message 0..count-1 must have come. */
    void checkComplete(int count) {
      ledger.violation(
          Violation.LOST,
          count - seen.cardinality(),
          "stream " + id + " completed with " + seen.cardinality() + " of " + count + " messages");
    }
  }

  private void source(Connection c, Random r, Kind kind) {
    long id = ids.incrementAndGet();
    int timeout = between(r, 8000, 14000);
    int count = between(r, 1, 150);
    int size = r.nextInt(4) == 0 ? between(r, 1024, 8192) : r.nextInt(256);
    int pace = r.nextInt(5) == 0 ? between(r, 1, 5) : 0;
    int readPause = kind == Kind.SOURCE_SLOW ? between(r, 1, 15) : 0;
    int stallAt = kind == Kind.SOURCE_STALLED ? r.nextInt(count) : -1;
    // Up to 6 s: past the caller's (2 s) and the handler's (4 s) silence limits, with the
    // chaos run's stream ping interval of 1 s; the pings must keep the stream alive.
    int stallMillis = between(r, 300, 6000);
    int pauseAt = r.nextInt(6) == 0 ? r.nextInt(count) : -1;
    int pauseMillis = between(r, 2000, 3500);
    Clock clock = new Clock(kind, id, timeout);
    Sequence seq = new Sequence(id);
    Stream s;
    try {
      s =
          c.newStream(
              SOURCE,
              ByteBuffer.allocate(28)
                  .putLong(id)
                  .putInt(count)
                  .putInt(size)
                  .putInt(pace)
                  .putInt(pauseAt)
                  .putInt(pauseMillis)
                  .array(),
              CallOptions.timeout(Duration.ofMillis(timeout)));
    } catch (Exception e) {
      clock.returned("newStream");
      clock.failed(e);
      return;
    }
    clock.returned("newStream");
    try (s) {
      for (int read = 0; ; read++) {
        if (read == stallAt) {
          pause(Math.min(stallMillis, clock.millisLeft() - 200)); // a stalled consumer
        } else if (readPause > 0) {
          pause(Math.min(readPause, clock.millisLeft() - 200)); // a slow consumer
        }
        Response resp = s.next();
        clock.returned("next");
        if (resp == null) {
          ledger.call(kind, Outcome.COMPLETED);
          seq.checkComplete(count);
          return;
        }
        if (resp.isError()) {
          clock.failed(resp.error());
          seq.checkNoGaps();
          return;
        }
        seq.accept(resp.payload());
      }
    } catch (RuntimeException e) {
      clock.returned("stream");
      clock.failed(e);
    }
  }

  private static void pause(long millis) {
    if (millis > 0) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }
  }

  private void sink(Connection c, Random r) {
    long id = ids.incrementAndGet();
    int timeout = between(r, 4000, 12000);
    int count = between(r, 0, 150);
    int size = r.nextInt(4) == 0 ? between(r, 1024, 8192) : r.nextInt(256);
    Clock clock = new Clock(Kind.SINK, id, timeout);
    Stream s;
    try {
      s =
          c.newStream(
              SINK,
              ByteBuffer.allocate(8).putLong(id).array(),
              CallOptions.timeout(Duration.ofMillis(timeout)));
    } catch (Exception e) {
      clock.returned("newStream");
      clock.failed(e);
      return;
    }
    clock.returned("newStream");
    try (s) {
      for (int i = 0; i < count; i++) {
        s.send(ChaosHandlers.message(id, i, size));
        clock.returned("send");
      }
      s.closeRequests();
      Response resp = s.next();
      clock.returned("next");
      if (resp == null) {
        ledger.call(Kind.SINK, Outcome.COMPLETED);
        ledger.violation(Violation.LOST, "sink " + id + " ended without its summary");
        return;
      }
      if (resp.isError()) {
        clock.failed(resp.error());
        return;
      }
      ByteBuffer b = ByteBuffer.wrap(resp.payload());
      long rid = b.getLong();
      int got = b.getInt();
      boolean ok = b.get() == 1;
      Response end = s.next();
      clock.returned("next");
      if (end != null && end.isError()) {
        clock.failed(end.error());
      } else {
        ledger.call(Kind.SINK, Outcome.COMPLETED);
        if (end != null) {
          ledger.violation(Violation.DUPLICATED, "sink " + id + ": a second summary");
        }
      }
      if (rid != id) {
        ledger.violation(Violation.MISROUTED, "sink " + id + " got the summary of call " + rid);
      } else if (got != count) {
        ledger.violation(
            got < count ? Violation.LOST : Violation.DUPLICATED,
            Math.abs(count - got),
            "sink " + id + ": handler read " + got + " of " + count + " requests");
      } else if (!ok) {
        ledger.violation(Violation.REORDERED, "sink " + id + ": handler saw a bad sequence");
      }
    } catch (RuntimeException e) {
      clock.returned("stream");
      clock.failed(e);
    }
  }

  private void bidi(Connection c, Random r) {
    long id = ids.incrementAndGet();
    int timeout = between(r, 4000, 12000);
    int count = between(r, 1, 100);
    int burst = between(r, 1, 4);
    int size = r.nextInt(256);
    Clock clock = new Clock(Kind.BIDI, id, timeout);
    Sequence seq = new Sequence(id);
    Stream s;
    try {
      s =
          c.newStream(
              BIDI,
              ByteBuffer.allocate(8).putLong(id).array(),
              CallOptions.timeout(Duration.ofMillis(timeout)));
    } catch (Exception e) {
      clock.returned("newStream");
      clock.failed(e);
      return;
    }
    clock.returned("newStream");
    try (s) {
      int sent = 0;
      while (sent < count) {
        int n = Math.min(burst, count - sent);
        for (int k = 0; k < n; k++) {
          s.send(ChaosHandlers.message(id, sent + k, size));
          clock.returned("send");
        }
        sent += n;
        for (int k = 0; k < n; k++) {
          Response resp = s.next();
          clock.returned("next");
          if (resp == null) {
            ledger.call(Kind.BIDI, Outcome.COMPLETED);
            seq.checkComplete(count);
            return;
          }
          if (resp.isError()) {
            clock.failed(resp.error());
            seq.checkNoGaps();
            return;
          }
          seq.accept(resp.payload());
        }
      }
      s.closeRequests();
      Response end = s.next();
      clock.returned("next");
      if (end != null && end.isError()) {
        clock.failed(end.error());
        seq.checkNoGaps();
        return;
      }
      ledger.call(Kind.BIDI, Outcome.COMPLETED);
      if (end != null) {
        ledger.violation(Violation.DUPLICATED, "bidi " + id + ": a response after the last");
      }
      seq.checkComplete(count);
    } catch (RuntimeException e) {
      clock.returned("stream");
      clock.failed(e);
      seq.checkNoGaps();
    }
  }

  /**
   * Starts many calls at once, then cancels each of them after a short random time: futures
   * cancelled, blocked callers interrupted, streams cancelled. The calls have no timeout of their
   * own (the grid's default request timeout of a minute, no deadline for streams) and most of their
   * handlers wait for the cancel and nothing else, so a cancel that never reaches its handler keeps
   * it running past the settling (handlersRunning), instead of hiding behind a deadline.
   */
  private void storm(Connection c, Random r) {
    int n = between(r, 5, 20);
    List<Runnable> collect = new ArrayList<>();
    List<Runnable> cancels = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      long id = ids.incrementAndGet();
      int pick = r.nextInt(3);
      boolean ignoresCancel = r.nextInt(4) == 0;
      byte[] payload =
          ByteBuffer.allocate(13)
              .putLong(id)
              .putInt(ignoresCancel ? between(r, 0, 1000) : HOLD_MILLIS)
              .put((byte) (ignoresCancel ? 1 : 0))
              .array();
      byte[] sent = payload.clone();
      if (pick == 0) {
        Clock clock = new Clock(Kind.STORM_REQUEST, id, DEFAULT_TIMEOUT_MILLIS);
        CompletableFuture<byte[]> f;
        try {
          f = c.requestAsync(ECHO, payload, CallOptions.defaults());
        } catch (Exception e) {
          clock.returned("requestAsync");
          clock.failed(e);
          continue;
        }
        cancels.add(() -> f.cancel(true));
        collect.add(() -> collectRequest(Kind.STORM_REQUEST, clock, f, sent));
      } else if (pick == 1) {
        Clock clock = new Clock(Kind.STORM_INTERRUPT, id, DEFAULT_TIMEOUT_MILLIS);
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        Thread t =
            new Thread(
                () -> {
                  try {
                    f.complete(c.request(ECHO, payload, CallOptions.defaults()));
                  } catch (Throwable e) {
                    if (e instanceof CancelledException
                        && String.valueOf(e.getMessage()).contains("interrupt")
                        && !Thread.currentThread().isInterrupted()) {
                      ledger.violation(
                          Violation.WRONG_OUTCOME,
                          "interrupted request "
                              + id
                              + " threw without setting the interrupt flag again: "
                              + ChaosLedger.stackOf(e));
                    }
                    f.completeExceptionally(e);
                  }
                },
                "chaos-interrupted-" + id);
        t.setDaemon(true);
        t.start();
        cancels.add(t::interrupt);
        collect.add(() -> collectRequest(Kind.STORM_INTERRUPT, clock, f, sent));
      } else {
        Clock clock = new Clock(Kind.STORM_STREAM, id, DEFAULT_TIMEOUT_MILLIS);
        Stream s;
        try {
          s = c.newStream(HOLD, ByteBuffer.allocate(8).putLong(id).array(), CallOptions.defaults());
        } catch (Exception e) {
          clock.returned("newStream");
          clock.failed(e);
          continue;
        }
        cancels.add(s::cancel);
        collect.add(
            () -> {
              try (s) {
                Response resp = s.next();
                clock.returned("next");
                if (resp == null) {
                  ledger.call(Kind.STORM_STREAM, Outcome.COMPLETED);
                  ledger.violation(
                      Violation.WRONG_OUTCOME, "held stream " + id + " ended without a cancel");
                } else if (resp.isError()) {
                  clock.failed(resp.error());
                } else {
                  ledger.violation(
                      Violation.CORRUPT, "held stream " + id + " got a response it never sent");
                }
              } catch (RuntimeException e) {
                clock.returned("stream");
                clock.failed(e);
              }
            });
      }
    }
    for (Runnable cancel : cancels) {
      pause(r.nextInt(30));
      cancel.run();
    }
    collect.forEach(Runnable::run);
  }

  private void collectRequest(Kind kind, Clock clock, CompletableFuture<byte[]> f, byte[] sent) {
    try {
      byte[] reply = f.get(DEFAULT_TIMEOUT_MILLIS + marginMillis + 5000, TimeUnit.MILLISECONDS);
      clock.returned("future");
      ledger.call(kind, Outcome.COMPLETED);
      checkReply(clock.id, sent, reply);
    } catch (TimeoutException e) {
      clock.returned("future");
      ledger.call(kind, Outcome.UNTYPED);
    } catch (Exception e) {
      clock.returned("future");
      clock.failed(e);
    }
  }
}
