package io.eegrid;

/** The call was cancelled: by the caller, by the remote side, or because the grid is closing. */
public class CancelledException extends GridException {
  private static final long serialVersionUID = 1L;

  public CancelledException(String message) {
    super(message);
  }
}
