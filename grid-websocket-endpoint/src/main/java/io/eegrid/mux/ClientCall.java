package io.eegrid.mux;

import io.eegrid.GridException;
import io.eegrid.RemoteException;
import io.eegrid.protocol.Message;

/**
 * The caller's side of one call (a mux client), registered in its session under its mux id until it
 * ends. Subclasses define their own locking; these hooks are called from the inbound path and must
 * not block.
 */
abstract class ClientCall implements OutboundQueue.CallState {
  final Session session;
  final long id;
  final Long key; // id, boxed once for the session's table

  ClientCall(Session session, long id) {
    this.session = session;
    this.id = id;
    this.key = id;
  }

  /** The remote refused the call (MUX_CONNECT_ERROR). */
  abstract void receiveConnectError(RemoteException error);

  /** The handler side dropped the call (DISCONNECT_CLIENT_MUX), or the link went down. */
  abstract void receiveDisconnect(GridException error);

  /** A RESPONSE, MUX_SERVER_MSG, ACK_MUX, UNBLOCK_CL_MUX or PONG for this mux. */
  abstract void receive(Message m);
}
