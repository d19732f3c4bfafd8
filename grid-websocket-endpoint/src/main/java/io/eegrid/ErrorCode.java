package io.eegrid;

/**
 * Why a call failed on the remote side; travels on the wire as an integer (docs/PROTOCOL.md,
 * "Errors"). Codes are never renumbered; new ones get new numbers.
 */
public enum ErrorCode {
  /** A code this node does not know (sent by a newer peer). */
  UNKNOWN(0),
  /** The handler threw an exception that is not a grid exception. */
  HANDLER_ERROR(1),
  /** No handler of that name (and subroute) is registered on the remote node. */
  UNKNOWN_HANDLER(2),
  /** The call was cancelled (by the caller, or the remote is shutting the call down). */
  CANCELLED(3),
  /** The call's deadline passed. */
  DEADLINE_EXCEEDED(4),
  /** The peer broke the protocol for this call (window exceeded, out-of-sequence message). */
  PROTOCOL_ERROR(5),
  /** The remote node cannot take the call now (its executor refused the handler). */
  OVERLOADED(6),
  /** The request could not be decoded, or the handler rejected its argument. */
  INVALID_ARGUMENT(7),
  /** The remote node is shutting down and accepts no new calls. */
  SHUTTING_DOWN(8),
  /** The remote side could not complete the call (for example, its response was too large). */
  INTERNAL(9);

  private static final ErrorCode[] BY_WIRE = new ErrorCode[10];

  static {
    for (ErrorCode code : values()) {
      BY_WIRE[code.wire] = code;
    }
  }

  private final int wire;

  ErrorCode(int wire) {
    this.wire = wire;
  }

  /** The integer sent on the wire. */
  public int wireValue() {
    return wire;
  }

  /** The code for a wire integer; {@link #UNKNOWN} for integers this version does not know. */
  public static ErrorCode fromWire(long wire) {
    return wire >= 0 && wire < BY_WIRE.length ? BY_WIRE[(int) wire] : UNKNOWN;
  }
}
