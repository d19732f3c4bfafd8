package io.eegrid;

/**
 * Serves streams: an initial payload, then requests in and responses out, each flow-controlled by
 * the windows in the handler's {@link HandlerOptions}. Runs on the grid's executor and may block.
 *
 * <p>Returning ends the stream normally once the queued responses are sent; throwing ends it with
 * an error that the caller receives after the responses sent before it.
 */
@FunctionalInterface
public interface StreamHandler {
  void handle(
      CallContext context, byte[] payload, StreamRequests requests, StreamResponses responses)
      throws Exception;
}
