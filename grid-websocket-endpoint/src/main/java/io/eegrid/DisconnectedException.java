package io.eegrid;

/**
 * The connection to the remote is not up, or went down while the call ran. The outcome of the call
 * is unknown: the remote may or may not have run it. Nothing is retried by the grid.
 */
public class DisconnectedException extends GridException {
  private static final long serialVersionUID = 1L;

  public DisconnectedException(String message) {
    super(message);
  }

  public DisconnectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
