package io.eegrid.embedded.app;

import io.eegrid.CallContext;
import io.eegrid.SingleHandler;
import io.eegrid.cdi.GridHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;

/**
 * {@link WhoRuns} as a non-blocking handler: it runs on the WebSocket thread that read the call.
 */
@ApplicationScoped
@GridHandler(value = "whoruns.direct", nonBlocking = true)
public class WhoRunsDirect implements SingleHandler {
  @Override
  public byte[] handle(CallContext context, byte[] payload) {
    return Thread.currentThread().getName().getBytes(StandardCharsets.UTF_8);
  }
}
