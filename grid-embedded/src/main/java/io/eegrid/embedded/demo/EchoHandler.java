package io.eegrid.embedded.demo;

import io.eegrid.CallContext;
import io.eegrid.SingleHandler;
import io.eegrid.cdi.GridHandler;
import jakarta.enterprise.context.ApplicationScoped;

/** A byte-level single request: returns its payload. */
@ApplicationScoped
@GridHandler("demo.echo")
public class EchoHandler implements SingleHandler {
  @Override
  public byte[] handle(CallContext context, byte[] payload) {
    return payload;
  }
}
