package io.eegrid.embedded.app;

import io.eegrid.CallContext;
import io.eegrid.SingleHandler;
import io.eegrid.cdi.GridHandler;
import jakarta.enterprise.context.ApplicationScoped;

/** Bytes in, the same bytes out. */
@ApplicationScoped
@GridHandler("echo")
public class EchoHandler implements SingleHandler {
  @Override
  public byte[] handle(CallContext context, byte[] payload) {
    return payload;
  }
}
