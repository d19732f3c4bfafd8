package io.eegrid.cdi;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import io.eegrid.HandlerOptions;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Marks a CDI bean as a grid handler. The bean must implement exactly one of {@link
 * io.eegrid.SingleHandler}, {@link io.eegrid.StreamHandler}, {@link io.eegrid.TypedSingle.Handler}
 * or {@link io.eegrid.TypedStream.Handler} (the typed ones with concrete type arguments, from which
 * the msgpack codecs are built at deployment). Everything is checked when the application deploys;
 * a problem fails the deployment with a message naming the bean and the rule.
 *
 * <pre>{@code
 * @ApplicationScoped
 * @GridHandler("kv.get")
 * public class GetHandler implements TypedSingle.Handler<Get, Value> {
 *   public Value handle(CallContext ctx, Get req) { ... }
 * }
 * }</pre>
 */
@Documented
@Retention(RUNTIME)
@Target(TYPE)
public @interface GridHandler {
  /** The handler name callers use; unique (with the subroute) within the application. */
  String value();

  /** The subroute served, or "" for none. */
  String subroute() default "";

  /** Stream handlers: requests buffered (the caller's credits); 0 = takes no requests. */
  int requestWindow() default HandlerOptions.DEFAULT_WINDOW;

  /** Stream handlers: responses in flight before the handler waits for the caller. */
  int responseWindow() default HandlerOptions.DEFAULT_WINDOW;

  /**
   * Single handlers that never block and return quickly: run on the WebSocket I/O thread that read
   * the request, without a hand-off to the grid's executor (see {@link
   * HandlerOptions#nonBlocking()}). Not for stream handlers.
   */
  boolean nonBlocking() default false;
}
