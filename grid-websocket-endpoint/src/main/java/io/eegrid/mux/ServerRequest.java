package io.eegrid.mux;

import io.eegrid.ErrorCode;
import io.eegrid.GridException;
import io.eegrid.SingleHandler;
import io.eegrid.protocol.Flags;
import io.eegrid.protocol.Message;
import io.eegrid.protocol.Op;
import io.eegrid.protocol.Payloads;

/**
 * The handler side of one single request: runs the handler once on the executor and queues its
 * RESPONSE, unless the call was cancelled or its deadline passed meanwhile (then the result is
 * dropped). Unlike MinIO, the handler sees cancellation through its {@link io.eegrid.CallContext}.
 *
 * <p>Thread rules: the payload is handed to the handler thread by the executor (happens-before);
 * state shared with the inbound path lives in {@link ServerCall}.
 */
final class ServerRequest extends ServerCall {
  private final SingleHandler target;
  private final byte[] payload;

  ServerRequest(Session session, Message m, SingleHandler target) {
    super(session, m);
    this.target = target;
    this.payload = m.payload;
  }

  @Override
  public void run() {
    try {
      if (isCancelled()) {
        return;
      }
      Message response;
      try {
        byte[] result = target.handle(this, payload);
        int max = session.grid.config.maxMessageBytes();
        response =
            result == null || result.length <= max
                ? Message.of(id, 0, Op.RESPONSE, Flags.EOF, result)
                : Message.of(
                    id,
                    0,
                    Op.RESPONSE,
                    Flags.EOF | Flags.ERROR,
                    Payloads.encodeError(
                        ErrorCode.INTERNAL,
                        "the response of "
                            + handler
                            + " is "
                            + result.length
                            + " bytes, over maxMessageBytes "
                            + max));
      } catch (Throwable t) {
        if (t instanceof Error && !(t instanceof AssertionError)) {
          throw (Error) t;
        }
        logHandlerFailure(describe(), t);
        response = Message.of(id, 0, Op.RESPONSE, Flags.EOF | Flags.ERROR, Errors.toPayload(t));
      }
      if (!isCancelled()) {
        session.sendData(response, this, null);
      }
    } catch (GridException e) {
      // cancelled or disconnected while queueing the response: the caller already knows
    } finally {
      finish();
    }
  }

  @Override
  void onCancelled() {}
}
