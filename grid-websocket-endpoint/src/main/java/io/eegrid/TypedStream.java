package io.eegrid;

import io.eegrid.codec.Codec;
import io.eegrid.codec.Codecs;
import java.util.Objects;

/**
 * A typed stream: handler name, the types of the initial payload, the requests and the responses,
 * and their msgpack codecs (built and checked when the descriptor is made). A request type of
 * {@code Void.class} means the handler takes no requests. Immutable and thread-safe.
 *
 * <pre>{@code
 * static final TypedStream<Scan, Void, Entry> SCAN =
 *     TypedStream.of("kv.scan", Scan.class, Void.class, Entry.class);
 *
 * builder.handler(SCAN, (ctx, scan, requests, responses) -> store.forEach(scan, responses::send));
 * try (TypedStream.Call<Void, Entry> call = SCAN.open(connection, new Scan("a"), CallOptions.defaults())) {
 *   for (Entry e; (e = call.next()) != null; ) { ... }
 * }
 * }</pre>
 *
 * @param <P> initial payload type
 * @param <Q> request type ({@code Void} for none)
 * @param <R> response type
 */
public final class TypedStream<P, Q, R> {
  /** Serves a typed stream. */
  @FunctionalInterface
  public interface Handler<P, Q, R> {
    void handle(CallContext context, P payload, Requests<Q> requests, Responses<R> responses)
        throws Exception;
  }

  /** Typed requests as the handler reads them. */
  public interface Requests<Q> {
    /** The next request, or null after the last; see {@link StreamRequests#next()}. */
    Q next();
  }

  /** Where a typed handler sends responses. */
  public interface Responses<R> {
    /** Sends one response (never null); see {@link StreamResponses#send}. */
    void send(R response);
  }

  private final String name;
  private final Codec<P> payloadCodec;
  private final Codec<Q> requestCodec; // null: no requests
  private final Codec<R> responseCodec;
  private final HandlerOptions options;

  private TypedStream(
      String name,
      Codec<P> payloadCodec,
      Codec<Q> requestCodec,
      Codec<R> responseCodec,
      HandlerOptions options) {
    this.name = Objects.requireNonNull(name, "name");
    this.payloadCodec = Objects.requireNonNull(payloadCodec, "payloadCodec");
    this.requestCodec = requestCodec;
    this.responseCodec = Objects.requireNonNull(responseCodec, "responseCodec");
    this.options = requestCodec == null ? options.withRequestWindow(0) : options;
  }

  /**
   * A descriptor with built-in codecs.
   *
   * @throws CodecException if a type cannot be encoded
   */
  public static <P, Q, R> TypedStream<P, Q, R> of(
      String name, Class<P> payload, Class<Q> request, Class<R> response) {
    return new TypedStream<>(
        name,
        Codecs.of(payload),
        request == Void.class ? null : Codecs.of(request),
        Codecs.of(response),
        HandlerOptions.defaults());
  }

  /**
   * A descriptor with the given codecs; {@code request} null means the handler takes no requests
   * (as {@code Void.class} does in {@link #of(String, Class, Class, Class)}).
   */
  public static <P, Q, R> TypedStream<P, Q, R> of(
      String name, Codec<P> payload, Codec<Q> request, Codec<R> response) {
    return new TypedStream<>(name, payload, request, response, HandlerOptions.defaults());
  }

  /** The same stream with other registration options (windows, subroute). */
  public TypedStream<P, Q, R> withOptions(HandlerOptions options) {
    return new TypedStream<>(name, payloadCodec, requestCodec, responseCodec, options);
  }

  public String name() {
    return name;
  }

  public HandlerOptions options() {
    return options;
  }

  /** Opens the stream on {@code connection}; see {@link Connection#newStream}. */
  public Call<Q, R> open(Connection connection, P payload, CallOptions callOptions) {
    Stream raw = connection.newStream(name, Codecs.toBytes(payloadCodec, payload), callOptions);
    if (requestCodec == null) {
      raw.closeRequests();
    }
    return new Call<>(raw, requestCodec, responseCodec);
  }

  /** The byte-level handler serving {@code handler}. */
  public StreamHandler adapt(Handler<P, Q, R> handler) {
    Objects.requireNonNull(handler, "handler");
    return (context, payload, requests, responses) -> {
      P p;
      try {
        p = Codecs.fromBytes(payloadCodec, payload);
      } catch (CodecException e) {
        throw new RemoteException(
            ErrorCode.INVALID_ARGUMENT, "payload of " + name + ": " + e.getMessage());
      }
      Requests<Q> typedRequests =
          () -> {
            byte[] b = requests.next();
            if (b == null || requestCodec == null) {
              return null;
            }
            try {
              return Codecs.fromBytes(requestCodec, b);
            } catch (CodecException e) {
              throw new RemoteException(
                  ErrorCode.INVALID_ARGUMENT, "request of " + name + ": " + e.getMessage());
            }
          };
      Responses<R> typedResponses =
          r -> responses.send(Codecs.toBytes(responseCodec, Objects.requireNonNull(r, "response")));
      handler.handle(context, p, typedRequests, typedResponses);
    };
  }

  /**
   * The caller's side of a typed stream. Same threading and end-of-stream rules as {@link Stream}.
   */
  public static final class Call<Q, R> implements AutoCloseable {
    private final Stream raw;
    private final Codec<Q> requestCodec;
    private final Codec<R> responseCodec;

    private Call(Stream raw, Codec<Q> requestCodec, Codec<R> responseCodec) {
      this.raw = raw;
      this.requestCodec = requestCodec;
      this.responseCodec = responseCodec;
    }

    /** Sends one request (never null); see {@link Stream#send}. */
    public void send(Q request) {
      if (requestCodec == null) {
        throw new IllegalStateException("this stream takes no requests");
      }
      raw.send(Codecs.toBytes(requestCodec, Objects.requireNonNull(request, "request")));
    }

    public void closeRequests() {
      raw.closeRequests();
    }

    /**
     * The next response, or null after the end of the stream.
     *
     * @throws GridException the error that ended the stream
     */
    public R next() {
      Response r = raw.next();
      return r == null ? null : Codecs.fromBytes(responseCodec, r.payload());
    }

    public void cancel() {
      raw.cancel();
    }

    /** The byte-level stream underneath. */
    public Stream stream() {
      return raw;
    }

    @Override
    public void close() {
      raw.close();
    }
  }

  @Override
  public String toString() {
    return "TypedStream{" + name + "}";
  }
}
