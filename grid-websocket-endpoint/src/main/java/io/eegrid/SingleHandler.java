package io.eegrid;

/**
 * Serves single requests: bytes in, bytes out. Runs on the grid's executor, never on an I/O thread,
 * and may block; many calls run concurrently.
 *
 * <p>Throwing {@link RemoteException} sends its code and message to the caller; any other exception
 * arrives as {@link ErrorCode#HANDLER_ERROR} with the exception's class and message.
 */
@FunctionalInterface
public interface SingleHandler {
  /**
   * Handles one request. The returned array is owned by the grid afterwards: do not change it.
   *
   * @param payload the request payload, owned by the handler (may be null when the caller sent
   *     none)
   */
  byte[] handle(CallContext context, byte[] payload) throws Exception;
}
