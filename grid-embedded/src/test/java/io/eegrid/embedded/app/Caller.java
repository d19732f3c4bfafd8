package io.eegrid.embedded.app;

import io.eegrid.Connection;
import io.eegrid.GridManager;
import io.eegrid.TypedSingle;
import io.eegrid.TypedStream;
import io.eegrid.cdi.GridCall;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/** The calling side of the test application: everything it uses is injected. */
@ApplicationScoped
public class Caller {
  @Inject GridManager grid;
  @Inject @Any Instance<Connection> peers;

  @Inject
  @GridCall("greet")
  TypedSingle<Greeting, Reply> greet;

  @Inject
  @GridCall("count")
  TypedStream<Integer, Void, Integer> count;

  @Inject
  @GridCall("sum")
  TypedStream<Long, Long, Long> sum;

  public GridManager grid() {
    return grid;
  }

  public Instance<Connection> peers() {
    return peers;
  }

  public TypedSingle<Greeting, Reply> greet() {
    return greet;
  }

  public TypedStream<Integer, Void, Integer> count() {
    return count;
  }

  public TypedStream<Long, Long, Long> sum() {
    return sum;
  }
}
