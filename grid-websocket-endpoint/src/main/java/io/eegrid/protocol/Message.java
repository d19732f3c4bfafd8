package io.eegrid.protocol;

import java.util.Objects;

/**
 * One grid message: the envelope {@code [muxId, seq, deadlineMillis, handler, op, flags, payload]}
 * plus the optional subroute (docs/PROTOCOL.md, "Message").
 *
 * <p>Immutable except {@link #seq}, which the output queue stamps under its lock so that stream
 * messages leave in sequence order. The payload array is owned by the message once built: nobody
 * may change it afterwards.
 */
public final class Message {
  /** Largest deadline on the wire: 2^32 - 1 ms (about 49.7 days). */
  public static final long MAX_DEADLINE_MILLIS = 0xFFFF_FFFFL;

  public final long muxId;
  public final long deadlineMillis;
  public final String handler;
  public final Op op;
  public final int flags;
  public final byte[] payload;
  public final String subroute;

  /** Sequence number, credit count or merged count, depending on {@link #op}. */
  public long seq;

  public Message(
      long muxId,
      long seq,
      long deadlineMillis,
      String handler,
      Op op,
      int flags,
      byte[] payload,
      String subroute) {
    this.muxId = muxId;
    this.seq = seq;
    this.deadlineMillis = deadlineMillis;
    this.handler = handler;
    this.op = Objects.requireNonNull(op, "op");
    this.flags = subroute == null ? flags & ~Flags.SUBROUTE : flags | Flags.SUBROUTE;
    this.payload = payload;
    this.subroute = subroute;
  }

  /** A message with no handler, deadline or subroute. */
  public static Message of(long muxId, long seq, Op op, int flags, byte[] payload) {
    return new Message(muxId, seq, 0, null, op, flags, payload, null);
  }

  /** True if the flag bit is set. */
  public boolean has(int flag) {
    return (flags & flag) != 0;
  }

  /** Payload size in bytes (0 for none), used for queue accounting. */
  public int payloadBytes() {
    return payload == null ? 0 : payload.length;
  }

  @Override
  public String toString() {
    return op
        + "{mux="
        + muxId
        + ", seq="
        + seq
        + (deadlineMillis != 0 ? ", deadline=" + deadlineMillis + "ms" : "")
        + (handler != null ? ", handler=" + handler : "")
        + (subroute != null ? ", subroute=" + subroute : "")
        + ", flags=0x"
        + Integer.toHexString(flags)
        + ", payload="
        + (payload == null ? "nil" : payload.length + "B")
        + "}";
  }
}
