package io.eegrid;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The link to one remote node, used in both directions: this node's calls to the remote go out on
 * it, and the remote's calls to this node come in on it. There is one per remote, for the life of
 * the {@link GridManager}; it reconnects by itself.
 *
 * <p>Calls fail at once with {@link DisconnectedException} while the connection is not {@link
 * ConnectionState#CONNECTED}: nothing is queued for later. When the link drops, every call in
 * flight on it fails with {@link DisconnectedException} and every handler serving the remote is
 * cancelled; nothing is replayed.
 *
 * <pre>{@code
 * Connection c = grid.connection("node-2:8080");
 * c.awaitConnected(Duration.ofSeconds(10));
 * byte[] reply = c.request("echo", "hi".getBytes(UTF_8));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public interface Connection {
  /** This node's host name. */
  String localHost();

  /** The remote node's host name. */
  String remoteHost();

  /** The subroute calls on this view address, or null for the connection itself. */
  String subroute();

  ConnectionState state();

  /**
   * Waits until the connection is {@link ConnectionState#CONNECTED}; returns whether it is.
   *
   * @throws CancelledException if the thread is interrupted (the interrupt flag is set again)
   */
  boolean awaitConnected(Duration timeout);

  /** {@link #request(String, byte[], CallOptions)} with default options. */
  default byte[] request(String handler, byte[] payload) {
    return request(handler, payload, CallOptions.defaults());
  }

  /**
   * Sends a single request and waits for its response. Interrupting the thread cancels the call,
   * remotely too, and throws {@link CancelledException} with the interrupt flag set again.
   *
   * @param payload owned by the grid until the call returns; may be null
   * @throws RemoteException the handler failed or the remote refused the call (for example {@link
   *     UnknownHandlerException})
   * @throws DeadlineExceededException the timeout passed
   * @throws DisconnectedException the connection is down, or went down during the call
   */
  byte[] request(String handler, byte[] payload, CallOptions options);

  /**
   * Sends a single request; the future completes with the response or one of the exceptions of
   * {@link #request}. Cancelling the future cancels the remote handler. Dependent stages run on the
   * grid's executor, never on an I/O thread, unless {@code options} ask for {@link
   * CallOptions#withDirectCompletion() direct completion}.
   */
  CompletableFuture<byte[]> requestAsync(String handler, byte[] payload, CallOptions options);

  /**
   * Opens a stream to the remote handler with an initial payload. Returns once the stream is sent;
   * responses and failures (including an unknown handler) arrive through {@link Stream#next()}.
   *
   * @throws DisconnectedException when the connection is down
   */
  Stream newStream(String handler, byte[] payload, CallOptions options);

  /**
   * A view of this connection whose calls address handlers registered with {@code subroute}; nested
   * views join their subroutes with "/".
   */
  Connection subroute(String subroute);

  /** A snapshot of the connection's counters. */
  ConnectionStats stats();
}
