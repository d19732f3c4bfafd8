package io.eegrid;

/**
 * Base of every exception the grid throws. Unchecked; catch a subclass to tell what happened.
 *
 * <p>The subclasses are: {@link RemoteException} (the remote handler failed, with a code), {@link
 * DisconnectedException} (the connection is down or dropped while the call ran: outcome unknown),
 * {@link DeadlineExceededException}, {@link CancelledException}, {@link ProtocolException} (the
 * peer broke the protocol) and {@link CodecException} (a typed value could not be encoded or
 * decoded).
 */
public class GridException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GridException(String message) {
    super(message);
  }

  public GridException(String message, Throwable cause) {
    super(message, cause);
  }
}
