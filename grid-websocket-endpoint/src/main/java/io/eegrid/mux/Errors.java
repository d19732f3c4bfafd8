package io.eegrid.mux;

import io.eegrid.CancelledException;
import io.eegrid.CodecException;
import io.eegrid.DeadlineExceededException;
import io.eegrid.ErrorCode;
import io.eegrid.RemoteException;
import io.eegrid.protocol.Payloads;

/**
 * Maps what a handler threw to the wire's error payload: the one place the two vocabularies meet.
 */
final class Errors {
  private Errors() {}

  /** The error payload ({@code [code, message]}) for a handler's exception. */
  static byte[] toPayload(Throwable t) {
    if (t instanceof RemoteException r) {
      return Payloads.encodeError(r.code(), r.remoteMessage());
    }
    if (t instanceof CancelledException) {
      return Payloads.encodeError(ErrorCode.CANCELLED, t.getMessage());
    }
    if (t instanceof DeadlineExceededException) {
      return Payloads.encodeError(ErrorCode.DEADLINE_EXCEEDED, t.getMessage());
    }
    if (t instanceof CodecException || t instanceof IllegalArgumentException) {
      return Payloads.encodeError(ErrorCode.INVALID_ARGUMENT, describe(t));
    }
    return Payloads.encodeError(ErrorCode.HANDLER_ERROR, describe(t));
  }

  static String describe(Throwable t) {
    return t.getMessage() == null
        ? t.getClass().getName()
        : t.getClass().getName() + ": " + t.getMessage();
  }
}
