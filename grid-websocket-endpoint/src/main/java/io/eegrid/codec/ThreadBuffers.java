package io.eegrid.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.buffer.ArrayBufferInput;

/**
 * The packer, unpacker and buffers one thread reuses for {@link Codecs#toBytes} and {@link
 * Codecs#fromBytes}.
 *
 * <p>Thread rules: each instance is confined to the thread that {@link #acquire}d it. A codec that
 * calls {@code toBytes} or {@code fromBytes} from inside another encode or decode gets a fresh,
 * unpooled instance, so nesting never shares state. An instance whose encode or decode failed is
 * dropped rather than reused, because the packer may hold a half-written buffer.
 */
final class ThreadBuffers {
  private static final byte[] NO_BYTES = new byte[0];
  private static final ThreadLocal<ThreadBuffers> CURRENT =
      ThreadLocal.withInitial(() -> new ThreadBuffers(true));

  final GrowableBufferOutput output = new GrowableBufferOutput();
  final MessagePacker packer = MessagePack.newDefaultPacker(output);
  final ArrayBufferInput input = new ArrayBufferInput(NO_BYTES);
  final Inputs.BoundedUnpacker unpacker = new Inputs.BoundedUnpacker(input);
  private final boolean pooled;
  private boolean inUse;

  private ThreadBuffers(boolean pooled) {
    this.pooled = pooled;
  }

  /** Returns this thread's buffers, or fresh ones when this thread's are already in use. */
  static ThreadBuffers acquire() {
    ThreadBuffers buffers = CURRENT.get();
    if (buffers.inUse) {
      return new ThreadBuffers(false);
    }
    buffers.inUse = true;
    return buffers;
  }

  /** Points the unpacker at {@code bytes}, the whole input of one value. */
  void startDecoding(byte[] bytes) {
    input.reset(bytes);
    resetUnpacker();
    unpacker.limitBytes(bytes.length);
  }

  /** Gives the buffers back; {@code healthy} is false when the encode or decode failed part way. */
  void release(boolean healthy) {
    // Drop the reference to the caller's input so that it can be collected.
    input.reset(NO_BYTES);
    resetUnpacker();
    if (!pooled) {
      return;
    }
    inUse = false;
    if (!healthy) {
      CURRENT.remove();
    }
  }

  private void resetUnpacker() {
    try {
      unpacker.reset(input);
    } catch (IOException e) {
      // ArrayBufferInput does no I/O; reset only declares it.
      throw new UncheckedIOException(e);
    }
  }
}
