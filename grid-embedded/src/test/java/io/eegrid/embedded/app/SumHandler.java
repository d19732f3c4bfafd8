package io.eegrid.embedded.app;

import io.eegrid.CallContext;
import io.eegrid.TypedStream;
import io.eegrid.cdi.GridHandler;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A two-way typed stream: answers each number with the running total, starting from the payload.
 */
@ApplicationScoped
@GridHandler("sum")
public class SumHandler implements TypedStream.Handler<Long, Long, Long> {
  @Override
  public void handle(
      CallContext context,
      Long start,
      TypedStream.Requests<Long> requests,
      TypedStream.Responses<Long> responses) {
    long total = start;
    for (Long n; (n = requests.next()) != null; ) {
      total += n;
      responses.send(total);
    }
  }
}
