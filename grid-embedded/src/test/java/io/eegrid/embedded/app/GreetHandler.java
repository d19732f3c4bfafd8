package io.eegrid.embedded.app;

import io.eegrid.CallContext;
import io.eegrid.GridManager;
import io.eegrid.TypedSingle;
import io.eegrid.cdi.GridHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/** A typed single handler that injects the grid to say which node answered. */
@ApplicationScoped
@GridHandler("greet")
public class GreetHandler implements TypedSingle.Handler<Greeting, Reply> {
  @Inject GridManager grid;

  @Override
  public Reply handle(CallContext context, Greeting request) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < request.times(); i++) {
      lines.add("hello " + request.from() + " from " + grid.localHost());
    }
    return new Reply(grid.localHost(), lines);
  }
}
