package io.eegrid;

import io.eegrid.codec.Codec;
import io.eegrid.codec.Codecs;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A typed single request: its handler name, the request and response types and their msgpack
 * codecs. Codecs are built (and the types checked) when the descriptor is made, not on the first
 * call. Immutable and thread-safe; declare one constant per call and share it between the caller
 * and the handler side.
 *
 * <pre>{@code
 * record Lookup(String key) {}
 * record Found(String key, byte[] value) {}
 * static final TypedSingle<Lookup, Found> GET = TypedSingle.of("kv.get", Lookup.class, Found.class);
 *
 * builder.handler(GET, (ctx, req) -> new Found(req.key(), store.get(req.key())));
 * Found f = GET.call(grid.connection("node-2:8080"), new Lookup("a"));
 * }</pre>
 *
 * @param <Q> request type
 * @param <R> response type
 */
public final class TypedSingle<Q, R> {
  /** Serves a typed single request. */
  @FunctionalInterface
  public interface Handler<Q, R> {
    R handle(CallContext context, Q request) throws Exception;
  }

  private final String name;
  private final Codec<Q> requestCodec;
  private final Codec<R> responseCodec;
  private final HandlerOptions options;

  private TypedSingle(
      String name, Codec<Q> requestCodec, Codec<R> responseCodec, HandlerOptions options) {
    this.name = Objects.requireNonNull(name, "name");
    this.requestCodec = Objects.requireNonNull(requestCodec, "requestCodec");
    this.responseCodec = Objects.requireNonNull(responseCodec, "responseCodec");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * A descriptor with built-in codecs for the two types.
   *
   * @throws CodecException if a type cannot be encoded (the message names it and where)
   */
  public static <Q, R> TypedSingle<Q, R> of(String name, Class<Q> request, Class<R> response) {
    return new TypedSingle<>(
        name, Codecs.of(request), Codecs.of(response), HandlerOptions.defaults());
  }

  /** A descriptor with the given codecs. */
  public static <Q, R> TypedSingle<Q, R> of(String name, Codec<Q> request, Codec<R> response) {
    return new TypedSingle<>(name, request, response, HandlerOptions.defaults());
  }

  /** The same call served under {@code subroute} (for registration). */
  public TypedSingle<Q, R> withSubroute(String subroute) {
    return new TypedSingle<>(name, requestCodec, responseCodec, options.withSubroute(subroute));
  }

  public String name() {
    return name;
  }

  public HandlerOptions options() {
    return options;
  }

  /** Calls the handler on {@code connection} with default options. */
  public R call(Connection connection, Q request) {
    return call(connection, request, CallOptions.defaults());
  }

  /**
   * Calls the handler and decodes its response; throws what {@link Connection#request} throws, and
   * {@link CodecException} if the response cannot be decoded.
   */
  public R call(Connection connection, Q request, CallOptions options) {
    byte[] response = connection.request(name, Codecs.toBytes(requestCodec, request), options);
    return Codecs.fromBytes(responseCodec, response);
  }

  /** Calls the handler asynchronously; see {@link Connection#requestAsync}. */
  public CompletableFuture<R> callAsync(Connection connection, Q request, CallOptions options) {
    CompletableFuture<byte[]> raw =
        connection.requestAsync(name, Codecs.toBytes(requestCodec, request), options);
    CompletableFuture<R> typed = raw.thenApply(b -> Codecs.fromBytes(responseCodec, b));
    typed.whenComplete(
        (r, e) -> {
          if (typed.isCancelled()) {
            raw.cancel(false);
          }
        });
    return typed;
  }

  /**
   * The byte-level handler serving {@code handler}; a request that cannot be decoded fails with
   * {@link ErrorCode#INVALID_ARGUMENT}.
   */
  public SingleHandler adapt(Handler<Q, R> handler) {
    Objects.requireNonNull(handler, "handler");
    return (context, payload) -> {
      Q request;
      try {
        request = Codecs.fromBytes(requestCodec, payload);
      } catch (CodecException e) {
        throw new RemoteException(
            ErrorCode.INVALID_ARGUMENT, "request of " + name + ": " + e.getMessage());
      }
      return Codecs.toBytes(responseCodec, handler.handle(context, request));
    };
  }

  @Override
  public String toString() {
    return "TypedSingle{" + name + "}";
  }
}
