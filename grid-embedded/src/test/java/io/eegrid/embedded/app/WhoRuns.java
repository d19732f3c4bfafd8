package io.eegrid.embedded.app;

import io.eegrid.CallContext;
import io.eegrid.SingleHandler;
import io.eegrid.cdi.GridHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;

/** Answers with the name of the thread the handler runs on. */
@ApplicationScoped
@GridHandler("whoruns")
public class WhoRuns implements SingleHandler {
  @Override
  public byte[] handle(CallContext context, byte[] payload) {
    return Thread.currentThread().getName().getBytes(StandardCharsets.UTF_8);
  }
}
