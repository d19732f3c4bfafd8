package io.eegrid;

import java.util.Objects;

/**
 * The remote side failed the call: its handler threw, or it refused the call. Carries the {@link
 * ErrorCode} and the message the remote sent. A handler may throw this itself to choose the code
 * the caller sees.
 */
public class RemoteException extends GridException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final String remoteMessage;

  public RemoteException(ErrorCode code, String remoteMessage) {
    super(code + ": " + remoteMessage);
    this.code = Objects.requireNonNull(code, "code");
    this.remoteMessage = Objects.requireNonNull(remoteMessage, "remoteMessage");
  }

  /** Why the call failed. */
  public ErrorCode code() {
    return code;
  }

  /** The message as the remote side wrote it, without the code. */
  public String remoteMessage() {
    return remoteMessage;
  }
}
