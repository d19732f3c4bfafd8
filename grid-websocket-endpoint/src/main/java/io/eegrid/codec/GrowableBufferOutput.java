package io.eegrid.codec;

import java.io.IOException;
import java.util.Arrays;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.core.buffer.MessageBufferOutput;

/**
 * A {@link MessageBufferOutput} over one growable byte array, reused for every value a thread
 * encodes, so that encoding allocates only the returned copy.
 *
 * <p>The packer writes into the spare tail of the array ({@link #next}) and reports how much it
 * wrote ({@link #writeBuffer}). An array grown past {@link #MAX_RETAINED_BYTES} is dropped on
 * {@link #reset} so a single large value does not pin memory for the thread's lifetime.
 *
 * <p>Thread rules: confined to one thread; not thread-safe.
 */
final class GrowableBufferOutput implements MessageBufferOutput {
  static final int INITIAL_BYTES = 8 * 1024;
  static final int MAX_RETAINED_BYTES = 1024 * 1024;
  private static final int MAX_ARRAY_BYTES = Integer.MAX_VALUE - 16;

  private byte[] array = new byte[INITIAL_BYTES];
  private MessageBuffer whole = MessageBuffer.wrap(array);
  private int sizeBytes;

  /** Forgets the bytes written so far. */
  void reset() {
    if (array.length > MAX_RETAINED_BYTES) {
      array = new byte[INITIAL_BYTES];
      whole = MessageBuffer.wrap(array);
    }
    sizeBytes = 0;
  }

  /** Returns the number of bytes written since {@link #reset}. */
  int sizeBytes() {
    return sizeBytes;
  }

  /** Returns a copy of the bytes written since {@link #reset}. */
  byte[] toByteArray() {
    return Arrays.copyOf(array, sizeBytes);
  }

  @Override
  public MessageBuffer next(int minimumSize) throws IOException {
    ensureSpare(minimumSize);
    return sizeBytes == 0 ? whole : MessageBuffer.wrap(array, sizeBytes, array.length - sizeBytes);
  }

  @Override
  public void writeBuffer(int length) {
    sizeBytes += length;
  }

  @Override
  public void write(byte[] buffer, int offset, int length) throws IOException {
    ensureSpare(length);
    System.arraycopy(buffer, offset, array, sizeBytes, length);
    sizeBytes += length;
  }

  @Override
  public void add(byte[] buffer, int offset, int length) throws IOException {
    write(buffer, offset, length);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  private void ensureSpare(int spareBytes) throws IOException {
    long needed = (long) sizeBytes + spareBytes;
    if (needed <= array.length) {
      return;
    }
    if (needed > MAX_ARRAY_BYTES) {
      throw new IOException("encoded value exceeds " + MAX_ARRAY_BYTES + " bytes");
    }
    int newLength = (int) Math.min(MAX_ARRAY_BYTES, Math.max(needed, 2L * array.length));
    array = Arrays.copyOf(array, newLength);
    whole = MessageBuffer.wrap(array);
  }
}
