package io.eegrid.mux;

import io.eegrid.DisconnectedException;
import io.eegrid.GridException;
import io.eegrid.Response;
import io.eegrid.protocol.Flags;
import io.eegrid.protocol.Message;
import io.eegrid.protocol.Op;
import io.eegrid.protocol.Payloads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jetbrains.kotlinx.lincheck.LinCheckerKt;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Model check of the caller's side of a stream ({@link StreamCall}) while the caller sends, the
 * inbound path delivers responses, credits and the handler's end, and cancel, deadline and
 * disconnect race them. Lincheck explores the thread interleavings; every outcome must match some
 * sequential order of the same operations (linearizability), and after each run:
 *
 * <ul>
 *   <li>an end of stream from the handler keeps every buffered response (PROTOCOL.md 11.5), unless
 *       the stream was ended locally;
 *   <li>the stream is in its session's table exactly while it has not ended;
 *   <li>the handler side is told to cancel at most once, and never after a clean remote end;
 *   <li>request credits stay within [0, requestWindow] and requests leave with sequence numbers 1,
 *       2, 3... in queue order (PROTOCOL.md 12, 13).
 * </ul>
 *
 * <p>Thread rules: the inbound operations share one thread (as the transport's I/O thread does),
 * and so do the sending ones; cancel, deadline and disconnect come from any thread.
 */
@Tag("model-check")
@Timeout(value = 5, unit = TimeUnit.MINUTES) // Lincheck instruments classes first: slow start
@Param(name = "credits", gen = IntGen.class, conf = "1:2")
public class StreamCallModelTest {
  private static final int WINDOW = 4;

  private final Session session = ModelHarness.session();
  private final StreamCall call;
  private long inboundSeq = 1; // inbound thread only
  private int responsesReceived; // inbound thread only
  private volatile boolean handlerEnded;
  private volatile boolean endedLocally;

  public StreamCallModelTest() {
    call = session.register(new StreamCall(session, 1, 64, session.nanoTime()));
    call.receive(Message.of(1, 0, Op.ACK_MUX, 0, Payloads.encodeWindows(WINDOW, WINDOW)));
  }

  @Operation(nonParallelGroup = "sender")
  public String send() {
    try {
      call.send(new byte[] {1});
      return "sent";
    } catch (GridException | IllegalStateException e) {
      return e.getClass().getSimpleName();
    }
  }

  @Operation(nonParallelGroup = "inbound")
  public void response() {
    call.receive(Message.of(1, inboundSeq++, Op.MUX_SERVER_MSG, 0, new byte[] {7}));
    responsesReceived++;
  }

  @Operation(nonParallelGroup = "inbound")
  public void handlerEnds() {
    call.receive(Message.of(1, inboundSeq++, Op.MUX_SERVER_MSG, Flags.EOF, null));
    handlerEnded = true;
  }

  @Operation(nonParallelGroup = "inbound")
  public void credits(@Param(name = "credits") int n) {
    call.receive(Message.of(1, n, Op.UNBLOCK_CL_MUX, 0, null));
  }

  @Operation
  public void cancel() {
    endedLocally = true;
    call.cancel();
  }

  @Operation
  public void deadline() {
    endedLocally = true;
    call.expire();
  }

  @Operation
  public void linkLost() {
    endedLocally = true;
    call.receiveDisconnect(new DisconnectedException("link lost (model)"));
  }

  @Validate
  public void invariants() {
    boolean ended = handlerEnded || endedLocally;
    check(
        session.clients.containsKey(call.id) == !ended,
        "stream in the session's table: "
            + session.clients.containsKey(call.id)
            + ", ended: "
            + ended);
    List<Message> sent = ModelHarness.drain(session);
    long cancels = ModelHarness.count(sent, Op.DISCONNECT_SERVER_MUX);
    check(cancels <= 1, "DISCONNECT_SERVER_MUX sent " + cancels + " times");
    long seq = 0;
    for (Message m : sent) {
      if (m.op == Op.MUX_CLIENT_MSG) {
        check(m.seq == ++seq, "request seq " + m.seq + " where " + seq + " was expected");
      }
    }
    check(seq <= WINDOW, seq + " requests sent with a window of " + WINDOW);
    if (handlerEnded && !endedLocally) {
      check(cancels == 0, "the handler ended cleanly, yet the caller sent DISCONNECT_SERVER_MUX");
      List<String> read = new ArrayList<>();
      Response r;
      while ((r = call.next()) != null) {
        read.add(r.isError() ? "error: " + r.error() : "item");
      }
      check(
          read.size() == responsesReceived
              && !read.contains(null)
              && read.stream().allMatch("item"::equals),
          "after the handler's end the caller read "
              + read
              + " where "
              + responsesReceived
              + " buffered responses were expected");
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
            .iterations(ModelChecks.iterations(20))
            .invocationsPerIteration(ModelChecks.invocations(300))
            .threads(3)
            .actorsPerThread(2),
        StreamCallModelTest.class);
  }
}
