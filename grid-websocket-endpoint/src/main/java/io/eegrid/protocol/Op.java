package io.eegrid.protocol;

/**
 * Message operations; the wire value is the {@link #code}. See docs/PROTOCOL.md, "Operations".
 *
 * <p>Each op belongs to one side of a mux: ops sent by the caller address the receiver's table of
 * served calls, ops sent by the handler side address the receiver's table of its own calls. That is
 * what lets both peers use the same mux ids without cross-talk.
 */
public enum Op {
  /** Dialer to acceptor, first message of a connection: identity and token. Mux id 0. */
  CONNECT(1),
  /** Acceptor to dialer: accepted, or rejected with a reason. Mux id 0. */
  CONNECT_RESPONSE(2),
  /** Mux id 0: connection ping (either side). Otherwise: caller pings its stream. */
  PING(3),
  /** Answer to a {@link #PING}, echoing its payload (connection) or reporting the stream. */
  PONG(4),
  /**
   * Caller opens a stream: handler name, deadline, initial payload. A caller may set EOF to say it
   * sends no requests (this implementation closes its requests with a MUX_CLIENT_MSG instead).
   */
  CONNECT_MUX(5),
  /** Handler side refuses a request or stream (unknown handler, overloaded); payload: error. */
  MUX_CONNECT_ERROR(6),
  /** Handler side to caller: forget this mux (the handler is gone); optional error payload. */
  DISCONNECT_CLIENT_MUX(7),
  /** Caller to handler side: cancel this call (single request or stream). */
  DISCONNECT_SERVER_MUX(8),
  /** Caller to handler: one stream request (seq = its sequence number); EOF ends the requests. */
  MUX_CLIENT_MSG(9),
  /** Handler to caller: one stream response; EOF ends the stream, ERROR makes it a failure. */
  MUX_SERVER_MSG(10),
  /** Caller to handler: seq more response credits. */
  UNBLOCK_SRV_MUX(11),
  /** Handler to caller: seq more request credits. */
  UNBLOCK_CL_MUX(12),
  /** Handler to caller: the stream exists; payload carries the request and response windows. */
  ACK_MUX(13),
  /** Single request: handler name, deadline, payload. */
  REQUEST(14),
  /** Answer to a {@link #REQUEST}: payload, or an error with the ERROR flag. */
  RESPONSE(15),
  /** Several messages in one frame: seq = their count; they follow this header back to back. */
  MERGED(16);

  private static final Op[] BY_CODE = new Op[17];

  static {
    for (Op op : values()) {
      BY_CODE[op.code] = op;
    }
  }

  /** The wire value. */
  public final int code;

  Op(int code) {
    this.code = code;
  }

  /** The op for a wire value, or null when the value is not a known op. */
  public static Op fromCode(long code) {
    return code > 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
  }
}
