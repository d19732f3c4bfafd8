package io.eegrid.mux;

import io.eegrid.DisconnectedException;
import io.eegrid.protocol.Message;
import io.eegrid.protocol.Op;
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
 * Model check of the output queue ({@link OutboundQueue}): producers putting data and control
 * messages, the writer taking batches, and close and finish racing them. Lincheck explores the
 * interleavings; the results must match some sequential order of the same operations
 * (linearizability against the queue itself run sequentially), which means no message lost or
 * duplicated and one FIFO order, so each producer's order is kept. After each run the count and
 * byte accounting must match what is left, and reach zero once drained.
 *
 * <p>The queue's limits are above what a scenario puts, so no operation waits for room (a model
 * check cannot compare a blocked operation with a sequential run); waiting and waking are covered
 * by {@link OutboundQueueStressTest}. The size and byte counters are checked in {@link #accounting}
 * only, not as operations: the writer's yield between two halves of a batch lets an observer see
 * the first half gone before messages that the same batch then takes were put, which is harmless
 * (only stats read them) but not linearizable.
 */
@Tag("model-check")
@Timeout(value = 5, unit = TimeUnit.MINUTES) // Lincheck instruments classes first: slow start
@Param(name = "producer", gen = IntGen.class, conf = "1:2")
@Param(name = "size", gen = IntGen.class, conf = "0:3")
public class OutboundQueueModelTest {
  private final OutboundQueue q = new OutboundQueue(64, 1 << 20);
  private boolean holdsWriter; // writer operations only (one group, never in parallel)

  @Operation
  public String putData(@Param(name = "producer") int producer, @Param(name = "size") int size) {
    try {
      q.putData(Message.of(producer, 0, Op.MUX_CLIENT_MSG, 0, new byte[size]), null, null);
      return "queued";
    } catch (DisconnectedException e) {
      return "closed";
    }
  }

  @Operation
  public boolean offerControl(@Param(name = "producer") int producer) {
    return q.offerControl(Message.of(producer, 0, Op.UNBLOCK_SRV_MUX, 0, null));
  }

  /**
   * The writer: claims the role if it does not hold it yet, takes one batch of at most 2 messages
   * and 4 payload bytes past the first, and gives the role back if nothing more is queued (as a
   * completed send does).
   */
  @Operation(nonParallelGroup = "writer")
  public String takeBatch() {
    List<Message> out = new ArrayList<>();
    if (!holdsWriter) {
      if (!q.claimWriter()) {
        return "nothing to write";
      }
      holdsWriter = true;
    }
    if (!q.takeOwned(out, 2, 4)) {
      holdsWriter = false;
      return "nothing to write";
    }
    if (q.releaseWriterIfIdle()) {
      holdsWriter = false;
    }
    StringBuilder b = new StringBuilder();
    for (Message m : out) {
      b.append(m.op == Op.MUX_CLIENT_MSG ? "d" : "c").append(m.muxId);
      b.append('/').append(m.payloadBytes()).append(' ');
    }
    return b.toString();
  }

  @Operation
  public void close() {
    q.close("closed by the model");
  }

  @Operation
  public void finish() {
    q.finish();
  }

  @Validate
  public void accounting() throws InterruptedException {
    long bytes = q.bytes();
    int size = q.size();
    List<Message> rest = new ArrayList<>();
    if (holdsWriter || q.claimWriter()) {
      while (q.takeOwned(rest, Integer.MAX_VALUE, Integer.MAX_VALUE)) {
        // drain
      }
    }
    long restBytes = rest.stream().mapToLong(Message::payloadBytes).sum();
    if (rest.size() != size || restBytes != bytes) {
      throw new AssertionError(
          "queue counted "
              + size
              + " messages / "
              + bytes
              + " bytes but held "
              + rest.size()
              + " / "
              + restBytes);
    }
    if (q.size() != 0 || q.bytes() != 0) {
      throw new AssertionError("drained queue counts " + q.size() + " / " + q.bytes());
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
        OutboundQueueModelTest.class);
  }
}
