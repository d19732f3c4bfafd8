package io.eegrid;

/** The remote node has no handler of the name (and subroute) the call asked for. */
public class UnknownHandlerException extends RemoteException {
  private static final long serialVersionUID = 1L;

  public UnknownHandlerException(String remoteMessage) {
    super(ErrorCode.UNKNOWN_HANDLER, remoteMessage);
  }
}
