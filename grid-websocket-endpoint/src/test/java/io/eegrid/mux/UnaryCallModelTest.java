package io.eegrid.mux;

import io.eegrid.DeadlineExceededException;
import io.eegrid.DisconnectedException;
import io.eegrid.protocol.Flags;
import io.eegrid.protocol.Message;
import io.eegrid.protocol.Op;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.kotlinx.lincheck.LinCheckerKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Model check of the caller's side of a single request ({@link UnaryCall}, with the future that
 * {@code requestAsync} returns) while its response, the caller's cancel, its deadline and the loss
 * of the link race. The outcome the caller observes must match some sequential order of those
 * events (linearizability), and after each run:
 *
 * <ul>
 *   <li>the future completed exactly once, and its dependent stages ran exactly once;
 *   <li>the call left its session's table, exactly when it ended;
 *   <li>the handler side was told to cancel at most once, and only when a cancel or the deadline
 *       won.
 * </ul>
 *
 * <p>Thread rules: the response comes from the inbound thread; the others from any thread.
 */
@Tag("model-check")
@Timeout(value = 5, unit = TimeUnit.MINUTES) // Lincheck instruments classes first: slow start
public class UnaryCallModelTest {
  private final Session session = ModelHarness.session();
  private final UnaryCall call;
  private final AtomicInteger stagesRun = new AtomicInteger();

  public UnaryCallModelTest() {
    call =
        session.register(
            new UnaryCall(session, 1, Runnable::run, false, "model", TimeUnit.HOURS.toNanos(1)));
    call.future.whenComplete((v, e) -> stagesRun.incrementAndGet());
  }

  @Operation(nonParallelGroup = "inbound")
  public void response() {
    call.receive(Message.of(1, 0, Op.RESPONSE, Flags.EOF, new byte[] {42}));
  }

  @Operation
  public boolean cancel() {
    return call.future.cancel(true);
  }

  @Operation
  public void deadline() {
    call.fail(new DeadlineExceededException("deadline (model)"), true);
  }

  @Operation
  public void linkLost() {
    call.receiveDisconnect(new DisconnectedException("link lost (model)"));
  }

  @Operation
  public String outcome() {
    if (!call.future.isDone()) {
      return "waiting";
    }
    try {
      return "value " + call.future.join()[0];
    } catch (CancellationException e) {
      return "cancelled";
    } catch (CompletionException e) {
      return e.getCause().getClass().getSimpleName();
    }
  }

  @Validate
  public void invariants() {
    boolean done = call.future.isDone();
    check(stagesRun.get() == (done ? 1 : 0), "dependent stages ran " + stagesRun.get() + " times");
    check(
        session.clients.containsKey(call.id) == !done,
        "call in the session's table: " + session.clients.containsKey(call.id) + ", done: " + done);
    List<Message> sent = ModelHarness.drain(session);
    long cancels = ModelHarness.count(sent, Op.DISCONNECT_SERVER_MUX);
    check(cancels <= 1, "DISCONNECT_SERVER_MUX sent " + cancels + " times");
    String outcome = outcome();
    if (outcome.startsWith("value") || outcome.equals("DisconnectedException")) {
      check(cancels == 0, "the call ended by " + outcome + " yet told the handler to cancel");
    }
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError(what);
    }
  }

  @Test
  void modelCheck() {
    LinCheckerKt.check(
        new ModelCheckingOptions()
            .minimizeFailedScenario(false)
            .iterations(ModelChecks.iterations(15))
            .invocationsPerIteration(ModelChecks.invocations(300))
            .threads(3)
            .actorsPerThread(2),
        UnaryCallModelTest.class);
  }
}
