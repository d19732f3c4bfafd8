package io.eegrid.embedded.app;

import io.eegrid.CallContext;
import io.eegrid.TypedStream;
import io.eegrid.cdi.GridHandler;
import jakarta.enterprise.context.Dependent;

/** A typed stream without requests: sends 0, 1, ... up to the payload, with a small window. */
@Dependent
@GridHandler(value = "count", responseWindow = 4)
public class CountHandler implements TypedStream.Handler<Integer, Void, Integer> {
  @Override
  public void handle(
      CallContext context,
      Integer upTo,
      TypedStream.Requests<Void> requests,
      TypedStream.Responses<Integer> responses) {
    for (int i = 0; i < upTo; i++) {
      responses.send(i);
    }
  }
}
