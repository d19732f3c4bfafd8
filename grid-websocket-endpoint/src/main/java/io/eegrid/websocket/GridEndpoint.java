package io.eegrid.websocket;

import io.eegrid.GridManager;
import io.eegrid.transport.TransportListener;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The grid's server endpoint: accepts links from the nodes that dial this one. Register the config
 * from {@link #config} with the container's {@code ServerContainer}:
 *
 * <pre>{@code
 * serverContainer.addEndpoint(GridEndpoint.config(grid, "/grid/v1"));
 * }</pre>
 *
 * <p>The upgrade request's headers are checked first (host known, right direction, valid token); a
 * refused upgrade is closed at once with the reason (policy violation, 1008), before the grid
 * allocates anything for it. The in-band CONNECT message is then checked again by the grid.
 */
public final class GridEndpoint extends Endpoint {
  private static final Logger LOG = Logger.getLogger(GridEndpoint.class.getName());
  static final String REFUSAL = "io.eegrid.upgrade.refusal";
  private static final String TRANSPORT = "io.eegrid.transport";

  private final Supplier<GridManager> grids;

  public GridEndpoint(Supplier<GridManager> grids) {
    this.grids = Objects.requireNonNull(grids, "grids");
  }

  /** The endpoint configuration serving {@code grid} at {@code path} (for example /grid/v1). */
  public static ServerEndpointConfig config(GridManager grid, String path) {
    Objects.requireNonNull(grid, "grid");
    return config(() -> grid, path);
  }

  /**
   * The endpoint configuration serving whatever grid {@code grids} supplies when a link arrives;
   * while it supplies null, upgrades are refused ("grid not started"). For containers that deploy
   * the endpoint before the grid exists.
   */
  public static ServerEndpointConfig config(Supplier<GridManager> grids, String path) {
    GridEndpoint endpoint = new GridEndpoint(grids);
    return ServerEndpointConfig.Builder.create(GridEndpoint.class, path)
        .configurator(
            new ServerEndpointConfig.Configurator() {
              @Override
              public void modifyHandshake(
                  ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
                GridManager grid = grids.get();
                String refusal =
                    grid == null ? "grid not started" : grid.checkUpgrade(request.getHeaders());
                if (refusal != null) {
                  sec.getUserProperties().put(REFUSAL, refusal);
                }
              }

              @Override
              public <T> T getEndpointInstance(Class<T> endpointClass) {
                return endpointClass.cast(endpoint);
              }
            })
        .build();
  }

  @Override
  public void onOpen(Session session, EndpointConfig config) {
    String remote = remoteOf(session);
    GridManager grid = grids.get();
    Object refusal = grid == null ? "grid not started" : session.getUserProperties().get(REFUSAL);
    if (refusal != null) {
      LOG.log(Level.FINE, "grid: refused upgrade from " + remote + ": " + refusal);
      try {
        session.close(
            new CloseReason(
                CloseReason.CloseCodes.VIOLATED_POLICY,
                WebSocketTransport.truncate("refused: " + refusal)));
      } catch (IOException e) {
        LOG.log(Level.FINE, "grid: closing a refused upgrade failed", e);
      }
      return;
    }
    session.setMaxBinaryMessageBufferSize(grid.config().maxFrameBytes());
    WebSocketTransport.disableIdleTimeout(session);
    WebSocketTransport transport = new WebSocketTransport(session, remote);
    session.getUserProperties().put(TRANSPORT, transport);
    TransportListener listener = grid.accept(transport);
    transport.listen(listener);
  }

  @Override
  public void onClose(Session session, CloseReason reason) {
    if (session.getUserProperties().get(TRANSPORT) instanceof WebSocketTransport t) {
      t.notifyClosed(describe(reason));
    }
  }

  @Override
  public void onError(Session session, Throwable error) {
    if (session.getUserProperties().get(TRANSPORT) instanceof WebSocketTransport t) {
      t.close("WebSocket error: " + error);
    }
  }

  static String describe(CloseReason reason) {
    String phrase = reason.getReasonPhrase();
    return reason.getCloseCode().getCode()
        + (phrase == null || phrase.isEmpty() ? "" : " " + phrase);
  }

  static String remoteOf(Session session) {
    Object addr = session.getUserProperties().get("jakarta.websocket.endpoint.remoteAddress");
    return addr != null ? addr.toString() : String.valueOf(session.getRequestURI());
  }
}
