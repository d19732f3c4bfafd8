package io.eegrid.mux;

import io.eegrid.CallOptions;
import io.eegrid.Connection;
import io.eegrid.ConnectionState;
import io.eegrid.ConnectionStats;
import io.eegrid.Stream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** A view of a {@link GridConnection} whose calls carry a subroute. Immutable, thread-safe. */
final class SubrouteConnection implements Connection {
  private final GridConnection connection;
  private final String subroute;

  SubrouteConnection(GridConnection connection, String subroute) {
    Objects.requireNonNull(subroute, "subroute");
    if (subroute.isEmpty()) {
      throw new IllegalArgumentException("subroute must not be empty");
    }
    this.connection = connection;
    this.subroute = subroute;
  }

  @Override
  public String localHost() {
    return connection.localHost();
  }

  @Override
  public String remoteHost() {
    return connection.remoteHost();
  }

  @Override
  public String subroute() {
    return subroute;
  }

  @Override
  public ConnectionState state() {
    return connection.state();
  }

  @Override
  public boolean awaitConnected(Duration timeout) {
    return connection.awaitConnected(timeout);
  }

  @Override
  public byte[] request(String handler, byte[] payload, CallOptions options) {
    return connection.request(handler, subroute, payload, options);
  }

  @Override
  public CompletableFuture<byte[]> requestAsync(
      String handler, byte[] payload, CallOptions options) {
    return connection.requestAsync(handler, subroute, payload, options);
  }

  @Override
  public Stream newStream(String handler, byte[] payload, CallOptions options) {
    return connection.newStream(handler, subroute, payload, options);
  }

  @Override
  public Connection subroute(String more) {
    return new SubrouteConnection(connection, subroute + "/" + more);
  }

  @Override
  public ConnectionStats stats() {
    return connection.stats();
  }

  @Override
  public String toString() {
    return "Connection{" + localHost() + " -> " + remoteHost() + " /" + subroute + "}";
  }
}
