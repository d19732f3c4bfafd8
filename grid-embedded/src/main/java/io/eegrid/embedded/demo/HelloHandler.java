package io.eegrid.embedded.demo;

import io.eegrid.CallContext;
import io.eegrid.GridManager;
import io.eegrid.TypedSingle;
import io.eegrid.cdi.GridHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** A typed single request: greets the caller, saying which node answered. */
@ApplicationScoped
@GridHandler("demo.hello")
public class HelloHandler implements TypedSingle.Handler<Hello, Greeting> {
  @Inject GridManager grid;

  @Override
  public Greeting handle(CallContext context, Hello request) {
    return new Greeting(
        "hello " + request.from() + ", from " + grid.localHost(),
        grid.localHost(),
        System.currentTimeMillis());
  }
}
