package io.eegrid;

/** The call's deadline passed before it completed; the remote handler is cancelled. */
public class DeadlineExceededException extends GridException {
  private static final long serialVersionUID = 1L;

  public DeadlineExceededException(String message) {
    super(message);
  }
}
