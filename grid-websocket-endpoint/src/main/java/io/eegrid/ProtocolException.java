package io.eegrid;

/**
 * The peer sent something the protocol does not allow (malformed frame, bad checksum, window
 * exceeded). A malformed frame ends the connection; a stream-level violation ends only that stream.
 */
public class ProtocolException extends GridException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message);
  }

  public ProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
