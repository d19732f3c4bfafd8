package io.eegrid;

/** A typed value could not be encoded, or bytes could not be decoded into the expected type. */
public class CodecException extends GridException {
  private static final long serialVersionUID = 1L;

  public CodecException(String message) {
    super(message);
  }

  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
