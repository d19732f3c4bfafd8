package io.eegrid.mux;

import static org.assertj.core.api.Assertions.assertThat;

import io.eegrid.protocol.FrameReader;
import io.eegrid.protocol.FrameWriter;
import io.eegrid.protocol.Message;
import io.eegrid.protocol.Op;
import io.eegrid.transport.Transport;
import io.eegrid.transport.TransportListener;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The raw side of one link, for tests that script a peer frame by frame: records what the node
 * sends (decoded), feeds it frames by hand. Thread rules: {@code send} (the node's writer) is
 * synchronized on this; {@code received} and {@code closed} are thread-safe.
 */
final class RawPeer implements Transport {
  final BlockingQueue<Message> received = new LinkedBlockingQueue<>();

  /** How many messages each frame the node sent carried, in order. */
  final BlockingQueue<Integer> frameMessageCounts = new LinkedBlockingQueue<>();

  final CompletableFuture<String> closed = new CompletableFuture<>();
  final FrameReader reader = new FrameReader(1 << 20, 256);
  final FrameWriter writer = new FrameWriter();
  volatile TransportListener listener;

  @Override
  public synchronized void send(ByteBuffer frame, SendCallback callback) {
    int before = received.size();
    reader.read(frame, received::add);
    frameMessageCounts.add(received.size() - before);
    callback.onSent(null);
  }

  @Override
  public void close(String reason) {
    closed.complete(reason);
  }

  @Override
  public boolean isSecure() {
    return false;
  }

  @Override
  public String remoteAddress() {
    return "raw-peer";
  }

  void send(Message m) {
    writer.reset();
    writer.writeMessage(m, true);
    listener.onFrame(ByteBuffer.wrap(writer.toByteArray()));
  }

  /** Feeds the node one merged frame holding {@code messages}. */
  void sendMerged(java.util.List<Message> messages) {
    writer.reset();
    writer.writeMergedHeader(messages.size());
    for (Message m : messages) {
      writer.writeMessage(m, true);
    }
    listener.onFrame(ByteBuffer.wrap(writer.toByteArray()));
  }

  /** The next message the node sent, which must have op {@code op}; pings are skipped. */
  Message expect(Op op) throws InterruptedException {
    while (true) {
      Message m = received.poll(10, TimeUnit.SECONDS);
      assertThat(m).as("a %s from the node", op).isNotNull();
      if (m.op == Op.PING && op != Op.PING) {
        continue;
      }
      assertThat(m.op).as("op of %s", m).isEqualTo(op);
      return m;
    }
  }
}
