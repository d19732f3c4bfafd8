package io.eegrid;

import java.util.Objects;

/** One item read from a {@link Stream}: a response payload, or the error that ended the stream. */
public final class Response {
  private final byte[] payload;
  private final GridException error;

  private Response(byte[] payload, GridException error) {
    this.payload = payload;
    this.error = error;
  }

  public static Response of(byte[] payload) {
    return new Response(payload, null);
  }

  public static Response error(GridException error) {
    return new Response(null, Objects.requireNonNull(error, "error"));
  }

  /** True if this item is the error that ended the stream; no item follows it. */
  public boolean isError() {
    return error != null;
  }

  /**
   * The response payload.
   *
   * @throws GridException the stream's error, if this item is one
   */
  public byte[] payload() {
    if (error != null) {
      throw error;
    }
    return payload;
  }

  /** The error, or null for a payload. */
  public GridException error() {
    return error;
  }

  @Override
  public String toString() {
    return error != null
        ? "Response{error=" + error + "}"
        : "Response{" + (payload == null ? "nil" : payload.length + " bytes") + "}";
  }
}
